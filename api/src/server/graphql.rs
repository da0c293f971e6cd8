//! `POST /graphql`: JSON or a multipart upload, read under explicit size limits.

use super::{ServerState, credentials};
use crate::{auth::Authn, error::ErrorCode, graphql::loaders, service};
use async_graphql::http::MultipartOptions;
use async_graphql_axum::GraphQLResponse;
use axum::{
    Json,
    body::Body,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use std::net::SocketAddr;
use tokio_util::compat::TokioAsyncReadCompatExt;

pub async fn handle(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let config = &state.app.config;
    let meta = credentials::request_meta(&headers, Some(peer), config);
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let multipart = content_type.as_deref().is_some_and(|c| c.starts_with("multipart/"));
    let limit = if multipart {
        config
            .server
            .upload_max_file_bytes
            .saturating_mul(config.server.upload_max_files)
            .saturating_add(config.server.body_limit_bytes)
    } else {
        config.server.body_limit_bytes
    };

    let request = match read_request(body, content_type, limit, config).await {
        Ok(request) => request,
        Err(rejection) => return rejection,
    };
    // The multipart reader bounds the size of each file but does not count them.
    if request.uploads.len() > config.server.upload_max_files {
        let message = format!("at most {} files per request", config.server.upload_max_files);
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            &message,
            ErrorCode::LimitExceeded,
            meta.request_id.as_deref(),
        );
    }

    let bearer = credentials::bearer(&headers);
    let cookie = credentials::session_cookie(&headers).filter(|_| credentials::origin_allowed(&headers, config));
    let authn = match Authn::resolve(&state.app, bearer, cookie).await {
        Ok(authn) => authn,
        Err(err) => {
            let err: async_graphql::Error = err.into();
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &err.message,
                ErrorCode::Internal,
                meta.request_id.as_deref(),
            );
        }
    };
    if let Err(response) = honour_gpc(&state, &authn, &meta).await {
        return response;
    }
    let mut request = request.data(meta).data(authn);
    loaders::attach(&mut request.data, &state.app);
    GraphQLResponse::from(state.schema.execute(request).await).into_response()
}

/// `Sec-GPC: 1` on an authenticated request is recorded before the operation runs, so the
/// operation already sees the withdrawal. If it cannot be recorded the request fails
/// rather than proceed as if the signal had not been sent.
async fn honour_gpc(state: &ServerState, authn: &Authn, meta: &crate::state::RequestMeta) -> Result<(), Response> {
    let (true, Authn::Caller(caller)) = (meta.gpc, authn) else {
        return Ok(());
    };
    match service::consent::honour_gpc(&state.app, caller, meta).await {
        Ok(_) => Ok(()),
        Err(err) => {
            let err: async_graphql::Error = err.into();
            Err(error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &err.message,
                ErrorCode::Internal,
                meta.request_id.as_deref(),
            ))
        }
    }
}

async fn read_request(
    body: Body,
    content_type: Option<String>,
    limit: usize,
    config: &crate::config::Config,
) -> Result<async_graphql::Request, Response> {
    let mut seen = 0usize;
    let stream = body.into_data_stream().map_err(std::io::Error::other).map(move |chunk| {
        let chunk = chunk?;
        seen = seen.saturating_add(chunk.len());
        if seen > limit {
            return Err(std::io::Error::other(TooLarge));
        }
        Ok(chunk)
    });
    let reader = tokio_util::io::StreamReader::new(stream).compat();
    let options = MultipartOptions::default()
        .max_file_size(config.server.upload_max_file_bytes)
        .max_num_files(config.server.upload_max_files);
    async_graphql::http::receive_body(content_type, reader, options).await.map_err(|err| {
        use async_graphql::ParseRequestError as E;
        let too_large = match &err {
            E::PayloadTooLarge => true,
            E::Io(io) => io.get_ref().is_some_and(|inner| inner.is::<TooLarge>()),
            _ => false,
        };
        if too_large {
            error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "the request body is too large",
                ErrorCode::LimitExceeded,
                None,
            )
        } else {
            error_response(
                StatusCode::BAD_REQUEST,
                "the request is not a valid GraphQL request",
                ErrorCode::BadUserInput,
                None,
            )
        }
    })
}

#[derive(Debug)]
struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("request body exceeds the limit")
    }
}

impl std::error::Error for TooLarge {}

pub(super) fn error_response(status: StatusCode, message: &str, code: ErrorCode, request_id: Option<&str>) -> Response {
    let body =
        json!({ "errors": [{ "message": message, "extensions": { "code": code.as_str(), "requestId": request_id } }] });
    (status, Json(body)).into_response()
}
