//! The retention sweep deletes snapshots by age alone, across every target.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AnalyticsSnapshots {
    Table,
    CapturedAt,
}

const INDEX: &str = "idx_analytics_snapshots_captured_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(AnalyticsSnapshots::Table)
                    .col(AnalyticsSnapshots::CapturedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(INDEX).table(AnalyticsSnapshots::Table).to_owned()).await
    }
}
