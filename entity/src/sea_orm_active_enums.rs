use sea_orm::entity::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum WorkspaceRole {
    #[sea_orm(string_value = "viewer")]
    Viewer,
    #[sea_orm(string_value = "editor")]
    Editor,
    #[sea_orm(string_value = "owner")]
    Owner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum PlatformRole {
    #[sea_orm(string_value = "compliance_officer")]
    ComplianceOfficer,
    #[sea_orm(string_value = "admin")]
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum AgeBasis {
    #[sea_orm(string_value = "date_of_birth")]
    DateOfBirth,
    #[sea_orm(string_value = "attestation")]
    Attestation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum InvitationStatus {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "accepted")]
    Accepted,
    #[sea_orm(string_value = "declined")]
    Declined,
    #[sea_orm(string_value = "revoked")]
    Revoked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ActorKind {
    #[sea_orm(string_value = "user")]
    User,
    #[sea_orm(string_value = "api_key")]
    ApiKey,
    #[sea_orm(string_value = "system")]
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Platform {
    #[sea_orm(string_value = "youtube")]
    Youtube,
    #[sea_orm(string_value = "tiktok")]
    Tiktok,
    #[sea_orm(string_value = "facebook")]
    Facebook,
    #[sea_orm(string_value = "instagram")]
    Instagram,
    #[sea_orm(string_value = "linkedin")]
    Linkedin,
    #[sea_orm(string_value = "x")]
    X,
    #[sea_orm(string_value = "pinterest")]
    Pinterest,
    #[sea_orm(string_value = "telegram")]
    Telegram,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ConnectionStatus {
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "needs_reauth")]
    NeedsReauth,
    /// The platform told us the person withdrew our access there.
    #[sea_orm(string_value = "revoked")]
    Revoked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PublishStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    #[sea_orm(string_value = "publishing")]
    Publishing,
    #[sea_orm(string_value = "published")]
    Published,
    #[sea_orm(string_value = "failed")]
    Failed,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// A send whose outcome is unknown (the request left, no answer came back).
    #[sea_orm(string_value = "unconfirmed")]
    Unconfirmed,
}

/// Where a consent event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ConsentSource {
    #[sea_orm(string_value = "web")]
    Web,
    #[sea_orm(string_value = "mobile")]
    Mobile,
    #[sea_orm(string_value = "api")]
    Api,
    /// Recorded because a request carried the Global Privacy Control signal.
    #[sea_orm(string_value = "gpc")]
    Gpc,
    #[sea_orm(string_value = "import")]
    Import,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum RiskLevel {
    /// Unlikely to result in a risk to people's rights and freedoms.
    #[sea_orm(string_value = "low")]
    Low,
    #[sea_orm(string_value = "medium")]
    Medium,
    #[sea_orm(string_value = "high")]
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum BreachEventKind {
    #[sea_orm(string_value = "assessment_updated")]
    AssessmentUpdated,
    #[sea_orm(string_value = "authority_notified")]
    AuthorityNotified,
    #[sea_orm(string_value = "subjects_notified")]
    SubjectsNotified,
}
