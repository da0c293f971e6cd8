//! Reading the log back: the filters a compliance officer searches by, shared by the
//! GraphQL list and the CSV export so both answer the same question the same way.

use super::MAIN_CHAIN;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use entity::{audit_chain_heads, audit_log, sea_orm_active_enums::ActorKind};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
    sea_query::LikeExpr,
};
use uuid::Uuid;

/// Every field narrows the result; an empty filter matches the whole log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor_kind: Option<ActorKind>,
    pub actor_id: Option<Uuid>,
    /// A dotted prefix: `session` matches `session` and `session.created`, not `sessions.x`.
    pub action_prefix: Option<String>,
    pub subject_id: Option<Uuid>,
    /// Inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub to: Option<DateTime<Utc>>,
}

impl AuditFilter {
    /// Refuses what cannot match anything sensible, naming the field.
    pub fn validate(&self) -> Result<()> {
        if let Some(prefix) = &self.action_prefix {
            let valid = !prefix.is_empty()
                && prefix.len() <= 128
                && prefix.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            if !valid {
                return Err(Error::invalid(
                    "filter.action",
                    "must be a dotted action name or prefix such as `session` or `role.granted`",
                ));
            }
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from >= to
        {
            return Err(Error::invalid("filter.to", "must be after filter.from"));
        }
        Ok(())
    }

    pub fn select(&self) -> Select<audit_log::Entity> {
        let mut query = audit_log::Entity::find();
        if let Some(kind) = self.actor_kind {
            query = query.filter(audit_log::Column::ActorKind.eq(kind));
        }
        if let Some(actor) = self.actor_id {
            query = query.filter(audit_log::Column::ActorId.eq(actor));
        }
        if let Some(prefix) = &self.action_prefix {
            query = query.filter(action_matches(prefix));
        }
        if let Some(subject) = self.subject_id {
            query = query.filter(audit_log::Column::SubjectId.eq(subject));
        }
        if let Some(from) = self.from {
            query = query.filter(audit_log::Column::OccurredAt.gte(from));
        }
        if let Some(to) = self.to {
            query = query.filter(audit_log::Column::OccurredAt.lt(to));
        }
        query
    }
}

fn escape_like(raw: &str) -> String {
    raw.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn action_matches(prefix: &str) -> Condition {
    let below =
        if prefix.ends_with('.') { format!("{}%", escape_like(prefix)) } else { format!("{}.%", escape_like(prefix)) };
    Condition::any()
        .add(audit_log::Column::Action.eq(prefix))
        .add(audit_log::Column::Action.like(LikeExpr::new(below).escape('\\')))
}

/// The sequence number of the newest entry, so a long export can stop where it began.
pub async fn head_seq<C: ConnectionTrait>(db: &C) -> Result<i64> {
    Ok(audit_chain_heads::Entity::find_by_id(MAIN_CHAIN.to_owned()).one(db).await?.map_or(0, |h| h.last_seq))
}

/// Up to `limit` matching entries after `after_seq` and no later than `up_to_seq`, oldest
/// first: one page of an export.
pub async fn page<C: ConnectionTrait>(
    db: &C,
    filter: &AuditFilter,
    after_seq: i64,
    up_to_seq: i64,
    limit: u64,
) -> Result<Vec<audit_log::Model>> {
    Ok(filter
        .select()
        .filter(audit_log::Column::Seq.gt(after_seq))
        .filter(audit_log::Column::Seq.lte(up_to_seq))
        .order_by_asc(audit_log::Column::Seq)
        .limit(limit)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{DbBackend, QueryTrait};

    #[test]
    fn prefixes_match_whole_segments_and_escape_wildcards() {
        let filter = AuditFilter { action_prefix: Some("api_key".into()), ..Default::default() };
        let sql = filter.select().build(DbBackend::Postgres).to_string();
        assert!(sql.contains(r"LIKE E'api\\_key.%' ESCAPE E'\\'"), "{sql}");
        assert!(sql.contains("\"action\" = 'api_key'"), "{sql}");
    }

    #[test]
    fn malformed_filters_are_refused() {
        let bad = AuditFilter { action_prefix: Some("Session%".into()), ..Default::default() };
        assert!(bad.validate().is_err());
        let now = Utc::now();
        let backwards = AuditFilter { from: Some(now), to: Some(now), ..Default::default() };
        assert!(backwards.validate().is_err());
    }
}
