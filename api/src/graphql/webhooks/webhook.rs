use super::{WebhookDelivery, WebhookEvent};
use crate::{
    auth::{Access, Action, Domain, load_authorized},
    error::ApiResult,
    graphql::{
        actor::{Person, person},
        context::svc,
        loaders::{WorkspaceLoader, load},
        relay::{Conn, GlobalId, NodeKind, PageArgs, paginate},
        scalars::DateTime,
        workspaces::Workspace,
    },
    service,
};
use async_graphql::{Context, ID, Object};
use entity::{webhook_deliveries, webhooks};

/// Where a workspace's events are POSTed, signed with a secret only the receiver and the
/// vault hold. The secret is shown once, when made; it is never part of this object.
pub struct Webhook(pub webhooks::Model);

/// Where a workspace's events are POSTed, signed with a secret only the receiver and the
/// vault hold. The secret is shown once, when made; it is never part of this object.
#[Object]
impl Webhook {
    /// The webhook's global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Webhook, self.0.id)
    }

    /// The workspace whose events it receives.
    async fn workspace(&self, ctx: &Context<'_>) -> ApiResult<Option<Workspace>> {
        Ok(load::<WorkspaceLoader, _>(ctx, self.0.workspace_id).await?.map(Workspace))
    }

    /// Who added it; null for webhooks made before this was recorded.
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        match self.0.created_by {
            Some(id) => Ok(Some(person(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// Where events are POSTed.
    async fn url(&self) -> &str {
        &self.0.url
    }

    /// The events sent to it.
    async fn events(&self) -> Vec<WebhookEvent> {
        WebhookEvent::list(&self.0.events)
    }

    /// An inactive webhook is sent nothing; events are not queued for it either.
    async fn active(&self) -> bool {
        self.0.active
    }

    /// When it was added.
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }

    /// When the current signing secret was made.
    async fn secret_rotated_at(&self) -> DateTime {
        self.0.secret_rotated_at.into()
    }

    /// Every delivery, oldest first (`last: 20` gives the newest); at most 100 a page.
    #[graphql(complexity = "first.or(last).unwrap_or(20).max(1) as usize * child_complexity")]
    async fn deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Items after this cursor (an `endCursor` of this list).")] after: Option<String>,
        #[graphql(desc = "Items before this cursor (a `startCursor` of this list).")] before: Option<String>,
        #[graphql(desc = "The first n items, at most 100 (20 when neither `first` nor `last` is given).")]
        first: Option<i32>,
        #[graphql(desc = "The last n items, at most 100.")] last: Option<i32>,
    ) -> ApiResult<Conn<WebhookDelivery>> {
        // Read again: the log goes only to someone who may still see the webhook now.
        let (webhook, _) =
            load_authorized::<webhooks::Entity>(ctx, self.0.id, Action(Domain::Webhooks, Access::Read)).await?;
        let svc = svc(ctx)?;
        paginate(
            &svc.state.db,
            service::webhooks::deliveries(&webhook),
            webhook_deliveries::Column::Id,
            |d| d.id,
            PageArgs::new(after, before, first, last),
            WebhookDelivery,
        )
        .await
    }
}
