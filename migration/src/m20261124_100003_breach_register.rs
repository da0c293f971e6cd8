use crate::m20261123_000001_accounts::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Breaches {
    Table,
    Id,
    DetectedAt,
    BecameAwareAt,
    RecordedAt,
    RecordedBy,
    Description,
    DataCategories,
    SubjectsEstimate,
    RiskLevel,
    Containment,
    Jurisdictions,
}

#[derive(DeriveIden)]
enum BreachSubjects {
    Table,
    Id,
    BreachId,
    UserId,
}

#[derive(DeriveIden)]
enum BreachEvents {
    Table,
    Id,
    BreachId,
    Kind,
    OccurredAt,
    RecordedAt,
    RecordedBy,
    Jurisdiction,
    Reference,
    RiskLevel,
    Containment,
    NoticesQueued,
}

fn recorded_by(name: &str, table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

fn to_breach(name: &str, table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(Breaches::Table, Breaches::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The register is append-only: a breach row is written once, and every later
        // assessment or notification is a `breach_events` row from which the current state
        // and the deadlines are derived.
        manager
            .create_table(
                Table::create()
                    .table(Breaches::Table)
                    .col(pk_uuid(Breaches::Id))
                    .col(timestamp_with_time_zone(Breaches::DetectedAt))
                    .col(timestamp_with_time_zone(Breaches::BecameAwareAt))
                    .col(timestamp_with_time_zone(Breaches::RecordedAt))
                    .col(uuid_null(Breaches::RecordedBy))
                    .col(text(Breaches::Description))
                    .col(text(Breaches::DataCategories))
                    .col(big_integer(Breaches::SubjectsEstimate))
                    .col(string_len(Breaches::RiskLevel, 16))
                    .col(text(Breaches::Containment))
                    .col(string(Breaches::Jurisdictions))
                    .foreign_key(&mut recorded_by("fk_breaches_recorded_by", Breaches::Table, Breaches::RecordedBy))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BreachSubjects::Table)
                    .col(pk_uuid(BreachSubjects::Id))
                    .col(uuid(BreachSubjects::BreachId))
                    .col(uuid(BreachSubjects::UserId))
                    .foreign_key(&mut to_breach(
                        "fk_breach_subjects_breach",
                        BreachSubjects::Table,
                        BreachSubjects::BreachId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_breach_subjects_user")
                            .from(BreachSubjects::Table, BreachSubjects::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_breach_subjects_breach_user")
                    .table(BreachSubjects::Table)
                    .col(BreachSubjects::BreachId)
                    .col(BreachSubjects::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_breach_subjects_user")
                    .table(BreachSubjects::Table)
                    .col(BreachSubjects::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BreachEvents::Table)
                    .col(pk_uuid(BreachEvents::Id))
                    .col(uuid(BreachEvents::BreachId))
                    .col(string_len(BreachEvents::Kind, 32))
                    .col(timestamp_with_time_zone(BreachEvents::OccurredAt))
                    .col(timestamp_with_time_zone(BreachEvents::RecordedAt))
                    .col(uuid_null(BreachEvents::RecordedBy))
                    .col(string_len_null(BreachEvents::Jurisdiction, 32))
                    .col(string_null(BreachEvents::Reference))
                    .col(string_len_null(BreachEvents::RiskLevel, 16))
                    .col(text_null(BreachEvents::Containment))
                    .col(integer_null(BreachEvents::NoticesQueued))
                    .foreign_key(&mut to_breach("fk_breach_events_breach", BreachEvents::Table, BreachEvents::BreachId))
                    .foreign_key(&mut recorded_by(
                        "fk_breach_events_recorded_by",
                        BreachEvents::Table,
                        BreachEvents::RecordedBy,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_breach_events_breach")
                    .table(BreachEvents::Table)
                    .col(BreachEvents::BreachId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [BreachEvents::Table.into_iden(), BreachSubjects::Table.into_iden(), Breaches::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
