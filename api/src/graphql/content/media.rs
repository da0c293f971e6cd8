use crate::{
    auth::app_state,
    error::ApiResult,
    graphql::{
        actor::{Person, person},
        loaders::{WorkspaceLoader, load},
        relay::{GlobalId, NodeKind},
        scalars::{BigInt, DateTime},
        workspaces::Workspace,
    },
};
use async_graphql::{Context, ID, Object};
use chrono::Duration;
use entity::media;

/// An uploaded image or video (at most the server's upload limit, 256 MiB by default; the
/// type is read from the file's bytes). Never public: `url` is signed and expires. Once
/// every post using it has gone out, the stored file is deleted and the metadata stays.
pub struct Media(pub media::Model);

/// An uploaded image or video (at most the server's upload limit, 256 MiB by default; the
/// type is read from the file's bytes). Never public: `url` is signed and expires. Once
/// every post using it has gone out, the stored file is deleted and the metadata stays.
#[Object]
impl Media {
    /// The media's global id.
    pub async fn id(&self) -> ID {
        GlobalId::id(NodeKind::Media, self.0.id)
    }

    /// The workspace the media belongs to.
    async fn workspace(&self, ctx: &Context<'_>) -> ApiResult<Option<Workspace>> {
        Ok(load::<WorkspaceLoader, _>(ctx, self.0.workspace_id).await?.map(Workspace))
    }

    /// Who uploaded it; null when that is not recorded.
    async fn uploaded_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        match self.0.uploaded_by {
            Some(id) => Ok(Some(person(ctx, id).await?)),
            None => Ok(None),
        }
    }

    /// The MIME type, detected from the file's bytes (not from its name).
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }

    /// The file's size in bytes.
    async fn size_bytes(&self) -> BigInt {
        self.0.size_bytes.into()
    }

    /// The SHA-256 of the file, in lower-case hex.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }

    /// The width in pixels, once known.
    async fn width(&self) -> Option<i32> {
        self.0.width
    }

    /// The height in pixels, once known.
    async fn height(&self) -> Option<i32> {
        self.0.height
    }

    /// A video's length in milliseconds, once known.
    async fn duration_ms(&self) -> Option<BigInt> {
        self.0.duration_ms.map(Into::into)
    }

    /// The file name it was uploaded with.
    async fn original_filename(&self) -> Option<&str> {
        self.0.original_filename.as_deref()
    }

    /// When it was uploaded.
    async fn uploaded_at(&self) -> DateTime {
        self.0.uploaded_at.into()
    }

    /// When its dimensions and length were read; null until then.
    async fn processed_at(&self) -> Option<DateTime> {
        self.0.processed_at.map(Into::into)
    }

    /// When the stored file was deleted (after publishing); the metadata stays.
    async fn purged_at(&self) -> Option<DateTime> {
        self.0.purged_at.map(Into::into)
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
