//! The audit log as CSV, streamed page by page so memory stays flat however long the log.
//! The download is recorded (`export.downloaded`) only once the last row has been handed
//! to the connection: a client that goes away halfway leaves no record of a download.

use crate::{
    auth::ComplianceOfficer,
    service::{self, Svc},
    state::AppState,
};
use axum::body::Bytes;
use compliance::audit::{self, AuditFilter};
use entity::audit_log;
use futures::{Stream, StreamExt as _};
use sea_orm::ActiveEnum;

/// Rows fetched per query while streaming.
const EXPORT_PAGE: u64 = 1_000;

const CSV_HEADER: &str =
    "seq,id,occurred_at,actor_kind,actor_id,action,subject_id,object_type,object_id,detail,request_id,prev_hash,hash\n";

enum Step {
    Header,
    After(i64),
    Done,
}

/// The body: the header line, every entry up to `up_to` matching `filter`, then the record
/// of the download. A failure part-way ends the body with an error, which cuts the
/// response short: the status line has gone, so that is the only signal left.
pub fn stream(
    app: AppState,
    officer: ComplianceOfficer,
    filter: AuditFilter,
    up_to: i64,
    request_id: Option<String>,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures::stream::unfold(Step::Header, move |step| {
        let (app, filter, request_id) = (app.clone(), filter.clone(), request_id.clone());
        async move {
            let after = match step {
                Step::Header => return Some((Ok(Bytes::from_static(CSV_HEADER.as_bytes())), Step::After(0))),
                Step::After(after) => after,
                Step::Done => return None,
            };
            match audit::page(&app.db, &filter, after, up_to, EXPORT_PAGE).await {
                Ok(rows) if rows.is_empty() => {
                    let svc = Svc::new(&app, request_id);
                    match service::audit_log::record_export(&svc, &officer, &filter, up_to).await {
                        Ok(()) => None,
                        Err(err) => Some((Err(failed("recording the audit export", &err.describe())), Step::Done)),
                    }
                }
                Ok(rows) => {
                    let next = rows.last().map_or(after, |r| r.seq);
                    let mut chunk = String::with_capacity(rows.len() * 400);
                    for row in &rows {
                        write_row(&mut chunk, row);
                    }
                    Some((Ok(Bytes::from(chunk)), Step::After(next)))
                }
                Err(err) => Some((Err(failed("reading the audit log for export", &err.to_string())), Step::Done)),
            }
        }
    })
    // A compression layer may poll once more after the end; a fused stream answers `None`.
    .fuse()
}

fn failed(doing: &str, cause: &str) -> std::io::Error {
    tracing::error!(error = %cause, "audit export failed part-way: {doing}");
    std::io::Error::other("audit export failed")
}

fn write_row(out: &mut String, row: &audit_log::Model) {
    let uuid = |id: Option<uuid::Uuid>| id.map(|u| u.to_string()).unwrap_or_default();
    let cells = [
        row.seq.to_string(),
        row.id.to_string(),
        audit::timestamp(row.occurred_at),
        row.actor_kind.to_value(),
        uuid(row.actor_id),
        row.action.clone(),
        uuid(row.subject_id),
        row.object_type.clone().unwrap_or_default(),
        uuid(row.object_id),
        row.detail.clone(),
        row.request_id.clone().unwrap_or_default(),
        row.prev_hash.clone(),
        row.hash.clone(),
    ];
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_cell(out, cell);
    }
    out.push('\n');
}

fn write_cell(out: &mut String, value: &str) {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = formula || value.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        write_cell(&mut out, r#"{"a":"b,c"}"#);
        assert_eq!(out, r#""{""a"":""b,c""}""#);
        let mut out = String::new();
        write_cell(&mut out, "=HYPERLINK(\"x\")");
        assert_eq!(out, "\"'=HYPERLINK(\"\"x\"\")\"");
        let mut out = String::new();
        write_cell(&mut out, "plain");
        assert_eq!(out, "plain");
    }
}
