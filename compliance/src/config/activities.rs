use super::LegalBasis;
use serde::{Deserialize, Serialize};

/// Who answers for the processing (GDPR Art. 30(1)(a)).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Controller {
    pub name: String,
    pub contact: String,
    pub dpo_contact: String,
}

impl Default for Controller {
    fn default() -> Self {
        Self {
            name: "Postwarden".into(),
            contact: "privacy@postwarden.example".into(),
            dpo_contact: "dpo@postwarden.example".into(),
        }
    }
}

/// One record of processing activities (GDPR Art. 30(1)).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessingActivity {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub legal_basis: LegalBasis,
    pub data_categories: Vec<String>,
    pub data_subjects: Vec<String>,
    pub recipients: Vec<String>,
    /// Transfers out of the EEA/UK and their safeguards, or `none`.
    pub international_transfers: String,
    pub retention: String,
    pub security_measures: Vec<String>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

struct Record<'a> {
    id: &'a str,
    name: &'a str,
    purpose: &'a str,
    legal_basis: LegalBasis,
    data: &'a [&'a str],
    subjects: &'a [&'a str],
    recipients: &'a [&'a str],
    transfers: &'a str,
    retention: &'a str,
    security: &'a [&'a str],
}

impl From<Record<'_>> for ProcessingActivity {
    fn from(r: Record<'_>) -> Self {
        Self {
            id: r.id.into(),
            name: r.name.into(),
            purpose: r.purpose.into(),
            legal_basis: r.legal_basis,
            data_categories: strings(r.data),
            data_subjects: strings(r.subjects),
            recipients: strings(r.recipients),
            international_transfers: r.transfers.into(),
            retention: r.retention.into(),
            security_measures: strings(r.security),
        }
    }
}

const HOSTING: &str = "hosting and database provider (processor)";
const TLS: &str = "TLS 1.2+ in transit";
const ACCESS: &str = "access checked against workspace membership and role on every request";

pub(super) fn defaults() -> Vec<ProcessingActivity> {
    use LegalBasis::*;
    let records = [
        Record {
            id: "accounts",
            name: "Accounts and sign-in",
            purpose: "Registering users, signing them in, sessions and API keys",
            legal_basis: Contract,
            data: &["email address", "display name", "password hash", "age attestation", "sign-in times"],
            subjects: &["users"],
            recipients: &[HOSTING, "email delivery provider (processor)"],
            transfers: "email delivery in the United States under SCCs",
            retention: "while the account is active; deleted within 30 days of account deletion",
            security: &[
                "argon2id password hashes",
                "session tokens and API keys stored only as hashes",
                TLS,
                "sign-in throttling",
            ],
        },
        Record {
            id: "publishing",
            name: "Composing, scheduling and publishing",
            purpose: "Publishing posts to the platforms a workspace connects",
            legal_basis: Contract,
            data: &["posts and captions", "uploaded media", "platform account ids", "OAuth tokens"],
            subjects: &["users", "people appearing in published content"],
            recipients: &[
                HOSTING,
                "object storage provider (processor)",
                "connected social platforms (independent controllers): YouTube, Facebook, Instagram, TikTok, LinkedIn, X, Pinterest, Telegram",
            ],
            transfers: "to the platforms the user connects, at the user's request (Art. 49(1)(b)); object storage under SCCs",
            retention: "uploaded media removed once every target is published, and in any case 90 days after processing; a cancelled post leaves the publishing queue at once",
            security: &[
                "platform tokens encrypted with AES-256-GCM and revoked on disconnect",
                "media served only through expiring signed URLs",
                ACCESS,
            ],
        },
        Record {
            id: "analytics",
            name: "Post analytics and milestone alerts",
            purpose: "Reading post metrics back from platforms and alerting on milestones",
            legal_basis: LegitimateInterest,
            data: &["post metrics", "platform account ids", "email address (alerts)"],
            subjects: &["users"],
            recipients: &[HOSTING, "email delivery provider (processor)", "connected social platforms (as sources)"],
            transfers: "email delivery in the United States under SCCs",
            retention: "analytics snapshots 2 years; kept only as anonymous aggregates after account deletion",
            security: &[ACCESS, "alerts only while the milestone_alerts purpose is allowed"],
        },
        Record {
            id: "email_marketing",
            name: "Product-update email",
            purpose: "Telling users about new features and offers",
            legal_basis: Consent,
            data: &["email address", "display name", "consent records"],
            subjects: &["users who opted in"],
            recipients: &["email delivery provider (processor)"],
            transfers: "United States under SCCs",
            retention: "until consent is withdrawn or the account is deleted",
            security: &["sent only while the product_updates purpose is granted", TLS],
        },
        Record {
            id: "privacy_compliance",
            name: "Privacy compliance records",
            purpose: "Consent ledger, policy notices, data-subject requests, breach register and the audit trail",
            legal_basis: LegalObligation,
            data: &["user ids", "consent events", "request records", "actions taken (ids and field names only)"],
            subjects: &["users", "staff with platform roles"],
            recipients: &[HOSTING, "supervisory authorities, when a breach is notified"],
            transfers: "none",
            retention: "audit trail kept for the life of the service; consent events until account deletion",
            security: &[
                "hash-chained, append-only audit log",
                "compliance-officer role required to read",
                "no personal values in audit entries",
            ],
        },
        Record {
            id: "security",
            name: "Security and abuse prevention",
            purpose: "Throttling sign-in attempts and investigating incidents",
            legal_basis: LegitimateInterest,
            data: &["hashed email address", "hashed client address", "failure counts"],
            subjects: &["users", "visitors attempting to sign in"],
            recipients: &[HOSTING, "error monitoring provider (processor)"],
            transfers: "error monitoring in the United States under the Data Privacy Framework",
            retention: "throttle windows expire within the hour",
            security: &["keys hashed with SHA-256; no raw email or address stored"],
        },
    ];
    records.into_iter().map(Into::into).collect()
}
