use super::{Media, Post, PostTarget, inputs::PostContentInput, post::InputProblem};
use crate::{
    auth::{Access, Action, Domain, WorkspaceAccess, authorize, load_authorized},
    error::{ApiError, ApiResult},
    graphql::{
        context::svc,
        relay::{GlobalId, NodeKind},
    },
    publishing::removal,
    service::{self, Svc},
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use entity::{media, post_targets, posts};
use uuid::Uuid;

#[derive(Default)]
pub struct ContentMutation;

#[derive(InputObject)]
pub struct UploadMediaInput {
    pub workspace_id: ID,
    /// Sent as a GraphQL multipart request.
    pub file: Upload,
}

#[derive(SimpleObject)]
pub struct MediaPayload {
    pub media: Media,
}

#[derive(InputObject)]
pub struct MediaIdInput {
    pub media_id: ID,
}

#[derive(SimpleObject)]
pub struct DeleteMediaPayload {
    pub deleted_media_id: ID,
}

#[derive(InputObject)]
pub struct CreatePostInput {
    pub workspace_id: ID,
    pub content: PostContentInput,
}

#[derive(InputObject)]
pub struct UpdatePostInput {
    pub post_id: ID,
    pub content: PostContentInput,
}

#[derive(SimpleObject)]
pub struct PostPayload {
    pub post: Post,
    /// What the platforms would refuse; a draft may have some, scheduling needs none.
    pub problems: Vec<InputProblem>,
}

#[derive(InputObject)]
pub struct SchedulePostInput {
    pub post_id: ID,
    /// When to publish, in UTC; must be in the future.
    pub scheduled_at: DateTime<Utc>,
    /// The IANA zone the person scheduled in (e.g. `Europe/Berlin`), kept for display.
    pub time_zone: Option<String>,
}

#[derive(InputObject)]
pub struct PostIdInput {
    pub post_id: ID,
}

#[derive(InputObject)]
pub struct TargetIdInput {
    pub target_id: ID,
}

#[derive(InputObject)]
pub struct MarkTargetPublishedInput {
    pub target_id: ID,
    /// Where the post is live, if known.
    pub remote_url: Option<String>,
}

#[derive(SimpleObject)]
pub struct TargetPayload {
    pub target: PostTarget,
}

#[derive(SimpleObject)]
pub struct DeletePostPayload {
    pub deleted_post_id: ID,
}

async fn for_post<'a>(
    ctx: &Context<'a>,
    raw: &ID,
    field: &str,
    access: Access,
) -> ApiResult<(Svc<'a>, WorkspaceAccess, Uuid)> {
    let id = GlobalId::expect(field, raw, NodeKind::Post)?;
    let (_, access) = load_authorized::<posts::Entity>(ctx, id, Action(Domain::Content, access)).await?;
    Ok((svc(ctx)?, access, id))
}

async fn for_target<'a>(ctx: &Context<'a>, raw: &ID) -> ApiResult<(Svc<'a>, WorkspaceAccess, Uuid)> {
    let id = GlobalId::expect("input.targetId", raw, NodeKind::PostTarget)?;
    let (_, access) = load_authorized::<post_targets::Entity>(ctx, id, Action(Domain::Content, Access::Write)).await?;
    Ok((svc(ctx)?, access, id))
}

async fn payload(svc: &Svc<'_>, post: entity::posts::Model) -> ApiResult<PostPayload> {
    let problems = service::posts::problems(&svc.state.db, &post).await?.into_iter().map(Into::into).collect();
    Ok(PostPayload { post: Post(post), problems })
}

