use crate::{
    m20261123_000001_accounts::Users,
    m20261123_000002_workspaces::Workspaces,
    m20261124_200001_connections::fk,
    m20261124_200002_content::{PostTargets, Posts},
};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AnalyticsSnapshots {
    Table,
    Id,
    TargetId,
    PostId,
    WorkspaceId,
    Platform,
    CapturedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AnalyticsLatest {
    Table,
    TargetId,
    PostId,
    WorkspaceId,
    Platform,
    CapturedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AnalyticsDaily {
    Table,
    WorkspaceId,
    Day,
    Platform,
    Currency,
    FollowerDelta,
}

#[derive(DeriveIden)]
enum Metric {
    Views,
    Likes,
    Comments,
    Shares,
    Saves,
    WatchTimeSecs,
    FollowerDelta,
    RevenueMicros,
    RevenueCurrency,
}

#[derive(DeriveIden)]
enum AnalyticsSchedules {
    Table,
    TargetId,
    ConnectionId,
    PublishedAt,
    NextPullAt,
    LastPulledAt,
    LeaseUntil,
    Failures,
    LastError,
}

#[derive(DeriveIden)]
enum Milestones {
    Table,
    PostId,
    Threshold,
    ReachedAt,
    Notified,
}

#[derive(DeriveIden)]
enum ProcessingRestrictions {
    Table,
    Id,
    UserId,
    Kind,
    StartedAt,
    LiftedAt,
}

use ForeignKeyAction::Cascade;

/// The counters every snapshot (and the newest-snapshot table) carries.
fn metric_columns(table: &mut TableCreateStatement) {
    for col in [Metric::Views, Metric::Likes, Metric::Comments, Metric::Shares, Metric::Saves, Metric::WatchTimeSecs] {
        table.col(big_integer(col));
    }
    table.col(big_integer_null(Metric::FollowerDelta));
    table.col(big_integer_null(Metric::RevenueMicros));
    table.col(string_len_null(Metric::RevenueCurrency, 3));
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut snapshots = Table::create()
            .table(AnalyticsSnapshots::Table)
            .col(pk_uuid(AnalyticsSnapshots::Id))
            .col(uuid(AnalyticsSnapshots::TargetId))
            .col(uuid(AnalyticsSnapshots::PostId))
            .col(uuid(AnalyticsSnapshots::WorkspaceId))
            .col(string_len(AnalyticsSnapshots::Platform, 16))
            .col(timestamp_with_time_zone(AnalyticsSnapshots::CapturedAt))
            .foreign_key(&mut fk(
                "fk_analytics_snapshots_target",
                (AnalyticsSnapshots::Table, AnalyticsSnapshots::TargetId),
                (PostTargets::Table, PostTargets::Id),
                Cascade,
            ))
            .to_owned();
        metric_columns(&mut snapshots);
        manager.create_table(snapshots).await?;
        // A target's series, and the sweep of old snapshots, read by (target, time).
        manager
            .create_index(
                Index::create()
                    .name("idx_analytics_snapshots_target_time")
                    .table(AnalyticsSnapshots::Table)
                    .col(AnalyticsSnapshots::TargetId)
                    .col(AnalyticsSnapshots::CapturedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_analytics_snapshots_workspace_time")
                    .table(AnalyticsSnapshots::Table)
                    .col(AnalyticsSnapshots::WorkspaceId)
                    .col(AnalyticsSnapshots::CapturedAt)
                    .to_owned(),
            )
            .await?;

        let mut latest = Table::create()
            .table(AnalyticsLatest::Table)
            .col(uuid(AnalyticsLatest::TargetId).primary_key())
            .col(uuid(AnalyticsLatest::PostId))
            .col(uuid(AnalyticsLatest::WorkspaceId))
            .col(string_len(AnalyticsLatest::Platform, 16))
            .col(timestamp_with_time_zone(AnalyticsLatest::CapturedAt))
            .foreign_key(&mut fk(
                "fk_analytics_latest_target",
                (AnalyticsLatest::Table, AnalyticsLatest::TargetId),
                (PostTargets::Table, PostTargets::Id),
                Cascade,
            ))
            .to_owned();
        metric_columns(&mut latest);
        manager.create_table(latest).await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_analytics_latest_post")
                    .table(AnalyticsLatest::Table)
                    .col(AnalyticsLatest::PostId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_analytics_latest_workspace_post")
                    .table(AnalyticsLatest::Table)
                    .col(AnalyticsLatest::WorkspaceId)
                    .col(AnalyticsLatest::PostId)
                    .to_owned(),
            )
            .await?;

        let mut daily = Table::create()
            .table(AnalyticsDaily::Table)
            .col(uuid(AnalyticsDaily::WorkspaceId))
            .col(date(AnalyticsDaily::Day))
            .col(string_len(AnalyticsDaily::Platform, 16))
            .col(string_len(AnalyticsDaily::Currency, 3))
            .primary_key(
                Index::create()
                    .col(AnalyticsDaily::WorkspaceId)
                    .col(AnalyticsDaily::Day)
                    .col(AnalyticsDaily::Platform)
                    .col(AnalyticsDaily::Currency),
            )
            .foreign_key(&mut fk(
                "fk_analytics_daily_workspace",
                (AnalyticsDaily::Table, AnalyticsDaily::WorkspaceId),
                (Workspaces::Table, Workspaces::Id),
                Cascade,
            ))
            .to_owned();
        for col in [
            Metric::Views,
            Metric::Likes,
            Metric::Comments,
            Metric::Shares,
            Metric::Saves,
            Metric::WatchTimeSecs,
            Metric::RevenueMicros,
        ] {
            daily.col(big_integer(col));
        }
        daily.col(big_integer(AnalyticsDaily::FollowerDelta));
        manager.create_table(daily).await?;

        manager
            .create_table(
                Table::create()
                    .table(AnalyticsSchedules::Table)
                    .col(uuid(AnalyticsSchedules::TargetId).primary_key())
                    .col(uuid_null(AnalyticsSchedules::ConnectionId))
                    .col(timestamp_with_time_zone(AnalyticsSchedules::PublishedAt))
                    .col(timestamp_with_time_zone(AnalyticsSchedules::NextPullAt))
                    .col(timestamp_with_time_zone_null(AnalyticsSchedules::LastPulledAt))
                    .col(timestamp_with_time_zone_null(AnalyticsSchedules::LeaseUntil))
                    .col(integer(AnalyticsSchedules::Failures))
                    .col(string_null(AnalyticsSchedules::LastError))
                    .foreign_key(&mut fk(
                        "fk_analytics_schedules_target",
                        (AnalyticsSchedules::Table, AnalyticsSchedules::TargetId),
                        (PostTargets::Table, PostTargets::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_analytics_schedules_due")
                    .table(AnalyticsSchedules::Table)
                    .col(AnalyticsSchedules::NextPullAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Milestones::Table)
                    .col(uuid(Milestones::PostId))
                    .col(big_integer(Milestones::Threshold))
                    .col(timestamp_with_time_zone(Milestones::ReachedAt))
                    .col(boolean(Milestones::Notified))
                    .primary_key(Index::create().col(Milestones::PostId).col(Milestones::Threshold))
                    .foreign_key(&mut fk(
                        "fk_milestones_post",
                        (Milestones::Table, Milestones::PostId),
                        (Posts::Table, Posts::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProcessingRestrictions::Table)
                    .col(pk_uuid(ProcessingRestrictions::Id))
                    .col(uuid(ProcessingRestrictions::UserId))
                    .col(string_len(ProcessingRestrictions::Kind, 16))
                    .col(timestamp_with_time_zone(ProcessingRestrictions::StartedAt))
                    .col(timestamp_with_time_zone_null(ProcessingRestrictions::LiftedAt))
                    .foreign_key(&mut fk(
                        "fk_processing_restrictions_user",
                        (ProcessingRestrictions::Table, ProcessingRestrictions::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_processing_restrictions_user")
                    .table(ProcessingRestrictions::Table)
                    .col(ProcessingRestrictions::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ProcessingRestrictions::Table.into_iden(),
            Milestones::Table.into_iden(),
            AnalyticsSchedules::Table.into_iden(),
            AnalyticsDaily::Table.into_iden(),
            AnalyticsLatest::Table.into_iden(),
            AnalyticsSnapshots::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
