use super::{
    Media, Post, PostTarget,
    payloads::{
        CancelPostInput, CancelPostPayload, CreatePostInput, CreatePostPayload, DeleteFromPlatformInput,
        DeleteFromPlatformPayload, DeleteMediaInput, DeleteMediaPayload, DeletePostInput, DeletePostPayload,
        MarkTargetPublishedInput, MarkTargetPublishedPayload, PublishPostNowInput, PublishPostNowPayload,
        RetryTargetInput, RetryTargetPayload, SchedulePostInput, SchedulePostPayload, UpdatePostInput,
        UpdatePostPayload, UploadMediaInput, UploadMediaPayload,
    },
};
use crate::{
    auth::{Access, Action, Domain, WorkspaceAccess, authorize, load_authorized},
    error::{ApiError, ApiResult},
    graphql::{
        context::svc,
        payload::{PayloadResult, settle},
        relay::{GlobalId, NodeKind},
    },
    publishing::removal,
    service::{self, Svc, idempotency},
};
use async_graphql::{Context, ID, Object};
use entity::{media, post_targets, posts};
use serde_json::{Value, json};
use uuid::Uuid;

/// Content mutations need editors or owners (API keys need `CONTENT_WRITE`).
#[derive(Default)]
pub struct ContentMutation;

const WRITE: Action = Action(Domain::Content, Access::Write);

async fn for_post<'a>(ctx: &Context<'a>, raw: &ID) -> ApiResult<(Svc<'a>, WorkspaceAccess, Uuid)> {
    let id = GlobalId::expect("input.postId", raw, NodeKind::Post)?;
    let (_, access) = load_authorized::<posts::Entity>(ctx, id, WRITE).await?;
    Ok((svc(ctx)?, access, id))
}

async fn for_target<'a>(ctx: &Context<'a>, raw: &ID) -> ApiResult<(Svc<'a>, WorkspaceAccess, Uuid)> {
    let id = GlobalId::expect("input.targetId", raw, NodeKind::PostTarget)?;
    let (_, access) = load_authorized::<post_targets::Entity>(ctx, id, WRITE).await?;
    Ok((svc(ctx)?, access, id))
}

/// The id an idempotent result names, read back from its JSON.
fn result_id(result: &Value, key: &str) -> ApiResult<Uuid> {
    result
        .get(key)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("idempotent result without {key}")))
}

