use crate::m20261123_000001_accounts::Users;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PolicyVersions {
    Table,
    Id,
    Version,
    Summary,
    Url,
    Material,
    PublishedAt,
    EffectiveAt,
    PublishedBy,
}

#[derive(DeriveIden)]
enum PolicyAcknowledgements {
    Table,
    Id,
    UserId,
    PolicyVersionId,
    AcknowledgedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PolicyVersions::Table)
                    .col(pk_uuid(PolicyVersions::Id))
                    .col(string_len_uniq(PolicyVersions::Version, 64))
                    .col(text(PolicyVersions::Summary))
                    .col(string(PolicyVersions::Url))
                    .col(boolean(PolicyVersions::Material))
                    .col(timestamp_with_time_zone(PolicyVersions::PublishedAt))
                    .col(timestamp_with_time_zone(PolicyVersions::EffectiveAt))
                    .col(uuid_null(PolicyVersions::PublishedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_policy_versions_published_by")
                            .from(PolicyVersions::Table, PolicyVersions::PublishedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_policy_versions_effective_at")
                    .table(PolicyVersions::Table)
                    .col(PolicyVersions::EffectiveAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PolicyAcknowledgements::Table)
                    .col(pk_uuid(PolicyAcknowledgements::Id))
                    .col(uuid(PolicyAcknowledgements::UserId))
                    .col(uuid(PolicyAcknowledgements::PolicyVersionId))
                    .col(timestamp_with_time_zone(PolicyAcknowledgements::AcknowledgedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_policy_acknowledgements_user")
                            .from(PolicyAcknowledgements::Table, PolicyAcknowledgements::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_policy_acknowledgements_version")
                            .from(PolicyAcknowledgements::Table, PolicyAcknowledgements::PolicyVersionId)
                            .to(PolicyVersions::Table, PolicyVersions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_policy_acknowledgements_user_version")
                    .table(PolicyAcknowledgements::Table)
                    .col(PolicyAcknowledgements::UserId)
                    .col(PolicyAcknowledgements::PolicyVersionId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PolicyAcknowledgements::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PolicyVersions::Table).to_owned()).await
    }
}
