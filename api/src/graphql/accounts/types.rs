use crate::{
    auth::{caller, require_session},
    error::{ApiError, ApiResult},
    graphql::{
        context::svc,
        enums::PlatformRole,
        policies::PolicyStatus,
        relay::{Conn, GlobalId, NodeKind, PageArgs, paginate},
        workspaces::{Invitation, Workspace},
    },
    service,
};
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use entity::{invitations, users, workspaces};

/// A person with an account. Only ever shown to that person.
pub struct User(pub users::Model);

#[Object]
impl User {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::User, self.0.id)
    }

    async fn email(&self) -> &str {
        &self.0.email
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn last_login_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_login_at
    }

    async fn platform_roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<PlatformRole>> {
        let svc = svc(ctx)?;
        Ok(service::roles::held_by(&svc, self.0.id).await?.into_iter().map(Into::into).collect())
    }

    /// Where this person stands with the privacy policy: the version in force and whether
    /// they have acknowledged it.
    async fn privacy_policy(&self, ctx: &Context<'_>) -> ApiResult<PolicyStatus> {
        let svc = svc(ctx)?;
        Ok(PolicyStatus(service::policies::status(&svc, self.0.id).await?))
    }

    /// The workspaces this person belongs to (for an API key, only the key's workspace).
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn workspaces(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<Workspace>> {
        let caller = caller(ctx)?;
        if caller.user_id != self.0.id {
            return Err(ApiError::not_found("user"));
        }
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::workspaces::visible_to(caller),
            workspaces::Column::Id,
            |w| w.id,
            PageArgs::new(after, before, first, last),
            Workspace,
        )
        .await
    }

    /// Invitations addressed to this person's email that wait for an answer.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn pending_invitations(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ApiResult<Conn<Invitation>> {
        let user = require_session(ctx)?;
        if user.user_id != self.0.id {
            return Err(ApiError::not_found("user"));
        }
        let svc = svc(ctx)?;
        let query = service::invitations::mine(&svc, &user).await?;
        paginate(
            &svc.state.db,
            query,
            invitations::Column::Id,
            |i| i.id,
            PageArgs::new(after, before, first, last),
            Invitation,
        )
        .await
    }
}
