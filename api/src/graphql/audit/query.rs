use super::{AuditEntry, AuditLogFilter, report::AuditChainReport};
use crate::{
    auth::require_compliance_officer,
    error::ApiResult,
    graphql::{
        context::svc,
        relay::{Conn, PageArgs, paginate},
    },
    service,
};
use async_graphql::{Context, Object};
use entity::audit_log;
use std::time::Instant;

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// The audit log, filtered, always in chain order (by `seq`, oldest first; there is no
    /// other order: the chain is what makes it evidence). `last: n` gives the newest
    /// entries; at most 100 a page (compliance officers only).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list; everything when null.")] filter: Option<AuditLogFilter>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<Conn<AuditEntry>> {
        let officer = require_compliance_officer(ctx).await?;
        let filter = filter.unwrap_or_default().parse()?;
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::audit_log::entries(&officer, &filter)?,
            audit_log::Column::Seq,
            |e| e.seq,
            PageArgs::new(after, before, first, last),
            AuditEntry,
        )
        .await
    }

    /// Recomputes every hash of the audit chain and reports the first broken link
    /// (compliance officers only).
    async fn verify_audit_chain(&self, ctx: &Context<'_>) -> ApiResult<AuditChainReport> {
        let officer = require_compliance_officer(ctx).await?;
        let svc = svc(ctx)?;
        let started = Instant::now();
        let report = service::audit_log::verify(&svc, &officer).await?;
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        Ok(AuditChainReport::new(report, elapsed_ms))
    }
}
