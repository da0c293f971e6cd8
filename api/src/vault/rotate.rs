//! Re-encrypting every stored secret under the active key: in batches, each its own
//! transaction, so a run that stops halfway leaves every row readable and the next run
//! carries on where it stopped.

use super::{KeyRing, Owner};
use chrono::{DateTime, Utc};
use entity::vault_secrets;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use uuid::Uuid;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RotationReport {
    pub rotated: u64,
    /// Rows that did not open (tampered, or sealed by a key no longer configured).
    pub failed: u64,
    /// Rows still under another key when the run stopped.
    pub remaining: u64,
    pub batches: u64,
}

pub async fn rotate(
    db: &DatabaseConnection,
    ring: &KeyRing,
    now: impl Fn() -> DateTime<Utc>,
    batch_size: u64,
    max_batches: Option<u64>,
    mut progress: impl FnMut(u64, u64),
) -> Result<RotationReport, DbErr> {
    let active = ring.active_id().to_owned();
    let stale = || vault_secrets::Entity::find().filter(vault_secrets::Column::KeyId.ne(active.clone()));
    let total = stale().count(db).await?;
    let mut report = RotationReport::default();
    // Rows that fail stay behind this cursor so one run does not retry them forever.
    let mut after: Option<Uuid> = None;
    while max_batches.is_none_or(|max| report.batches < max) {
        let mut query = stale().order_by_asc(vault_secrets::Column::Id).limit(batch_size.max(1));
        if let Some(after) = after {
            query = query.filter(vault_secrets::Column::Id.gt(after));
        }
        let batch = query.all(db).await?;
        let Some(last) = batch.last().map(|r| r.id) else { break };
        let txn = compliance::db::begin_write(db).await?;
        for row in &batch {
            let Some(owner) = Owner::of(row) else {
                report.failed += 1;
                continue;
            };
            let aad = owner.aad(&row.field);
            let sealed = ring.open(&row.key_id, &aad, &row.ciphertext).and_then(|plain| ring.seal(&aad, &plain));
            match sealed {
                Ok((key_id, ciphertext)) => {
                    // Guarded by the old key id, so a concurrent writer's newer value wins.
                    let updated = vault_secrets::Entity::update_many()
                        .col_expr(vault_secrets::Column::KeyId, Expr::value(key_id))
                        .col_expr(vault_secrets::Column::Ciphertext, Expr::value(ciphertext))
                        .col_expr(vault_secrets::Column::UpdatedAt, Expr::value(now()))
                        .filter(vault_secrets::Column::Id.eq(row.id))
                        .filter(vault_secrets::Column::KeyId.eq(row.key_id.clone()))
                        .exec(&txn)
                        .await?;
                    report.rotated += updated.rows_affected;
                }
                Err(err) => {
                    tracing::warn!(secret_id = %row.id, error = %err, "a stored secret did not open during rotation");
                    report.failed += 1;
                }
            }
        }
        txn.commit().await?;
        report.batches += 1;
        after = Some(last);
        progress(report.rotated + report.failed, total);
    }
    report.remaining = stale().count(db).await?;
    Ok(report)
}
