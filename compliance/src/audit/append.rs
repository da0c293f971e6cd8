use super::{AuditEvent, MAIN_CHAIN, hash};
use crate::{Clock, Error, Result, db::begin_write};
use entity::{audit_chain_heads, audit_log};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, IntoActiveModel, QueryFilter,
    TransactionSession, TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

/// Appends one entry to the chain.
///
/// Call it inside the transaction that makes the change it records, so the change and its
/// record commit or roll back together. It opens its own (nested) transaction either way,
/// because the head update and the insert must never be separated.
pub async fn append<C>(db: &C, clock: &dyn Clock, event: AuditEvent) -> Result<audit_log::Model>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = begin_write(db).await?;
    // Taking the head row first is what serialises appends: the row lock on PostgreSQL,
    // the database write lock on SQLite.
    let head = audit_chain_heads::Entity::update_many()
        .col_expr(audit_chain_heads::Column::LastSeq, Expr::col(audit_chain_heads::Column::LastSeq).add(1))
        .filter(audit_chain_heads::Column::Chain.eq(MAIN_CHAIN))
        .exec_with_returning(&txn)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::ChainHeadMissing(MAIN_CHAIN.into()))?;

    let mut entry = audit_log::Model {
        seq: head.last_seq,
        id: Uuid::now_v7(),
        occurred_at: clock.now(),
        actor_kind: event.actor.kind(),
        actor_id: event.actor.id(),
        action: event.action.to_owned(),
        subject_id: event.subject_id,
        object_type: event.object.map(|(kind, _)| kind.to_owned()),
        object_id: event.object.map(|(_, id)| id),
        detail: event.detail.to_string(),
        request_id: event.request_id,
        prev_hash: head.last_hash,
        hash: String::new(),
    };
    entry.hash = hash::entry_hash(&entry);

    let inserted = audit_log::Entity::insert(entry.clone().into_active_model()).exec_without_returning(&txn).await?;
    debug_assert_eq!(inserted, 1);

    audit_chain_heads::ActiveModel {
        chain: sea_orm::Set(MAIN_CHAIN.to_owned()),
        last_hash: sea_orm::Set(entry.hash.clone()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    txn.commit().await?;
    Ok(entry)
}