#[Object]
impl ContentMutation {
    /// Uploads an image or video (editors and owners). Its real type is read from its bytes.
    async fn upload_media(&self, ctx: &Context<'_>, input: UploadMediaInput) -> ApiResult<MediaPayload> {
        let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Content, Access::Write)).await?;
        let svc = svc(ctx)?;
        let upload = input.file.value(ctx).map_err(|_| ApiError::bad_input("input.file", "no file was attached"))?;
        let file = upload.content.try_clone().map_err(ApiError::internal)?;
        let media =
            service::media::upload(&svc, &access, service::media::Upload { filename: Some(upload.filename), file })
                .await?;
        Ok(MediaPayload { media: Media(media) })
    }

    /// Deletes media, unless a post still to go out uses it.
    async fn delete_media(&self, ctx: &Context<'_>, input: MediaIdInput) -> ApiResult<DeleteMediaPayload> {
        let id = GlobalId::expect("input.mediaId", &input.media_id, NodeKind::Media)?;
        let (_, access) = load_authorized::<media::Entity>(ctx, id, Action(Domain::Content, Access::Write)).await?;
        let svc = svc(ctx)?;
        service::media::delete(&svc, &access, id).await?;
        Ok(DeleteMediaPayload { deleted_media_id: input.media_id })
    }

    /// Saves a draft; `problems` lists what the platforms would still refuse.
    async fn create_post(&self, ctx: &Context<'_>, input: CreatePostInput) -> ApiResult<PostPayload> {
        let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
        let access = authorize(ctx, workspace_id, Action(Domain::Content, Access::Write)).await?;
        let svc = svc(ctx)?;
        let post = service::posts::create(&svc, &access, input.content.into_content("input.content")?).await?;
        payload(&svc, post).await
    }

    /// Replaces a draft's content and targets.
    async fn update_post(&self, ctx: &Context<'_>, input: UpdatePostInput) -> ApiResult<PostPayload> {
        let (svc, access, id) = for_post(ctx, &input.post_id, "input.postId", Access::Write).await?;
        let post = service::posts::update(&svc, &access, id, input.content.into_content("input.content")?).await?;
        payload(&svc, post).await
    }

    /// Schedules the post; refused with every platform problem listed if any remain.
    async fn schedule_post(&self, ctx: &Context<'_>, input: SchedulePostInput) -> ApiResult<PostPayload> {
        let (svc, access, id) = for_post(ctx, &input.post_id, "input.postId", Access::Write).await?;
        let post = service::posts::schedule(&svc, &access, id, input.scheduled_at, input.time_zone).await?;
        payload(&svc, post).await
    }

    /// Queues the post to go out at once.
    async fn publish_post_now(&self, ctx: &Context<'_>, input: PostIdInput) -> ApiResult<PostPayload> {
        let (svc, access, id) = for_post(ctx, &input.post_id, "input.postId", Access::Write).await?;
        let post = service::posts::publish_now(&svc, &access, id).await?;
        payload(&svc, post).await
    }

    /// Cancels what has not gone out yet; nothing stays queued.
    async fn cancel_post(&self, ctx: &Context<'_>, input: PostIdInput) -> ApiResult<PostPayload> {
        let (svc, access, id) = for_post(ctx, &input.post_id, "input.postId", Access::Write).await?;
        let post = service::posts::cancel(&svc, &access, id).await?;
        payload(&svc, post).await
    }

    /// Deletes a draft or a cancelled post.
    async fn delete_post(&self, ctx: &Context<'_>, input: PostIdInput) -> ApiResult<DeletePostPayload> {
        let (svc, access, id) = for_post(ctx, &input.post_id, "input.postId", Access::Write).await?;
        service::posts::delete_draft(&svc, &access, id).await?;
        Ok(DeletePostPayload { deleted_post_id: input.post_id })
    }

    /// Sends a failed or unconfirmed target again.
    async fn retry_target(&self, ctx: &Context<'_>, input: TargetIdInput) -> ApiResult<TargetPayload> {
        let (svc, access, id) = for_target(ctx, &input.target_id).await?;
        Ok(TargetPayload { target: PostTarget(service::posts::retry_target(&svc, &access, id).await?) })
    }

    /// Records that an unconfirmed target did go out.
    async fn mark_target_published(
        &self,
        ctx: &Context<'_>,
        input: MarkTargetPublishedInput,
    ) -> ApiResult<TargetPayload> {
        let (svc, access, id) = for_target(ctx, &input.target_id).await?;
        Ok(TargetPayload {
            target: PostTarget(service::posts::mark_published(&svc, &access, id, input.remote_url).await?),
        })
    }

    /// Removes a published post from the platform, where its API allows; says so plainly
    /// where it does not.
    async fn delete_from_platform(&self, ctx: &Context<'_>, input: TargetIdInput) -> ApiResult<TargetPayload> {
        let (svc, access, id) = for_target(ctx, &input.target_id).await?;
        Ok(TargetPayload { target: PostTarget(removal::delete_from_platform(&svc, &access, id).await?) })
    }
}
