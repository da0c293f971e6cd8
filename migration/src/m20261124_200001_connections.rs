use crate::{m20261123_000001_accounts::Users, m20261123_000002_workspaces::Workspaces};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Connections {
    Table,
    Id,
    WorkspaceId,
    Platform,
    PlatformAccountId,
    AccountName,
    AvatarUrl,
    Scopes,
    Status,
    StatusReason,
    ConnectedBy,
    ConnectedAt,
    UpdatedAt,
    LastRefreshedAt,
    ExpiresAt,
    RefreshExpiresAt,
    CanRefresh,
    LeaseUntil,
}

#[derive(DeriveIden)]
pub(crate) enum OauthStates {
    Table,
    Id,
    StateHash,
    UserId,
    WorkspaceId,
    Platform,
    CreatedAt,
    ExpiresAt,
}

pub(crate) fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    action: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(action).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Connections::Table)
                    .col(pk_uuid(Connections::Id))
                    .col(uuid(Connections::WorkspaceId))
                    .col(string_len(Connections::Platform, 16))
                    .col(string(Connections::PlatformAccountId))
                    .col(string(Connections::AccountName))
                    .col(string_null(Connections::AvatarUrl))
                    .col(text(Connections::Scopes))
                    .col(string_len(Connections::Status, 16))
                    .col(string_null(Connections::StatusReason))
                    .col(uuid_null(Connections::ConnectedBy))
                    .col(timestamp_with_time_zone(Connections::ConnectedAt))
                    .col(timestamp_with_time_zone(Connections::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Connections::LastRefreshedAt))
                    .col(timestamp_with_time_zone_null(Connections::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Connections::RefreshExpiresAt))
                    .col(boolean(Connections::CanRefresh))
                    .col(timestamp_with_time_zone_null(Connections::LeaseUntil))
                    .foreign_key(&mut fk(
                        "fk_connections_workspace",
                        (Connections::Table, Connections::WorkspaceId),
                        (Workspaces::Table, Workspaces::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_connections_connected_by",
                        (Connections::Table, Connections::ConnectedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_connections_account")
                    .table(Connections::Table)
                    .col(Connections::WorkspaceId)
                    .col(Connections::Platform)
                    .col(Connections::PlatformAccountId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_connections_refresh_due")
                    .table(Connections::Table)
                    .col(Connections::Status)
                    .col(Connections::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OauthStates::Table)
                    .col(pk_uuid(OauthStates::Id))
                    .col(string_uniq(OauthStates::StateHash))
                    .col(uuid(OauthStates::UserId))
                    .col(uuid(OauthStates::WorkspaceId))
                    .col(string_len(OauthStates::Platform, 16))
                    .col(timestamp_with_time_zone(OauthStates::CreatedAt))
                    .col(timestamp_with_time_zone(OauthStates::ExpiresAt))
                    .foreign_key(&mut fk(
                        "fk_oauth_states_user",
                        (OauthStates::Table, OauthStates::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_oauth_states_workspace",
                        (OauthStates::Table, OauthStates::WorkspaceId),
                        (Workspaces::Table, Workspaces::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [OauthStates::Table.into_iden(), Connections::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
