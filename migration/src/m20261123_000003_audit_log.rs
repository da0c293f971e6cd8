use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Seq,
    Id,
    OccurredAt,
    ActorKind,
    ActorId,
    Action,
    SubjectId,
    ObjectType,
    ObjectId,
    Detail,
    RequestId,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditChainHeads {
    Table,
    Chain,
    LastSeq,
    LastHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The sequence number is assigned by the chain head, not by the database, so that
        // the order of entries is the order of the hash chain on every backend.
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_integer(AuditLog::Seq).primary_key())
                    .col(uuid_uniq(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::OccurredAt))
                    .col(string_len(AuditLog::ActorKind, 16))
                    .col(uuid_null(AuditLog::ActorId))
                    .col(string(AuditLog::Action))
                    .col(uuid_null(AuditLog::SubjectId))
                    .col(string_null(AuditLog::ObjectType))
                    .col(uuid_null(AuditLog::ObjectId))
                    .col(text(AuditLog::Detail))
                    .col(string_null(AuditLog::RequestId))
                    .col(string_len(AuditLog::PrevHash, 64))
                    .col(string_len(AuditLog::Hash, 64))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_audit_log_occurred_at", AuditLog::OccurredAt),
            ("idx_audit_log_action", AuditLog::Action),
            ("idx_audit_log_subject", AuditLog::SubjectId),
            ("idx_audit_log_actor", AuditLog::ActorId),
        ] {
            manager.create_index(Index::create().name(name).table(AuditLog::Table).col(col).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(AuditChainHeads::Table)
                    .col(string_len(AuditChainHeads::Chain, 32).primary_key())
                    .col(big_integer(AuditChainHeads::LastSeq))
                    .col(string_len(AuditChainHeads::LastHash, 64))
                    .to_owned(),
            )
            .await?;
        // The genesis head: appends only ever update this row, which is what serialises them.
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(AuditChainHeads::Table)
                    .columns([AuditChainHeads::Chain, AuditChainHeads::LastSeq, AuditChainHeads::LastHash])
                    .values_panic(["main".into(), 0i64.into(), "0".repeat(64).into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditChainHeads::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await
    }
}
