//! One input and one payload per content mutation.

use super::{Media, Post, PostTarget, inputs::PostContentInput};
use crate::graphql::{payload::UserError, scalars::DateTime};
use async_graphql::{ID, InputObject, SimpleObject, Upload};

/// An image or video to upload.
#[derive(InputObject)]
pub struct UploadMediaInput {
    /// The workspace to upload to.
    pub workspace_id: ID,
    /// The file, sent as a GraphQL multipart request.
    pub file: Upload,
    /// Makes a retry safe: the same key with the same file (same SHA-256 and size) within
    /// 24 hours returns the first upload's media and stores nothing again; the same key
    /// with another file is refused with `IDEMPOTENCY_KEY_REUSED`. At most 128 characters.
    pub idempotency_key: Option<String>,
}

/// The result of `uploadMedia`.
#[derive(SimpleObject, Default)]
pub struct UploadMediaPayload {
    /// The uploaded media; null when refused.
    pub media: Option<Media>,
    /// Why it was refused (an empty file, one too large, a type no platform accepts).
    pub user_errors: Vec<UserError>,
}

/// Media to delete.
#[derive(InputObject)]
pub struct DeleteMediaInput {
    /// The media's global id.
    pub media_id: ID,
}

/// The result of `deleteMedia`.
#[derive(SimpleObject, Default)]
pub struct DeleteMediaPayload {
    /// The id of the deleted media, so a client can drop it from its cache; null when refused.
    pub deleted_media_id: Option<ID>,
    /// Why it was refused (for example, a post still to go out uses it).
    pub user_errors: Vec<UserError>,
}

/// A new draft.
#[derive(InputObject)]
pub struct CreatePostInput {
    /// The workspace the post belongs to.
    pub workspace_id: ID,
    /// What the post says and where it goes.
    pub content: PostContentInput,
    /// Makes a retry safe: the same key with the same input within 24 hours returns the
    /// first post and creates no other; the same key with another input is refused with
    /// `IDEMPOTENCY_KEY_REUSED`. At most 128 characters.
    pub idempotency_key: Option<String>,
}

/// The result of `createPost`.
#[derive(SimpleObject, Default)]
pub struct CreatePostPayload {
    /// The saved draft; see its `platformProblems` for what would still stop it being
    /// scheduled. Null when refused.
    pub post: Option<Post>,
    /// Why nothing was saved.
    pub user_errors: Vec<UserError>,
}

/// New content for a draft.
#[derive(InputObject)]
pub struct UpdatePostInput {
    /// The draft's global id.
    pub post_id: ID,
    /// The content and targets that replace the draft's.
    pub content: PostContentInput,
}

/// The result of `updatePost`.
#[derive(SimpleObject, Default)]
pub struct UpdatePostPayload {
    /// The saved draft; see its `platformProblems`. Null when refused.
    pub post: Option<Post>,
    /// Why nothing was saved (for example `INVALID_STATE` once the post is not a draft).
    pub user_errors: Vec<UserError>,
}

/// When to publish a post.
#[derive(InputObject)]
pub struct SchedulePostInput {
    /// The post's global id (a draft, or a scheduled post to move).
    pub post_id: ID,
    /// When to publish; must be in the future.
    pub scheduled_at: DateTime,
    /// The IANA zone the person scheduled in (for example `Europe/Berlin`), kept for display.
    pub time_zone: Option<String>,
}

/// The result of `schedulePost`.
#[derive(SimpleObject, Default)]
pub struct SchedulePostPayload {
    /// The scheduled post; null when refused.
    pub post: Option<Post>,
    /// Why it was not scheduled: every platform rule the post breaks (`PLATFORM_RULE`) and
    /// every account to reconnect first (`ACCOUNT_NEEDS_RECONNECT`), each at its path in
    /// the post (for example `["targets", "0", "text"]`).
    pub user_errors: Vec<UserError>,
}

/// A post to publish at once.
#[derive(InputObject)]
pub struct PublishPostNowInput {
    /// The post's global id (a draft or a scheduled post).
    pub post_id: ID,
}

/// The result of `publishPostNow`.
#[derive(SimpleObject, Default)]
pub struct PublishPostNowPayload {
    /// The queued post; null when refused.
    pub post: Option<Post>,
    /// Why it was not queued, as for `schedulePost`.
    pub user_errors: Vec<UserError>,
}

/// A post to cancel.
#[derive(InputObject)]
pub struct CancelPostInput {
    /// The post's global id.
    pub post_id: ID,
}

/// The result of `cancelPost`.
#[derive(SimpleObject, Default)]
pub struct CancelPostPayload {
    /// The cancelled post; null when refused.
    pub post: Option<Post>,
    /// Why it was not cancelled (for example, it is publishing right now).
    pub user_errors: Vec<UserError>,
}

/// A post to delete.
#[derive(InputObject)]
pub struct DeletePostInput {
    /// The post's global id (a draft or a cancelled post).
    pub post_id: ID,
}

/// The result of `deletePost`.
#[derive(SimpleObject, Default)]
pub struct DeletePostPayload {
    /// The id of the deleted post, so a client can drop it from its cache; null when refused.
    pub deleted_post_id: Option<ID>,
    /// Why it was not deleted.
    pub user_errors: Vec<UserError>,
}

/// A target to send again.
#[derive(InputObject)]
pub struct RetryTargetInput {
    /// The target's global id (a failed or unconfirmed target).
    pub target_id: ID,
}

/// The result of `retryTarget`.
#[derive(SimpleObject, Default)]
pub struct RetryTargetPayload {
    /// The queued target; null when refused.
    pub target: Option<PostTarget>,
    /// Why it was not queued.
    pub user_errors: Vec<UserError>,
}

/// An unconfirmed target that did go out.
#[derive(InputObject)]
pub struct MarkTargetPublishedInput {
    /// The target's global id (an unconfirmed target).
    pub target_id: ID,
    /// Where the post is live, if known (http or https).
    pub remote_url: Option<String>,
}

/// The result of `markTargetPublished`.
#[derive(SimpleObject, Default)]
pub struct MarkTargetPublishedPayload {
    /// The published target; null when refused.
    pub target: Option<PostTarget>,
    /// Why it was refused.
    pub user_errors: Vec<UserError>,
}

/// A published target to remove from its platform.
#[derive(InputObject)]
pub struct DeleteFromPlatformInput {
    /// The target's global id (a published target still live).
    pub target_id: ID,
}

/// The result of `deleteFromPlatform`.
#[derive(SimpleObject, Default)]
pub struct DeleteFromPlatformPayload {
    /// The target, marked as removed; null when refused.
    pub target: Option<PostTarget>,
    /// Why it was refused (for example where the platform's API offers no removal).
    pub user_errors: Vec<UserError>,
}

crate::payload!(
    UploadMediaPayload,
    DeleteMediaPayload,
    CreatePostPayload,
    UpdatePostPayload,
    SchedulePostPayload,
    PublishPostNowPayload,
    CancelPostPayload,
    DeletePostPayload,
    RetryTargetPayload,
    MarkTargetPublishedPayload,
    DeleteFromPlatformPayload,
);
