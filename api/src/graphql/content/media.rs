use crate::{
    auth::app_state,
    error::ApiResult,
    graphql::relay::{GlobalId, NodeKind},
};
use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Duration, Utc};
use entity::media;

/// An uploaded image or video. Never public: `url` is signed and expires.
pub struct Media(pub media::Model);

#[Object]
impl Media {
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Media, self.0.id)
    }

    /// Detected from the file's bytes.
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }

    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }

    async fn sha256(&self) -> &str {
        &self.0.sha256
    }

    async fn width(&self) -> Option<i32> {
        self.0.width
    }

    async fn height(&self) -> Option<i32> {
        self.0.height
    }

    async fn duration_ms(&self) -> Option<i64> {
        self.0.duration_ms
    }

    async fn original_filename(&self) -> Option<&str> {
        self.0.original_filename.as_deref()
    }

    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }

    async fn processed_at(&self) -> Option<DateTime<Utc>> {
        self.0.processed_at
    }

    /// When the stored file was deleted (after publishing); the metadata stays.
    async fn purged_at(&self) -> Option<DateTime<Utc>> {
        self.0.purged_at
    }

    /// A URL that serves the file for a few minutes; null once the file is purged.
    async fn url(&self, ctx: &Context<'_>) -> ApiResult<Option<String>> {
        if self.0.purged_at.is_some() {
            return Ok(None);
        }
        let state = app_state(ctx)?;
        let ttl = Duration::minutes(state.config.media.url_ttl_minutes);
        Ok(Some(state.media_urls.url(self.0.id, state.clock.now() + ttl)))
    }
}
