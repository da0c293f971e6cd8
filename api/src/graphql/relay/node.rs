use super::{GlobalId, NodeKind};
use crate::{
    auth::{Access, Action, CallerKind, Domain, authorize, caller, require_compliance_officer, require_session},
    error::{ApiError, ApiResult},
    graphql::{
        accounts::User,
        api_keys::ApiKey,
        audit::AuditEntry,
        breaches::Breach,
        connections::PlatformConnection,
        consent::ConsentEvent,
        content::{Media, Post, PostTarget},
        context::svc,
        policies::PolicyVersion,
        webhooks::Webhook,
        workspaces::{Invitation, Member, Workspace},
    },
    service,
};
use async_graphql::{Context, ID, Interface, Object};
use entity::{api_keys, audit_log, invitations};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    User(User),
    Workspace(Workspace),
    Member(Member),
    Invitation(Invitation),
    ApiKey(ApiKey),
    PlatformConnection(PlatformConnection),
    Post(Post),
    PostTarget(PostTarget),
    Media(Media),
    ConsentEvent(ConsentEvent),
    PolicyVersion(PolicyVersion),
    AuditEntry(AuditEntry),
    Breach(Breach),
    Webhook(Webhook),
}

pub const MAX_NODES: usize = 100;

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Fetches any object by its global id, if you may see it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Node> {
        resolve(ctx, "id", &id).await
    }

    /// Fetches several objects; those you may not see (or that do not exist) come back null.
    #[graphql(complexity = "ids.len() * child_complexity")]
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> ApiResult<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(ApiError::bad_input("ids", format!("at most {MAX_NODES} ids at once")));
        }
        let mut out = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            match resolve(ctx, &format!("ids.{i}"), id).await {
                Ok(node) => out.push(Some(node)),
                Err(e) if matches!(e.code, crate::error::ErrorCode::NotFound | crate::error::ErrorCode::Forbidden) => {
                    out.push(None)
                }
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}

async fn resolve(ctx: &Context<'_>, field: &str, raw: &ID) -> ApiResult<Node> {
    let GlobalId { kind, id } = GlobalId::parse(field, raw)?;
    let svc = svc(ctx)?;
    let db = &svc.state.db;
    match kind {
        NodeKind::User => {
            if caller(ctx)?.user_id != id {
                return Err(ApiError::not_found("user"));
            }
            Ok(Node::User(User(service::accounts::find(&svc, id).await?)))
        }
        NodeKind::Workspace => {
            let access = authorize(ctx, id, Action(Domain::Workspace, Access::Read)).await?;
            Ok(Node::Workspace(Workspace(service::workspaces::get(db, &access).await?)))
        }
        NodeKind::Member => {
            let workspace_id = service::workspaces::workspace_of_membership(&svc, id).await?;
            let access = authorize(ctx, workspace_id, Action(Domain::Members, Access::Read)).await?;
            Ok(Node::Member(Member(service::workspaces::membership_of(db, &access, id).await?)))
        }
        NodeKind::Invitation => {
            let invitation =
                invitations::Entity::find_by_id(id).one(db).await?.ok_or_else(|| ApiError::not_found("invitation"))?;
            if authorize(ctx, invitation.workspace_id, Action(Domain::Members, Access::Write)).await.is_ok() {
                return Ok(Node::Invitation(Invitation(invitation)));
            }
            let caller = caller(ctx)?;
            if let CallerKind::Session { .. } = caller.kind {
                let me = service::accounts::find(&svc, caller.user_id).await?;
                if me.email_normalized == invitation.email_normalized {
                    return Ok(Node::Invitation(Invitation(invitation)));
                }
            }
            Err(ApiError::not_found("invitation"))
        }
        NodeKind::ApiKey => {
            let workspace_id = service::api_keys::workspace_of(&svc, id).await?;
            let access = authorize(ctx, workspace_id, Action(Domain::ApiKeys, Access::Read)).await?;
            service::api_keys::visible(&access)
                .filter(api_keys::Column::Id.eq(id))
                .one(db)
                .await?
                .map(|k| Node::ApiKey(ApiKey(k)))
                .ok_or_else(|| ApiError::not_found("API key"))
        }
        NodeKind::Connection => {
            let workspace_id = service::connections::workspace_of(db, id).await?;
            let access = authorize(ctx, workspace_id, Action(Domain::Connections, Access::Read)).await?;
            Ok(Node::PlatformConnection(PlatformConnection(service::connections::get(db, &access, id).await?)))
        }
        NodeKind::Post => {
            let workspace_id = service::posts::workspace_of(db, id).await?;
            let access = authorize(ctx, workspace_id, Action(Domain::Content, Access::Read)).await?;
            Ok(Node::Post(Post(service::posts::get(db, &access, id).await?)))
        }
        NodeKind::PostTarget => {
            let workspace_id = service::posts::workspace_of_target(db, id).await?;
            let access = authorize(ctx, workspace_id, Action(Domain::Content, Access::Read)).await?;
            Ok(Node::PostTarget(PostTarget(service::posts::target(db, &access, id).await?)))
        }
        NodeKind::Media => {
            let workspace_id = service::media::workspace_of(db, id).await?;
            let access = authorize(ctx, workspace_id, Action(Domain::Content, Access::Read)).await?;
            Ok(Node::Media(Media(service::media::get(db, &access, id).await?)))
        }
        NodeKind::Webhook => {
            let workspace_id = service::webhooks::workspace_of(db, id).await?;
            let access = authorize(ctx, workspace_id, Action(Domain::Webhooks, Access::Read)).await?;
            Ok(Node::Webhook(Webhook(service::webhooks::get(db, &access, id).await?)))
        }
        NodeKind::PolicyVersion => Ok(Node::PolicyVersion(PolicyVersion(service::policies::get(&svc, id).await?))),
        NodeKind::ConsentEvent => {
            // Its subject sees it; so does a compliance officer. Anyone else learns nothing.
            let viewer = require_session(ctx)?;
            let officer = require_compliance_officer(ctx).await.ok();
            Ok(Node::ConsentEvent(ConsentEvent(
                service::consent::event_visible_to(&svc, viewer.user_id, officer.as_ref(), id).await?,
            )))
        }
        NodeKind::AuditEntry => {
            let officer = require_compliance_officer(ctx).await.map_err(|_| ApiError::not_found("audit entry"))?;
            let filter = compliance::audit::AuditFilter::default();
            service::audit_log::entries(&officer, &filter)?
                .filter(audit_log::Column::Id.eq(id))
                .one(db)
                .await?
                .map(|e| Node::AuditEntry(AuditEntry(e)))
                .ok_or_else(|| ApiError::not_found("audit entry"))
        }
        NodeKind::Breach => {
            let officer = require_compliance_officer(ctx).await.map_err(|_| ApiError::not_found("breach"))?;
            Ok(Node::Breach(Breach(service::breaches::get(&svc, &officer, id).await?)))
        }
    }
}
