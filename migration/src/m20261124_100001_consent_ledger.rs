use crate::m20261123_000001_accounts::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ConsentEvents {
    Table,
    Id,
    SubjectId,
    Purpose,
    Granted,
    OccurredAt,
    PolicyVersion,
    Source,
    UserAgentFamily,
    Country,
    SignalContext,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Append-only: the current state of a consent is derived from the latest event, so
        // nothing here is ever updated. Rows go only when their subject's account is erased.
        manager
            .create_table(
                Table::create()
                    .table(ConsentEvents::Table)
                    .col(pk_uuid(ConsentEvents::Id))
                    .col(uuid(ConsentEvents::SubjectId))
                    .col(string_len(ConsentEvents::Purpose, 64))
                    .col(boolean(ConsentEvents::Granted))
                    .col(timestamp_with_time_zone(ConsentEvents::OccurredAt))
                    .col(string_len_null(ConsentEvents::PolicyVersion, 64))
                    .col(string_len(ConsentEvents::Source, 16))
                    .col(string_len_null(ConsentEvents::UserAgentFamily, 32))
                    .col(string_len_null(ConsentEvents::Country, 2))
                    .col(string_len_null(ConsentEvents::SignalContext, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_consent_events_subject")
                            .from(ConsentEvents::Table, ConsentEvents::SubjectId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_consent_events_subject_purpose")
                    .table(ConsentEvents::Table)
                    .col(ConsentEvents::SubjectId)
                    .col(ConsentEvents::Purpose)
                    .col(ConsentEvents::OccurredAt)
                    .to_owned(),
            )
            .await?;
        // One GPC withdrawal per purpose per signalling session or key. Rows from other
        // sources leave `signal_context` null, and nulls never collide in a unique index.
        manager
            .create_index(
                Index::create()
                    .name("uq_consent_events_gpc_signal")
                    .table(ConsentEvents::Table)
                    .col(ConsentEvents::SubjectId)
                    .col(ConsentEvents::Purpose)
                    .col(ConsentEvents::SignalContext)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_consent_events_occurred_at")
                    .table(ConsentEvents::Table)
                    .col(ConsentEvents::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ConsentEvents::Table).to_owned()).await
    }
}
