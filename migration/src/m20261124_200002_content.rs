use crate::{
    m20261123_000001_accounts::Users,
    m20261123_000002_workspaces::Workspaces,
    m20261124_200001_connections::{Connections, OauthStates, fk},
};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
    WorkspaceId,
    UploadedBy,
    StorageKey,
    OriginalFilename,
    ContentType,
    SizeBytes,
    Sha256,
    Width,
    Height,
    DurationMs,
    UploadedAt,
    ProcessedAt,
    PurgedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Posts {
    Table,
    Id,
    WorkspaceId,
    AuthorId,
    Text,
    Title,
    Description,
    Hashtags,
    Links,
    Status,
    ScheduledAt,
    SortAt,
    TimeZone,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum PostMedia {
    Table,
    PostId,
    MediaId,
    Position,
}

#[derive(DeriveIden)]
pub(crate) enum PostTargets {
    Table,
    Id,
    PostId,
    WorkspaceId,
    ConnectionId,
    Platform,
    Overrides,
    Status,
    DueAt,
    NextAttemptAt,
    LeaseUntil,
    LeaseOwner,
    Attempts,
    IdempotencyKey,
    RemoteId,
    RemoteUrl,
    LastError,
    PublishedAt,
    RemovedFromPlatformAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PublishAttempts {
    Table,
    Id,
    TargetId,
    IdempotencyKey,
    Attempt,
    Worker,
    StartedAt,
    FinishedAt,
    Outcome,
    HttpStatus,
    RemoteId,
    RemoteUrl,
    Error,
}

#[derive(DeriveIden)]
enum PostStatusHistory {
    Table,
    Id,
    WorkspaceId,
    PostId,
    TargetId,
    FromStatus,
    ToStatus,
    Reason,
    At,
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    WorkspaceId,
    Url,
    Events,
    Active,
    CreatedBy,
    CreatedAt,
    SecretRotatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    WebhookId,
    Event,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    ResponseStatus,
    LastError,
    CreatedAt,
    DeliveredAt,
}

#[derive(DeriveIden)]
enum VaultSecrets {
    Table,
    Id,
    ConnectionId,
    OauthStateId,
    WebhookId,
    Field,
    KeyId,
    Ciphertext,
    CreatedAt,
    UpdatedAt,
}

use ForeignKeyAction::{Cascade, SetNull};

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create().name(name).table(table).to_owned();
    for col in cols {
        stmt.col(col);
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Media::Table)
                    .col(pk_uuid(Media::Id))
                    .col(uuid(Media::WorkspaceId))
                    .col(uuid_null(Media::UploadedBy))
                    .col(string_uniq(Media::StorageKey))
                    .col(string_null(Media::OriginalFilename))
                    .col(string_len(Media::ContentType, 64))
                    .col(big_integer(Media::SizeBytes))
                    .col(string_len(Media::Sha256, 64))
                    .col(integer_null(Media::Width))
                    .col(integer_null(Media::Height))
                    .col(big_integer_null(Media::DurationMs))
                    .col(timestamp_with_time_zone(Media::UploadedAt))
                    .col(timestamp_with_time_zone_null(Media::ProcessedAt))
                    .col(timestamp_with_time_zone_null(Media::PurgedAt))
                    .foreign_key(&mut fk(
                        "fk_media_workspace",
                        (Media::Table, Media::WorkspaceId),
                        (Workspaces::Table, Workspaces::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_media_uploaded_by",
                        (Media::Table, Media::UploadedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_media_workspace", Media::Table, vec![Media::WorkspaceId.into_iden()], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(Posts::Table)
                    .col(pk_uuid(Posts::Id))
                    .col(uuid(Posts::WorkspaceId))
                    .col(uuid_null(Posts::AuthorId))
                    .col(text(Posts::Text))
                    .col(string_null(Posts::Title))
                    .col(text_null(Posts::Description))
                    .col(text(Posts::Hashtags))
                    .col(text(Posts::Links))
                    .col(string_len(Posts::Status, 16))
                    .col(timestamp_with_time_zone_null(Posts::ScheduledAt))
                    .col(timestamp_with_time_zone(Posts::SortAt))
                    .col(string_len_null(Posts::TimeZone, 64))
                    .col(timestamp_with_time_zone(Posts::CreatedAt))
                    .col(timestamp_with_time_zone(Posts::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Posts::PublishedAt))
                    .foreign_key(&mut fk(
                        "fk_posts_workspace",
                        (Posts::Table, Posts::WorkspaceId),
                        (Workspaces::Table, Workspaces::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_posts_author",
                        (Posts::Table, Posts::AuthorId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_posts_workspace_schedule",
            Posts::Table,
            vec![Posts::WorkspaceId.into_iden(), Posts::SortAt.into_iden(), Posts::Id.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_posts_workspace_status",
            Posts::Table,
            vec![Posts::WorkspaceId.into_iden(), Posts::Status.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostMedia::Table)
                    .col(uuid(PostMedia::PostId))
                    .col(uuid(PostMedia::MediaId))
                    .col(integer(PostMedia::Position))
                    .primary_key(Index::create().col(PostMedia::PostId).col(PostMedia::MediaId))
                    .foreign_key(&mut fk(
                        "fk_post_media_post",
                        (PostMedia::Table, PostMedia::PostId),
                        (Posts::Table, Posts::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_post_media_media",
                        (PostMedia::Table, PostMedia::MediaId),
                        (Media::Table, Media::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_post_media_media", PostMedia::Table, vec![PostMedia::MediaId.into_iden()], false).await?;

        manager
            .create_table(
                Table::create()
                    .table(PostTargets::Table)
                    .col(pk_uuid(PostTargets::Id))
                    .col(uuid(PostTargets::PostId))
                    .col(uuid(PostTargets::WorkspaceId))
                    .col(uuid_null(PostTargets::ConnectionId))
                    .col(string_len(PostTargets::Platform, 16))
                    .col(text(PostTargets::Overrides))
                    .col(string_len(PostTargets::Status, 16))
                    .col(timestamp_with_time_zone_null(PostTargets::DueAt))
                    .col(timestamp_with_time_zone_null(PostTargets::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(PostTargets::LeaseUntil))
                    .col(string_len_null(PostTargets::LeaseOwner, 64))
                    .col(integer(PostTargets::Attempts))
                    .col(string_uniq(PostTargets::IdempotencyKey))
                    .col(string_null(PostTargets::RemoteId))
                    .col(string_null(PostTargets::RemoteUrl))
                    .col(string_null(PostTargets::LastError))
                    .col(timestamp_with_time_zone_null(PostTargets::PublishedAt))
                    .col(timestamp_with_time_zone_null(PostTargets::RemovedFromPlatformAt))
                    .col(timestamp_with_time_zone(PostTargets::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_post_targets_post",
                        (PostTargets::Table, PostTargets::PostId),
                        (Posts::Table, Posts::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_post_targets_workspace",
                        (PostTargets::Table, PostTargets::WorkspaceId),
                        (Workspaces::Table, Workspaces::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_post_targets_connection",
                        (PostTargets::Table, PostTargets::ConnectionId),
                        (Connections::Table, Connections::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_post_targets_due",
            PostTargets::Table,
            vec![PostTargets::Status.into_iden(), PostTargets::NextAttemptAt.into_iden()],
            false,
        )
        .await?;
        index(manager, "idx_post_targets_post", PostTargets::Table, vec![PostTargets::PostId.into_iden()], false)
            .await?;
        index(
            manager,
            "idx_post_targets_connection",
            PostTargets::Table,
            vec![PostTargets::ConnectionId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PublishAttempts::Table)
                    .col(pk_uuid(PublishAttempts::Id))
                    .col(uuid(PublishAttempts::TargetId))
                    .col(string(PublishAttempts::IdempotencyKey))
                    .col(integer(PublishAttempts::Attempt))
                    .col(string_len(PublishAttempts::Worker, 64))
                    .col(timestamp_with_time_zone(PublishAttempts::StartedAt))
                    .col(timestamp_with_time_zone_null(PublishAttempts::FinishedAt))
                    .col(string_len_null(PublishAttempts::Outcome, 16))
                    .col(integer_null(PublishAttempts::HttpStatus))
                    .col(string_null(PublishAttempts::RemoteId))
                    .col(string_null(PublishAttempts::RemoteUrl))
                    .col(string_null(PublishAttempts::Error))
                    .foreign_key(&mut fk(
                        "fk_publish_attempts_target",
                        (PublishAttempts::Table, PublishAttempts::TargetId),
                        (PostTargets::Table, PostTargets::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_publish_attempts_target",
            PublishAttempts::Table,
            vec![PublishAttempts::TargetId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostStatusHistory::Table)
                    .col(pk_uuid(PostStatusHistory::Id))
                    .col(uuid(PostStatusHistory::WorkspaceId))
                    .col(uuid(PostStatusHistory::PostId))
                    .col(uuid_null(PostStatusHistory::TargetId))
                    .col(string_len_null(PostStatusHistory::FromStatus, 16))
                    .col(string_len(PostStatusHistory::ToStatus, 16))
                    .col(string_null(PostStatusHistory::Reason))
                    .col(timestamp_with_time_zone(PostStatusHistory::At))
                    .foreign_key(&mut fk(
                        "fk_post_status_history_post",
                        (PostStatusHistory::Table, PostStatusHistory::PostId),
                        (Posts::Table, Posts::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_post_status_history_workspace",
                        (PostStatusHistory::Table, PostStatusHistory::WorkspaceId),
                        (Workspaces::Table, Workspaces::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_post_status_history_feed",
            PostStatusHistory::Table,
            vec![PostStatusHistory::WorkspaceId.into_iden(), PostStatusHistory::Id.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_post_status_history_post",
            PostStatusHistory::Table,
            vec![PostStatusHistory::PostId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Webhooks::Table)
                    .col(pk_uuid(Webhooks::Id))
                    .col(uuid(Webhooks::WorkspaceId))
                    .col(string(Webhooks::Url))
                    .col(string(Webhooks::Events))
                    .col(boolean(Webhooks::Active))
                    .col(uuid_null(Webhooks::CreatedBy))
                    .col(timestamp_with_time_zone(Webhooks::CreatedAt))
                    .col(timestamp_with_time_zone(Webhooks::SecretRotatedAt))
                    .foreign_key(&mut fk(
                        "fk_webhooks_workspace",
                        (Webhooks::Table, Webhooks::WorkspaceId),
                        (Workspaces::Table, Workspaces::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_webhooks_created_by",
                        (Webhooks::Table, Webhooks::CreatedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_webhooks_workspace", Webhooks::Table, vec![Webhooks::WorkspaceId.into_iden()], false)
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebhookDeliveries::Table)
                    .col(pk_uuid(WebhookDeliveries::Id))
                    .col(uuid(WebhookDeliveries::WebhookId))
                    .col(string_len(WebhookDeliveries::Event, 64))
                    .col(text(WebhookDeliveries::Payload))
                    .col(string_len(WebhookDeliveries::Status, 16))
                    .col(integer(WebhookDeliveries::Attempts))
                    .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(WebhookDeliveries::LeaseUntil))
                    .col(integer_null(WebhookDeliveries::ResponseStatus))
                    .col(string_null(WebhookDeliveries::LastError))
                    .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                    .col(timestamp_with_time_zone_null(WebhookDeliveries::DeliveredAt))
                    .foreign_key(&mut fk(
                        "fk_webhook_deliveries_webhook",
                        (WebhookDeliveries::Table, WebhookDeliveries::WebhookId),
                        (Webhooks::Table, Webhooks::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_webhook_deliveries_due",
            WebhookDeliveries::Table,
            vec![WebhookDeliveries::Status.into_iden(), WebhookDeliveries::NextAttemptAt.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_webhook_deliveries_webhook",
            WebhookDeliveries::Table,
            vec![WebhookDeliveries::WebhookId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(VaultSecrets::Table)
                    .col(pk_uuid(VaultSecrets::Id))
                    .col(uuid_null(VaultSecrets::ConnectionId))
                    .col(uuid_null(VaultSecrets::OauthStateId))
                    .col(uuid_null(VaultSecrets::WebhookId))
                    .col(string_len(VaultSecrets::Field, 32))
                    .col(string_len(VaultSecrets::KeyId, 64))
                    .col(blob(VaultSecrets::Ciphertext))
                    .col(timestamp_with_time_zone(VaultSecrets::CreatedAt))
                    .col(timestamp_with_time_zone(VaultSecrets::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_vault_secrets_connection",
                        (VaultSecrets::Table, VaultSecrets::ConnectionId),
                        (Connections::Table, Connections::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_vault_secrets_oauth_state",
                        (VaultSecrets::Table, VaultSecrets::OauthStateId),
                        (OauthStates::Table, OauthStates::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_vault_secrets_webhook",
                        (VaultSecrets::Table, VaultSecrets::WebhookId),
                        (Webhooks::Table, Webhooks::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_vault_secrets_connection_field",
            VaultSecrets::Table,
            vec![VaultSecrets::ConnectionId.into_iden(), VaultSecrets::Field.into_iden()],
            true,
        )
        .await?;
        index(
            manager,
            "uq_vault_secrets_oauth_state_field",
            VaultSecrets::Table,
            vec![VaultSecrets::OauthStateId.into_iden(), VaultSecrets::Field.into_iden()],
            true,
        )
        .await?;
        index(
            manager,
            "uq_vault_secrets_webhook_field",
            VaultSecrets::Table,
            vec![VaultSecrets::WebhookId.into_iden(), VaultSecrets::Field.into_iden()],
            true,
        )
        .await?;
        index(manager, "idx_vault_secrets_key", VaultSecrets::Table, vec![VaultSecrets::KeyId.into_iden()], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            VaultSecrets::Table.into_iden(),
            WebhookDeliveries::Table.into_iden(),
            Webhooks::Table.into_iden(),
            PostStatusHistory::Table.into_iden(),
            PublishAttempts::Table.into_iden(),
            PostTargets::Table.into_iden(),
            PostMedia::Table.into_iden(),
            Posts::Table.into_iden(),
            Media::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
