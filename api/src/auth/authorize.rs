use super::{ApiScope, Authn, Caller, CallerKind};
use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};
use async_graphql::Context;
use compliance::audit::Actor;
use entity::{
    memberships,
    sea_orm_active_enums::{PlatformRole, WorkspaceRole},
    user_roles,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    Workspace,
    Members,
    Content,
    Connections,
    Analytics,
    ApiKeys,
    /// Outgoing webhooks: where the workspace's events are sent, and their delivery log.
    Webhooks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Something a caller wants to do inside one workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action(pub Domain, pub Access);

impl Action {
    pub fn min_role(self) -> WorkspaceRole {
        match self {
            Action(Domain::Workspace | Domain::Members, Access::Write) => WorkspaceRole::Owner,
            // Anyone may manage their own keys; the scopes they grant are capped by role.
            Action(Domain::ApiKeys, _) => WorkspaceRole::Viewer,
            // Editors run the publishing that webhooks report on. Reading is held to the
            // same role: a receiver's URL often embeds its own credential.
            Action(Domain::Webhooks, _) => WorkspaceRole::Editor,
            Action(_, Access::Write) => WorkspaceRole::Editor,
            Action(_, Access::Read) => WorkspaceRole::Viewer,
        }
    }

    /// The scopes any one of which lets an API key do this; empty means keys never may.
    fn scopes(self) -> &'static [ApiScope] {
        use ApiScope::*;
        match self {
            Action(Domain::Workspace | Domain::Members, Access::Read) => &[WorkspaceRead, WorkspaceWrite],
            Action(Domain::Workspace | Domain::Members, Access::Write) => &[WorkspaceWrite],
            Action(Domain::Content, Access::Read) => &[ContentRead, ContentWrite],
            Action(Domain::Content, Access::Write) => &[ContentWrite],
            Action(Domain::Connections, Access::Read) => &[ConnectionsRead, ConnectionsWrite],
            Action(Domain::Connections, Access::Write) => &[ConnectionsWrite],
            Action(Domain::Analytics, Access::Read) => &[AnalyticsRead],
            // A webhook sends the workspace's events wherever it points, so only a signed-in
            // person sets one up; an API key, like a leaked one, cannot.
            Action(Domain::Analytics, Access::Write) | Action(Domain::ApiKeys, _) | Action(Domain::Webhooks, _) => &[],
        }
    }
}

/// Proof that the caller may do `action` in `workspace_id`. Only [`authorize`] makes one,
/// and workspace-scoped service functions take it, so the check cannot be skipped.
#[derive(Debug, Clone)]
pub struct WorkspaceAccess {
    workspace_id: Uuid,
    user_id: Uuid,
    role: WorkspaceRole,
    actor: Actor,
}

impl WorkspaceAccess {
    pub fn workspace_id(&self) -> Uuid {
        self.workspace_id
    }
    pub fn user_id(&self) -> Uuid {
        self.user_id
    }
    pub fn role(&self) -> WorkspaceRole {
        self.role
    }
    pub fn actor(&self) -> Actor {
        self.actor
    }
}

pub fn app_state<'a>(ctx: &Context<'a>) -> ApiResult<&'a AppState> {
    ctx.data::<AppState>().map_err(|_| ApiError::internal(anyhow::anyhow!("AppState missing from schema data")))
}

pub fn caller<'a>(ctx: &Context<'a>) -> ApiResult<&'a Caller> {
    match ctx.data_opt::<Authn>() {
        Some(Authn::Caller(caller)) => Ok(caller),
        Some(Authn::Rejected(reason)) => Err(ApiError::unauthenticated(*reason)),
        Some(Authn::Anonymous) | None => Err(ApiError::unauthenticated("sign in or present an API key")),
    }
}

/// For fields reached through an object already authorised for its workspace: an API key
/// must also hold `scope` (people need no more than their membership).
pub fn require_scope(ctx: &Context<'_>, scope: ApiScope) -> ApiResult<()> {
    match &caller(ctx)?.kind {
        CallerKind::ApiKey { scopes, .. } if !scopes.contains(scope) => {
            Err(ApiError::forbidden(format!("this API key lacks the {} scope", scope.as_str())))
        }
        _ => Ok(()),
    }
}

/// A signed-in person using a session, for operations on the account itself.
#[derive(Debug, Clone, Copy)]
pub struct SessionUser {
    pub user_id: Uuid,
    pub session_id: Uuid,
}

impl SessionUser {
    pub fn actor(&self) -> Actor {
        Actor::User(self.user_id)
    }
}

pub fn require_session(ctx: &Context<'_>) -> ApiResult<SessionUser> {
    session_user(caller(ctx)?)
}

pub(super) fn session_user(caller: &Caller) -> ApiResult<SessionUser> {
    match caller.kind {
        CallerKind::Session { session_id } => Ok(SessionUser { user_id: caller.user_id, session_id }),
        CallerKind::ApiKey { .. } => {
            Err(ApiError::forbidden("this operation needs a signed-in session, not an API key"))
        }
    }
}

