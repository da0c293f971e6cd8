use crate::{
    auth::{caller, require_session},
    error::{ApiError, ApiResult},
    graphql::{
        context::svc,
        enums::PlatformRole,
        policies::PolicyStatus,
        relay::{Conn, GlobalId, NodeKind, PageArgs, paginate},
        scalars::DateTime,
        workspaces::{Invitation, Workspace},
    },
    service,
};
use async_graphql::{Context, ID, Object};
use entity::{invitations, users, workspaces};

/// A person with an account. Others who share a workspace with them (or read a record
/// naming them) see their name and email; the rest is shown only to the person.
pub struct User(pub users::Model);

/// A person with an account. Others who share a workspace with them (or read a record
/// naming them) see their name and email; the rest is shown only to the person.
#[Object]
impl User {
    /// The global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::User, self.0.id)
    }

    /// The address they sign in with.
    async fn email(&self) -> &str {
        &self.0.email
    }

    /// The name they chose to be shown by.
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    /// When the account was registered.
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }

    /// When they last signed in; null before the first sign-in, and for anyone but
    /// the person themselves.
    async fn last_login_at(&self, ctx: &Context<'_>) -> ApiResult<Option<DateTime>> {
        Ok(if caller(ctx)?.user_id == self.0.id { self.0.last_login_at.map(Into::into) } else { None })
    }

    /// The platform-wide roles they hold (admin, compliance officer). Shown to the person
    /// themselves and to platform admins; empty for anyone else.
    async fn platform_roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<PlatformRole>> {
        let svc = svc(ctx)?;
        let me = caller(ctx)?.user_id;
        if me != self.0.id
            && !service::roles::held_by(&svc, me).await?.contains(&entity::sea_orm_active_enums::PlatformRole::Admin)
        {
            return Ok(vec![]);
        }
        Ok(service::roles::held_by(&svc, self.0.id).await?.into_iter().map(Into::into).collect())
    }

    /// Where this person stands with the privacy policy: the version in force and whether
    /// they have acknowledged it. Only for the person themselves (NOT_FOUND for others).
    async fn privacy_policy(&self, ctx: &Context<'_>) -> ApiResult<PolicyStatus> {
        if caller(ctx)?.user_id != self.0.id {
            return Err(ApiError::not_found("user"));
        }
        let svc = svc(ctx)?;
        Ok(PolicyStatus(service::policies::status(&svc, self.0.id).await?))
    }

    /// The workspaces this person belongs to (for an API key, only the key's workspace),
    /// oldest first, at most 100 per page. Only for the person themselves.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn workspaces(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
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

    /// Invitations addressed to this person's email that wait for an answer, at most 100
    /// per page. Only for the person themselves, with a signed-in session.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn pending_invitations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
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
