//! GraphQL faces of the stored enums; the `remote` attribute writes the conversions.

use async_graphql::Enum;

/// What a member may do in a workspace; each role includes the one before it.
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

/// A role across the whole service, beyond any workspace.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::PlatformRole")]
pub enum PlatformRole {
    /// Reads consents, requests, the audit log and breaches; never content or tokens.
    ComplianceOfficer,
    /// Grants and revokes platform roles.
    Admin,
}

/// Where an invitation to a workspace stands.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::InvitationStatus")]
pub enum InvitationStatus {
    /// Sent and still open (until it expires).
    Pending,
    /// The invitee joined the workspace.
    Accepted,
    /// The invitee said no.
    Declined,
    /// Withdrawn by an owner before it was answered.
    Revoked,
}

/// A social platform posts can go to.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::Platform")]
pub enum Platform {
    /// YouTube.
    Youtube,
    /// TikTok.
    Tiktok,
    /// A Facebook Page.
    Facebook,
    /// An Instagram professional account.
    Instagram,
    /// LinkedIn.
    Linkedin,
    /// X (formerly Twitter).
    X,
    /// Pinterest.
    Pinterest,
    /// A Telegram channel or group, through a bot.
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

/// How a consent choice reached us.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "entity::sea_orm_active_enums::ConsentSource")]
pub enum ConsentSource {
    /// Chosen in the web app.
    Web,
    /// Chosen in a mobile app.
    Mobile,
    /// Chosen through the API by the person's own client.
    Api,
    /// Recorded because the browser sent the Global Privacy Control signal.
    Gpc,
    /// Carried over from another system.
    Import,
}

/// Where you made a consent choice.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConsentChannel {
    /// The web app.
    #[default]
    Web,
    /// A mobile app.
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
    /// Needed to provide the service you signed up for.
    Contract,
    /// On until you object.
    LegitimateInterest,
    /// Required by law; cannot be withdrawn.
    LegalObligation,
}

/// What makes a transfer of personal data outside the EEA lawful.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "compliance::config::TransferSafeguard")]
pub enum TransferSafeguard {
    /// The data stays within the European Economic Area.
    WithinEea,
    /// The destination has an adequacy decision (GDPR Art. 45).
    AdequacyDecision,
    /// The European Commission's standard contractual clauses (GDPR Art. 46(2)(c)).
    StandardContractualClauses,
    /// The recipient is certified under the EU-US Data Privacy Framework.
    DataPrivacyFramework,
    /// Binding corporate rules approved by an authority (GDPR Art. 47).
    BindingCorporateRules,
    /// A derogation for a specific situation (GDPR Art. 49).
    Article49Derogation,
}

/// How a recipient of personal data stands towards us.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "compliance::config::Relationship")]
pub enum ProcessorRelationship {
    /// Processes data on our behalf under a data processing agreement.
    Processor,
    /// A platform you connect, which answers for the data under its own terms.
    IndependentController,
}

/// Who performed an audited action.
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

/// How likely a breach is to harm the people affected.
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

/// What happened to a breach after it was recorded.
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

/// Where a legal notification deadline stands.
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