/// A platform duty (compliance officer, admin); sessions only.
pub async fn require_platform_role(ctx: &Context<'_>, role: PlatformRole) -> ApiResult<SessionUser> {
    let user = require_session(ctx)?;
    ensure_role(app_state(ctx)?, user, role).await
}

pub(super) async fn ensure_role(state: &AppState, user: SessionUser, role: PlatformRole) -> ApiResult<SessionUser> {
    let held = user_roles::Entity::find()
        .filter(user_roles::Column::UserId.eq(user.user_id))
        .filter(user_roles::Column::Role.eq(role))
        .one(&state.db)
        .await?;
    match held {
        Some(_) => Ok(user),
        None => Err(ApiError::forbidden("this operation needs a platform role you do not hold")),
    }
}

/// The one gate for workspace data. Someone outside the workspace learns nothing
/// (`NOT_FOUND`); a member without the role or an API key without the scope is told so
/// (`FORBIDDEN`).
pub async fn authorize(ctx: &Context<'_>, workspace_id: Uuid, action: Action) -> ApiResult<WorkspaceAccess> {
    let caller = caller(ctx)?;
    let state = app_state(ctx)?;
    authorize_caller(state, caller, workspace_id, action).await
}

/// The same gate asked again later, for a subscription that keeps sending data after the
/// request that opened it: the credential must still hold and the membership still allow
/// the action. The error says which no longer does.
pub async fn reauthorize(state: &AppState, caller: &Caller, workspace_id: Uuid, action: Action) -> ApiResult<()> {
    if !caller.still_valid(state).await? {
        return Err(ApiError::unauthenticated("the session or API key has ended; sign in again"));
    }
    authorize_caller(state, caller, workspace_id, action).await.map(|_| ())
}

async fn authorize_caller(
    state: &AppState,
    caller: &Caller,
    workspace_id: Uuid,
    action: Action,
) -> ApiResult<WorkspaceAccess> {
    let not_found = || ApiError::not_found("workspace");
    // A key never reaches past its own workspace: no need to ask the database.
    if !caller.may_reach(workspace_id) {
        return Err(not_found());
    }
    let role = memberships::Entity::find()
        .select_only()
        .column(memberships::Column::Role)
        .filter(memberships::Column::WorkspaceId.eq(workspace_id))
        .filter(memberships::Column::UserId.eq(caller.user_id))
        .into_tuple::<WorkspaceRole>()
        .one(&state.db)
        .await?;
    decide(caller, workspace_id, role, action).map_err(|refusal| refusal.into_error(not_found))
}

/// Why [`decide`] said no.
#[derive(Debug)]
pub(super) enum Refusal {
    /// The caller is not a member of the workspace, or holds a key of another one: they
    /// must learn nothing, not even that the workspace (or the object) exists.
    Outside,
    /// A member, or a key of this workspace, that may not do this; they know the workspace,
    /// so they are told why.
    Denied(ApiError),
}

impl Refusal {
    /// The error to send: `outside` names what was asked for, for callers who may not know.
    pub(super) fn into_error(self, outside: impl FnOnce() -> ApiError) -> ApiError {
        match self {
            Refusal::Outside => outside(),
            Refusal::Denied(err) => err,
        }
    }
}

/// The rule itself, with no database in it: `role` is the caller's membership of
/// `workspace_id`, if any.
pub(super) fn decide(
    caller: &Caller,
    workspace_id: Uuid,
    role: Option<WorkspaceRole>,
    action: Action,
) -> Result<WorkspaceAccess, Refusal> {
    if !caller.may_reach(workspace_id) {
        return Err(Refusal::Outside);
    }
    let role = role.ok_or(Refusal::Outside)?;
    if role < action.min_role() {
        return Err(Refusal::Denied(ApiError::forbidden("your role in this workspace does not allow this")));
    }
    if let CallerKind::ApiKey { scopes, .. } = &caller.kind
        && !action.scopes().iter().any(|s| scopes.contains(*s))
    {
        return Err(Refusal::Denied(ApiError::forbidden("this API key's scopes do not allow this")));
    }
    Ok(WorkspaceAccess { workspace_id, user_id: caller.user_id, role, actor: caller.actor() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_scopes_line_up() {
        assert_eq!(Action(Domain::Members, Access::Write).min_role(), WorkspaceRole::Owner);
        assert_eq!(Action(Domain::Content, Access::Write).min_role(), WorkspaceRole::Editor);
        assert_eq!(Action(Domain::Content, Access::Read).min_role(), WorkspaceRole::Viewer);
        assert!(Action(Domain::ApiKeys, Access::Write).scopes().is_empty());
        assert_eq!(Action(Domain::Webhooks, Access::Read).min_role(), WorkspaceRole::Editor);
        assert!(Action(Domain::Webhooks, Access::Read).scopes().is_empty());
        assert!(Action(Domain::Content, Access::Read).scopes().contains(&ApiScope::ContentWrite));
        assert!(WorkspaceRole::Owner > WorkspaceRole::Editor && WorkspaceRole::Editor > WorkspaceRole::Viewer);
    }
}
