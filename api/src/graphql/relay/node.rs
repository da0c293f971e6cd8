use super::{GlobalId, NodeKind};
use crate::{
    auth::{
        Access, Action, CallerKind, Domain, authorize, caller, load_authorized, object_not_found,
        require_compliance_officer, require_session,
    },
    error::{ApiError, ApiResult, ErrorCode},
    graphql::{
        accounts::User,
        api_keys::ApiKey,
        audit::AuditEntry,
        breaches::Breach,
        connections::SocialAccount,
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
use entity::{api_keys, audit_log, connections, invitations, media, memberships, post_targets, posts, webhooks};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "The global id: opaque, stable, unique across every type."))]
pub enum Node {
    User(User),
    Workspace(Workspace),
    Member(Member),
    Invitation(Invitation),
    ApiKey(ApiKey),
    SocialAccount(SocialAccount),
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

const READ_CONTENT: Action = Action(Domain::Content, Access::Read);
const READ_MEMBERS: Action = Action(Domain::Members, Access::Read);

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Fetches any object by its global id; null when nothing has that id or you may not
    /// see it (the two are not told apart). A malformed id is an error.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, as any `id` field returns it.")] id: ID,
    ) -> ApiResult<Option<Node>> {
        hidden_as_null(resolve(ctx, "id", &id).await)
    }

    /// Fetches several objects (at most 100), in the order asked; those you may not see
    /// (or that do not exist) come back null.
    #[graphql(complexity = "ids.len() * child_complexity")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Up to 100 global ids.")] ids: Vec<ID>,
    ) -> ApiResult<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(ApiError::bad_input("ids", format!("at most {MAX_NODES} ids at once")));
        }
        let mut out = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            out.push(hidden_as_null(resolve(ctx, &format!("ids.{i}"), id).await)?);
        }
        Ok(out)
    }
}

/// Missing and not yours read alike: both null.
fn hidden_as_null(found: ApiResult<Node>) -> ApiResult<Option<Node>> {
    match found {
        Ok(node) => Ok(Some(node)),
        Err(e) if matches!(e.code, ErrorCode::NotFound | ErrorCode::Forbidden) => Ok(None),
        Err(e) => Err(e),
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
            let (member, _) = load_authorized::<memberships::Entity>(ctx, id, READ_MEMBERS).await?;
            Ok(Node::Member(Member(member)))
        }
        NodeKind::Invitation => {
            // Owners see their workspace's invitations, and the invitee sees theirs; anyone
            // else, a member who is not an owner included, learns nothing.
            match load_authorized::<invitations::Entity>(ctx, id, Action(Domain::Members, Access::Write)).await {
                Ok((invitation, _)) => return Ok(Node::Invitation(Invitation(invitation))),
                Err(e) if matches!(e.code, ErrorCode::NotFound | ErrorCode::Forbidden) => {}
                Err(e) => return Err(e),
            }
            let caller = caller(ctx)?;
            if let CallerKind::Session { .. } = caller.kind {
                let me = service::accounts::find(&svc, caller.user_id).await?;
                if let Some(invitation) = invitations::Entity::find_by_id(id)
                    .filter(invitations::Column::EmailNormalized.eq(me.email_normalized))
                    .one(db)
                    .await?
                {
                    return Ok(Node::Invitation(Invitation(invitation)));
                }
            }
            Err(object_not_found::<invitations::Entity>())
        }
        NodeKind::ApiKey => {
            let (_, access) =
                load_authorized::<api_keys::Entity>(ctx, id, Action(Domain::ApiKeys, Access::Read)).await?;
            // Which keys a member sees is the service's rule: owners all, others their own.
            service::api_keys::visible(&access)
                .filter(api_keys::Column::Id.eq(id))
                .one(db)
                .await?
                .map(|k| Node::ApiKey(ApiKey(k)))
                .ok_or_else(object_not_found::<api_keys::Entity>)
        }
        NodeKind::Connection => {
            let (connection, _) =
                load_authorized::<connections::Entity>(ctx, id, Action(Domain::Connections, Access::Read)).await?;
            Ok(Node::SocialAccount(SocialAccount(connection)))
        }
        NodeKind::Post => {
            let (post, _) = load_authorized::<posts::Entity>(ctx, id, READ_CONTENT).await?;
            Ok(Node::Post(Post(post)))
        }
        NodeKind::PostTarget => {
            let (target, _) = load_authorized::<post_targets::Entity>(ctx, id, READ_CONTENT).await?;
            Ok(Node::PostTarget(PostTarget(target)))
        }
        NodeKind::Media => {
            let (media, _) = load_authorized::<media::Entity>(ctx, id, READ_CONTENT).await?;
            Ok(Node::Media(Media(media)))
        }
        NodeKind::Webhook => {
            let (webhook, _) =
                load_authorized::<webhooks::Entity>(ctx, id, Action(Domain::Webhooks, Access::Read)).await?;
            Ok(Node::Webhook(Webhook(webhook)))
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
