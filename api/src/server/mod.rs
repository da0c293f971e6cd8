//! The HTTP edge: routes, middleware, and the GraphQL transports.

mod audit_csv;
mod compliance;
mod credentials;
mod graphiql;
mod graphql;
mod health;
mod media;
mod oauth;
mod request_id;
mod ws;

use crate::{graphql::AppSchema, state::AppState};
use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    routing::{get, post},
};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    cors::{AllowOrigin, CorsLayer},
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

#[derive(Clone)]
pub struct ServerState {
    pub app: AppState,
    pub schema: AppSchema,
}

const REQUEST_ID: HeaderName = request_id::HEADER;

pub fn router(app: AppState, schema: AppSchema) -> Router {
    let config = app.config.server.clone();
    let mut router = Router::new()
        // Multipart uploads are read raw; the handler applies its own per-content-type limits.
        .route("/graphql", post(graphql::handle).layer(DefaultBodyLimit::disable()))
        .route("/graphql/ws", get(ws::handle))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/media/{id}", get(media::serve))
        .route("/oauth/callback/{platform}", get(oauth::callback))
        .route("/oauth/deauthorize/{platform}", post(oauth::deauthorize))
        .route("/compliance/audit.csv", get(compliance::audit_csv))
        .route("/compliance/subprocessors.json", get(compliance::subprocessors_json))
        .route("/compliance/processing-records.json", get(compliance::processing_records_json));
    if config.graphiql {
        router = router.route("/", get(graphiql::page)).route("/graphiql/{name}", get(graphiql::asset));
    }

    let origins: Vec<HeaderValue> = config.cors_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        // Besides credentials and GPC: a client's own request id, and the headers Apollo
        // Client and apollo-upload-client send to name themselves and to force a preflight.
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static("sec-gpc"),
            REQUEST_ID,
            HeaderName::from_static("apollographql-client-name"),
            HeaderName::from_static("apollographql-client-version"),
            HeaderName::from_static("apollo-require-preflight"),
        ])
        .expose_headers([REQUEST_ID])
        .allow_credentials(true);
    // The outer guard; the GraphQL handler applies tighter per-content-type limits itself,
    // since multipart parsing reads the raw body.
    let outer_limit =
        config.upload_max_file_bytes.saturating_mul(config.upload_max_files).saturating_add(config.body_limit_bytes);

    // Every other body (the platforms' signed callbacks) is small and read whole.
    router.layer(DefaultBodyLimit::max(config.body_limit_bytes)).with_state(ServerState { app, schema }).layer(
        ServiceBuilder::new()
            .layer(axum::middleware::map_request(request_id::keep_only_plain))
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                let request_id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
                tracing::info_span!("http", method = %request.method(), path = %request.uri().path(), request_id)
            }))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(RequestBodyLimitLayer::new(outer_limit))
            .layer(cors)
            .layer(CompressionLayer::new().compress_when(compressible()))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(config.request_timeout_secs),
            )),
    )
}

/// Text compresses; media files are compressed already, and squeezing them again costs CPU
/// and hides their length from players that seek.
fn compressible() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate as _};
    DefaultPredicate::new()
        .and(NotForContentType::const_new("video/"))
        .and(NotForContentType::const_new("audio/"))
        .and(NotForContentType::const_new("application/zip"))
}
