//! GraphQL faces of the stored enums; the `remote` attribute writes the conversions.

use async_graphql::Enum;

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::WorkspaceRole")]
pub enum WorkspaceRole {
    /// Reads the workspace's posts, connections and analytics.
    Viewer,
    /// Also composes, schedules and publishes, and connects accounts.
    Editor,
    /// Also manages members, invitations and every API key.
    Owner,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::PlatformRole")]
pub enum PlatformRole {
    /// Reads consents, requests, the audit log and breaches; never content or tokens.
    ComplianceOfficer,
    /// Grants and revokes platform roles.
    Admin,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::InvitationStatus")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
    Revoked,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::Platform")]
pub enum Platform {
    Youtube,
    Tiktok,
    Facebook,
    Instagram,
    Linkedin,
    X,
    Pinterest,
    Telegram,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::PublishStatus")]
pub enum PublishStatus {
    Draft,
    Scheduled,
    Publishing,
    Published,
    Failed,
    Cancelled,
    /// The request left and no answer came back: check the platform, then retry or mark it
    /// published.
    Unconfirmed,
}
