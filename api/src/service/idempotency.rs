//! Idempotent mutations: a retry with the same key and the same input gets the first
//! result back and does nothing twice; the same key with another input is refused. The
//! result is sealed by the vault because it may hold a secret that is shown only once.

use super::Svc;
use crate::error::{Error, Problem, Result, UserErrorCode};
use chrono::Duration;
use entity::idempotency_keys as keys;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::future::Future;
use uuid::Uuid;

/// How long a key is remembered.
pub const KEEP_FOR: Duration = Duration::hours(24);
/// A first attempt that has not finished after this long is taken to have died, and a
/// retry may run in its place.
pub const STALE_AFTER: Duration = Duration::minutes(5);
pub const MAX_KEY_LEN: usize = 128;

/// Who is retrying, what, and with which key and input.
pub struct Request<'a> {
    pub user_id: Uuid,
    pub operation: &'static str,
    pub key: Option<&'a str>,
    /// The input, as the operation sees it; two retries are the same when these are equal.
    pub input: Value,
}

/// Runs `run` once per key: its JSON result is kept and returned to every retry.
pub async fn once<F, Fut>(svc: &Svc<'_>, request: Request<'_>, run: F) -> Result<Value>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Value>>,
{
    let Some(key) = request.key else { return run().await };
    check_key(key)?;
    let db = &svc.state.db;
    let now = svc.now();
    let hash = fingerprint(request.operation, &request.input);
    let scope = sea_orm::Condition::all()
        .add(keys::Column::UserId.eq(request.user_id))
        .add(keys::Column::Operation.eq(request.operation))
        .add(keys::Column::Key.eq(key));
    keys::Entity::delete_many()
        .filter(scope.clone())
        .filter(keys::Column::CreatedAt.lt(now - KEEP_FOR))
        .exec(db)
        .await?;

    let row_id = match keys::Entity::find().filter(scope.clone()).one(db).await? {
        Some(row) if row.request_hash != hash => return Err(reused()),
        Some(row) if row.completed_at.is_some() => return replay(svc, &row),
        Some(row) if row.created_at > now - STALE_AFTER => return Err(in_use()),
        Some(row) => {
            // The first attempt died before finishing; this retry takes its place.
            keys::ActiveModel { id: Set(row.id), created_at: Set(now), ..Default::default() }.update(db).await?;
            row.id
        }
        None => {
            let id = Uuid::now_v7();
            let pending = keys::ActiveModel {
                id: Set(id),
                user_id: Set(request.user_id),
                operation: Set(request.operation.to_owned()),
                key: Set(key.to_owned()),
                request_hash: Set(hash),
                result_key_id: Set(None),
                result_sealed: Set(None),
                created_at: Set(now),
                completed_at: Set(None),
            };
            match keys::Entity::insert(pending).exec(db).await {
                Ok(_) => id,
                // A concurrent first attempt claimed the key a moment ago.
                Err(err) if matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
                    return Err(in_use());
                }
                Err(err) => return Err(err.into()),
            }
        }
    };

    match run().await {
        Ok(result) => {
            let plain = serde_json::to_vec(&result).map_err(Error::internal)?;
            let (key_id, sealed) = svc.state.vault.seal(&aad(row_id), &plain).map_err(Error::internal)?;
            keys::ActiveModel {
                id: Set(row_id),
                result_key_id: Set(Some(key_id)),
                result_sealed: Set(Some(sealed)),
                completed_at: Set(Some(svc.now())),
                ..Default::default()
            }
            .update(db)
            .await?;
            Ok(result)
        }
        Err(err) => {
            // Nothing was done, so a retry must be free to try again.
            keys::Entity::delete_by_id(row_id).exec(db).await?;
            Err(err)
        }
    }
}

fn replay(svc: &Svc<'_>, row: &keys::Model) -> Result<Value> {
    let (Some(key_id), Some(sealed)) = (&row.result_key_id, &row.result_sealed) else {
        return Err(in_use());
    };
    let plain = svc.state.vault.open(key_id, &aad(row.id), sealed).map_err(Error::internal)?;
    serde_json::from_slice(&plain).map_err(Error::internal)
}

fn aad(row_id: Uuid) -> Vec<u8> {
    format!("postwarden.idempotency.v1|{row_id}").into_bytes()
}

fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > MAX_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::bad_input(
            "idempotency_key",
            format!("must be 1 to {MAX_KEY_LEN} visible ASCII characters"),
        ));
    }
    Ok(())
}

fn reused() -> Error {
    Error::invalid(vec![Problem::with_code(
        UserErrorCode::IdempotencyKeyReused,
        "idempotency_key",
        "this key was used with a different input; use a new key for a new operation",
    )])
}

fn in_use() -> Error {
    Error::invalid(vec![Problem::with_code(
        UserErrorCode::IdempotencyKeyInUse,
        "idempotency_key",
        "a request with this key is still running; retry in a moment",
    )])
}

/// SHA-256 over the operation and its input with object keys sorted, so the order a
/// client wrote its fields in does not matter.
fn fingerprint(operation: &str, input: &Value) -> String {
    let mut hasher = Sha256::new();
    hasher.update(operation.as_bytes());
    hasher.update([0]);
    canonical(input, &mut hasher);
    hex::encode(hasher.finalize())
}

fn canonical(value: &Value, out: &mut Sha256) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.update(b"{");
            for (k, v) in entries {
                out.update(serde_json::to_string(k).unwrap_or_default().as_bytes());
                out.update(b":");
                canonical(v, out);
                out.update(b",");
            }
            out.update(b"}");
        }
        Value::Array(items) => {
            out.update(b"[");
            for item in items {
                canonical(item, out);
                out.update(b",");
            }
            out.update(b"]");
        }
        scalar => out.update(scalar.to_string().as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_order_does_not_change_the_fingerprint_but_values_do() {
        let a = fingerprint("createPost", &json!({"a": 1, "b": {"x": [1, 2], "y": "z"}}));
        let b = fingerprint("createPost", &json!({"b": {"y": "z", "x": [1, 2]}, "a": 1}));
        assert_eq!(a, b);
        assert_ne!(a, fingerprint("createPost", &json!({"a": 2, "b": {"x": [1, 2], "y": "z"}})));
        assert_ne!(a, fingerprint("createWebhook", &json!({"a": 1, "b": {"x": [1, 2], "y": "z"}})));
    }

    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(check_key("3f2a9c1e-retry").is_ok());
        for bad in ["", "has space", "ключ", &"k".repeat(MAX_KEY_LEN + 1)] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
    }
}
