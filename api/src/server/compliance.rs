//! Compliance exports over plain HTTP: the audit log as streamed CSV and the registries as
//! JSON. Credentials are read exactly as `POST /graphql` reads them.

use super::{ServerState, audit_csv, credentials, graphql::error_response};
use crate::{
    auth::{Authn, ComplianceOfficer, compliance_officer_from},
    error::{ApiError, ErrorCode},
    graphql::audit::filter::{parse_actor, parse_subject},
};
use axum::{
    Json,
    body::Body,
    extract::{ConnectInfo, Query, State, rejection::QueryRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use compliance::audit::{self, AuditFilter};
use entity::sea_orm_active_enums::ActorKind;
use sea_orm::ActiveEnum;
use serde::Deserialize;
use std::net::SocketAddr;

/// The same filters as `auditLog(filter:)`, as query parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AuditCsvParams {
    /// `USER`, `API_KEY` or `SYSTEM` (any case).
    actor_kind: Option<String>,
    /// A `User` or `ApiKey` id, or a raw UUID.
    actor: Option<String>,
    action: Option<String>,
    /// A `User` id, or a raw UUID.
    subject: Option<String>,
    /// RFC 3339, inclusive.
    from: Option<DateTime<Utc>>,
    /// RFC 3339, exclusive.
    to: Option<DateTime<Utc>>,
}

fn status_of(err: &ApiError) -> StatusCode {
    match err.code {
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::BadUserInput | ErrorCode::PersistedQueryNotFound | ErrorCode::PersistedQueryRequired => {
            StatusCode::BAD_REQUEST
        }
        ErrorCode::LimitExceeded => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn refuse(err: ApiError, request_id: Option<&str>) -> Response {
    let status = status_of(&err);
    let code = err.code;
    let err: async_graphql::Error = err.into();
    error_response(status, &err.message, code, request_id)
}

async fn officer(state: &ServerState, headers: &HeaderMap) -> Result<ComplianceOfficer, ApiError> {
    let bearer = credentials::bearer(headers);
    let cookie =
        credentials::session_cookie(headers).filter(|_| credentials::origin_allowed(headers, &state.app.config));
    let authn: Authn = Authn::resolve(&state.app, bearer, cookie).await?;
    compliance_officer_from(&state.app, &authn).await
}

impl AuditCsvParams {
    fn parse(self) -> Result<AuditFilter, ApiError> {
        let mut actor_kind = match self.actor_kind.as_deref().map(str::to_ascii_lowercase) {
            None => None,
            Some(kind) => Some(
                ActorKind::try_from_value(&kind)
                    .map_err(|_| ApiError::bad_input("actorKind", "must be USER, API_KEY or SYSTEM"))?,
            ),
        };
        let actor_id = match self.actor.as_deref() {
            Some(raw) => {
                let (kind, id) = parse_actor("actor", raw)?;
                if let (Some(given), Some(implied)) = (actor_kind, kind)
                    && given != implied
                {
                    return Err(ApiError::bad_input("actorKind", "contradicts the kind of actor"));
                }
                actor_kind = actor_kind.or(kind);
                Some(id)
            }
            None => None,
        };
        let filter = AuditFilter {
            actor_kind,
            actor_id,
            action_prefix: self.action,
            subject_id: self.subject.as_deref().map(|s| parse_subject("subject", s)).transpose()?,
            from: self.from,
            to: self.to,
        };
        filter.validate()?;
        Ok(filter)
    }
}

/// `GET /compliance/audit.csv`: the audit log, filtered like `auditLog`, streamed page by
/// page so memory stays flat however long the log. It ends at the entry that was newest
/// when the export began, and the export is itself recorded (`export.downloaded`).
///
/// Values are exact except that a cell starting with `=`, `+`, `-`, `@`, tab or carriage
/// return gets a leading `'`, so a spreadsheet cannot run it as a formula; only a
/// client-supplied request id can start that way. `verifyAuditChain` checks the hashes.
pub async fn audit_csv(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    params: Result<Query<AuditCsvParams>, QueryRejection>,
) -> Response {
    let meta = credentials::request_meta(&headers, Some(peer), &state.app.config);
    let request_id = meta.request_id.clone();
    let officer = match officer(&state, &headers).await {
        Ok(officer) => officer,
        Err(err) => return refuse(err, request_id.as_deref()),
    };
    let filter = match params {
        Ok(Query(params)) => params.parse(),
        Err(rejection) => Err(ApiError::bad_input("query", rejection.body_text())),
    };
    let filter = match filter {
        Ok(filter) => filter,
        Err(err) => return refuse(err, request_id.as_deref()),
    };
    let up_to = match audit::head_seq(&state.app.db).await {
        Ok(seq) => seq,
        Err(err) => return refuse(err.into(), request_id.as_deref()),
    };
    let body = audit_csv::stream(state.app.clone(), officer, filter, up_to, request_id);
    let mut response = Body::from_stream(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"audit-log.csv\""));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /compliance/subprocessors.json`: the processor registry. Public.
pub async fn subprocessors_json(State(state): State<ServerState>) -> Response {
    let config = &state.app.config.compliance;
    Json(compliance::registry::subprocessors(config, state.app.clock.now())).into_response()
}

/// `GET /compliance/processing-records.json`: the records of processing activities
/// (compliance officers only).
pub async fn processing_records_json(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let meta = credentials::request_meta(&headers, Some(peer), &state.app.config);
    if let Err(err) = officer(&state, &headers).await {
        return refuse(err, meta.request_id.as_deref());
    }
    Json(compliance::registry::records_of_processing(&state.app.config.compliance, state.app.clock.now()))
        .into_response()
}
