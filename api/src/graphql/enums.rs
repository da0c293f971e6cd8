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
    /// YouTube.
    Youtube,
    Tiktok,
    Facebook,
    Instagram,
    Linkedin,
    X,
    Pinterest,
    Telegram,
}

/// Where a post or one of its targets stands, and what it allows. A post's status sums up
/// its targets'.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::PublishStatus")]
pub enum PublishStatus {
    /// Being written; nothing is queued. Allows `updatePost`, `schedulePost`,
    /// `publishPostNow`, `cancelPost` and `deletePost`.
    Draft,
    /// Queued for `scheduledAt`. Allows `schedulePost` (to move it), `publishPostNow` and
    /// `cancelPost`.
    Scheduled,
    /// Being sent right now; allows nothing until it settles.
    Publishing,
    /// Out on the platform. A target allows `deleteFromPlatform`.
    Published,
    /// The platform refused, or every retry failed. A target allows `retryTarget`; the post
    /// allows `cancelPost`.
    Failed,
    /// Stopped before going out; nothing stays queued. Allows `deletePost`.
    Cancelled,
    /// The request left and no answer came back: check the platform, then `retryTarget`
    /// or `markTargetPublished` the target (the post allows `cancelPost`).
    Unconfirmed,
}

/// Which way a list is sorted.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest (or oldest) first.
    #[default]
    Asc,
    /// Largest (or newest) first.
    Desc,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::ConsentSource")]
pub enum ConsentSource {
    Web,
    Mobile,
    Api,
    /// Recorded because the browser sent the Global Privacy Control signal.
    Gpc,
    /// Carried over from another system.
    Import,
}

/// Where you made a consent choice.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConsentChannel {
    #[default]
    Web,
    Mobile,
    /// Your own client, signed in with a session token.
    Api,
}

impl From<ConsentChannel> for entity::sea_orm_active_enums::ConsentSource {
    fn from(channel: ConsentChannel) -> Self {
        match channel {
            ConsentChannel::Web => Self::Web,
            ConsentChannel::Mobile => Self::Mobile,
            ConsentChannel::Api => Self::Api,
        }
    }
}

/// The lawful basis for a purpose (GDPR Art. 6(1)).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "compliance::config::LegalBasis")]
pub enum LegalBasis {
    /// Off until you grant it; withdraw at any time.
    Consent,
    Contract,
    /// On until you object.
    LegitimateInterest,
    /// Required by law; cannot be withdrawn.
    LegalObligation,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "compliance::config::TransferSafeguard")]
pub enum TransferSafeguard {
    WithinEea,
    AdequacyDecision,
    StandardContractualClauses,
    DataPrivacyFramework,
    BindingCorporateRules,
    Article49Derogation,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "compliance::config::Relationship")]
pub enum ProcessorRelationship {
    /// Processes data on our behalf under a data processing agreement.
    Processor,
    /// A platform you connect, which answers for the data under its own terms.
    IndependentController,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::ActorKind")]
pub enum AuditActorKind {
    /// A person, signed in.
    User,
    /// An API key acting for a workspace.
    ApiKey,
    /// A background job or an operator's command.
    System,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::RiskLevel")]
pub enum RiskLevel {
    /// Unlikely to result in a risk to people: recorded, but no authority notification is due.
    Low,
    /// A risk to people: the supervisory authority must be told in time.
    Medium,
    /// The people affected must be told (GDPR Art. 34).
    High,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::BreachEventKind")]
pub enum BreachEventKind {
    /// The risk level or the containment note changed.
    AssessmentUpdated,
    /// A jurisdiction's supervisory authority was notified.
    AuthorityNotified,
    /// Notices to the affected people were queued.
    SubjectsNotified,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "compliance::breach::DeadlineStatus")]
pub enum DeadlineStatus {
    /// Low risk: no notification is due.
    NotRequired,
    /// Due, and the deadline has not passed yet.
    Pending,
    /// Due, and the deadline passed without a notification.
    Overdue,
    /// Notified on time.
    Met,
    /// Notified after the deadline.
    Late,
}