/// The file's SHA-256 (hex) and size, for an upload's idempotency fingerprint.
fn fingerprint(file: &std::fs::File) -> ApiResult<(String, u64)> {
    use sha2::{Digest, Sha256};
    use std::io::{Read, Seek, SeekFrom};
    let mut file = file.try_clone().map_err(ApiError::internal)?;
    file.seek(SeekFrom::Start(0)).map_err(ApiError::internal)?;
    let (mut hasher, mut size, mut buf) = (Sha256::new(), 0u64, vec![0u8; 64 * 1024]);
    loop {
        let n = file.read(&mut buf).map_err(ApiError::internal)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    file.seek(SeekFrom::Start(0)).map_err(ApiError::internal)?;
    Ok((hex::encode(hasher.finalize()), size))
}

#[Object]
impl ContentMutation {
    /// Uploads an image or video (editors and owners), at most the server's upload limit
    /// (256 MiB by default). Its real type is read from its bytes.
    async fn upload_media(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: UploadMediaInput,
    ) -> PayloadResult<UploadMediaPayload> {
        settle(async move {
            let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
            let access = authorize(ctx, workspace_id, WRITE).await?;
            let svc = svc(ctx)?;
            let upload =
                input.file.value(ctx).map_err(|_| ApiError::bad_input("input.file", "no file was attached"))?;
            let file = upload.content.try_clone().map_err(ApiError::internal)?;
            let fingerprint = match input.idempotency_key {
                Some(_) => Some(fingerprint(&file)?),
                None => None,
            };
            let request = idempotency::Request {
                user_id: access.user_id(),
                operation: "uploadMedia",
                key: input.idempotency_key.as_deref(),
                input: json!({ "workspaceId": input.workspace_id, "file": fingerprint }),
            };
            let upload = service::media::Upload { filename: Some(upload.filename), file };
            let result = idempotency::once(&svc, request, || async {
                let media = service::media::upload(&svc, &access, upload).await?;
                Ok(json!({ "mediaId": media.id }))
            })
            .await?;
            let media = service::media::get(&svc.state.db, &access, result_id(&result, "mediaId")?).await?;
            Ok(UploadMediaPayload { media: Some(Media(media)), user_errors: vec![] })
        })
        .await
    }

    /// Deletes media, unless a post still to go out uses it.
    async fn delete_media(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: DeleteMediaInput,
    ) -> PayloadResult<DeleteMediaPayload> {
        settle(async move {
            let id = GlobalId::expect("input.mediaId", &input.media_id, NodeKind::Media)?;
            let (_, access) = load_authorized::<media::Entity>(ctx, id, WRITE).await?;
            service::media::delete(&svc(ctx)?, &access, id).await?;
            Ok(DeleteMediaPayload { deleted_media_id: Some(input.media_id), user_errors: vec![] })
        })
        .await
    }

    /// Saves a new draft. A draft may break platform rules (see `Post.platformProblems`);
    /// only scheduling and publishing are refused for them.
    async fn create_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: CreatePostInput,
    ) -> PayloadResult<CreatePostPayload> {
        settle(async move {
            let workspace_id = GlobalId::expect("input.workspaceId", &input.workspace_id, NodeKind::Workspace)?;
            let access = authorize(ctx, workspace_id, WRITE).await?;
            let svc = svc(ctx)?;
            let fingerprint = json!({ "workspaceId": input.workspace_id, "content": input.content });
            let content = input.content.into_content("input.content")?;
            let request = idempotency::Request {
                user_id: access.user_id(),
                operation: "createPost",
                key: input.idempotency_key.as_deref(),
                input: fingerprint,
            };
            let result = idempotency::once(&svc, request, || async {
                let post = service::posts::create(&svc, &access, content).await?;
                Ok(json!({ "postId": post.id }))
            })
            .await?;
            let post = service::posts::get(&svc.state.db, &access, result_id(&result, "postId")?).await?;
            Ok(CreatePostPayload { post: Some(Post(post)), user_errors: vec![] })
        })
        .await
    }

    /// Replaces a draft's content and targets (`DRAFT` only).
    async fn update_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: UpdatePostInput,
    ) -> PayloadResult<UpdatePostPayload> {
        settle(async move {
            let (svc, access, id) = for_post(ctx, &input.post_id).await?;
            let post = service::posts::update(&svc, &access, id, input.content.into_content("input.content")?).await?;
            Ok(UpdatePostPayload { post: Some(Post(post)), user_errors: vec![] })
        })
        .await
    }

    /// Schedules a draft, or moves a scheduled post (`DRAFT` or `SCHEDULED`). Refused with
    /// every platform problem listed in `userErrors` if any remain.
    async fn schedule_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: SchedulePostInput,
    ) -> PayloadResult<SchedulePostPayload> {
        settle(async move {
            let (svc, access, id) = for_post(ctx, &input.post_id).await?;
            let post = service::posts::schedule(&svc, &access, id, input.scheduled_at.0, input.time_zone).await?;
            Ok(SchedulePostPayload { post: Some(Post(post)), user_errors: vec![] })
        })
        .await
    }

    /// Queues the post to go out at once (`DRAFT` or `SCHEDULED`); refused like
    /// `schedulePost` while platform problems remain.
    async fn publish_post_now(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: PublishPostNowInput,
    ) -> PayloadResult<PublishPostNowPayload> {
        settle(async move {
            let (svc, access, id) = for_post(ctx, &input.post_id).await?;
            let post = service::posts::publish_now(&svc, &access, id).await?;
            Ok(PublishPostNowPayload { post: Some(Post(post)), user_errors: vec![] })
        })
        .await
    }

    /// Cancels every target that has not gone out; nothing stays queued. Refused while
    /// the post is `PUBLISHING`.
    async fn cancel_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: CancelPostInput,
    ) -> PayloadResult<CancelPostPayload> {
        settle(async move {
            let (svc, access, id) = for_post(ctx, &input.post_id).await?;
            let post = service::posts::cancel(&svc, &access, id).await?;
            Ok(CancelPostPayload { post: Some(Post(post)), user_errors: vec![] })
        })
        .await
    }

    /// Deletes a post (`DRAFT` or `CANCELLED` only).
    async fn delete_post(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: DeletePostInput,
    ) -> PayloadResult<DeletePostPayload> {
        settle(async move {
            let (svc, access, id) = for_post(ctx, &input.post_id).await?;
            service::posts::delete_draft(&svc, &access, id).await?;
            Ok(DeletePostPayload { deleted_post_id: Some(input.post_id), user_errors: vec![] })
        })
        .await
    }

    /// Sends a `FAILED` or `UNCONFIRMED` target again.
    async fn retry_target(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RetryTargetInput,
    ) -> PayloadResult<RetryTargetPayload> {
        settle(async move {
            let (svc, access, id) = for_target(ctx, &input.target_id).await?;
            let target = service::posts::retry_target(&svc, &access, id).await?;
            Ok(RetryTargetPayload { target: Some(PostTarget(target)), user_errors: vec![] })
        })
        .await
    }

    /// Records that an `UNCONFIRMED` target did go out.
    async fn mark_target_published(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: MarkTargetPublishedInput,
    ) -> PayloadResult<MarkTargetPublishedPayload> {
        settle(async move {
            let (svc, access, id) = for_target(ctx, &input.target_id).await?;
            let target = service::posts::mark_published(&svc, &access, id, input.remote_url).await?;
            Ok(MarkTargetPublishedPayload { target: Some(PostTarget(target)), user_errors: vec![] })
        })
        .await
    }

    /// Removes a `PUBLISHED` target from its platform, where the platform's API allows;
    /// says so plainly where it does not.
    async fn delete_from_platform(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: DeleteFromPlatformInput,
    ) -> PayloadResult<DeleteFromPlatformPayload> {
        settle(async move {
            let (svc, access, id) = for_target(ctx, &input.target_id).await?;
            let target = removal::delete_from_platform(&svc, &access, id).await?;
            Ok(DeleteFromPlatformPayload { target: Some(PostTarget(target)), user_errors: vec![] })
        })
        .await
    }
}
