//! `GET /media/{id}?expires=…&signature=…`: media is served only to holders of a URL we
//! signed, until it expires.

use super::ServerState;
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use entity::media;
use sea_orm::EntityTrait;
use uuid::Uuid;

#[derive(serde::Deserialize)]
pub struct Signed {
    expires: Option<i64>,
    signature: Option<String>,
}

pub async fn serve(State(state): State<ServerState>, Path(id): Path<String>, Query(signed): Query<Signed>) -> Response {
    let app = &state.app;
    let (Ok(id), Some(expires), Some(signature)) = (Uuid::parse_str(&id), signed.expires, signed.signature) else {
        return StatusCode::FORBIDDEN.into_response();
    };
    if !app.media_urls.verify(id, expires, &signature, app.clock.now()) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let row = match media::Entity::find_by_id(id).one(&app.db).await {
        Ok(Some(row)) if row.purged_at.is_none() => row,
        Ok(_) => return StatusCode::GONE.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "media lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let stream = match app.media.stream(&row.storage_key).await {
        Ok(stream) => stream,
        Err(object_store::Error::NotFound { .. }) => return StatusCode::GONE.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "media read failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // Fused: a layer polling past the end must get `None`, not a panic.
    let mut response = Body::from_stream(futures::StreamExt::fuse(stream)).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&row.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(row.size_bytes.max(0) as u64));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=60"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("inline"));
    response
}
