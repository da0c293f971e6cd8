use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether the recipient works on our instructions or decides for itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// Processes personal data on our behalf under a data processing agreement.
    Processor,
    /// Receives data at the person's request (a platform they connect) and answers for it
    /// under its own terms.
    IndependentController,
}

/// What makes a transfer out of the EEA/UK lawful (GDPR Chapter V).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferSafeguard {
    /// The data stays in the EEA.
    WithinEea,
    AdequacyDecision,
    StandardContractualClauses,
    /// The EU-US Data Privacy Framework (the recipient is certified).
    DataPrivacyFramework,
    BindingCorporateRules,
    /// Art. 49(1)(b): the transfer is necessary for a service the person asked for.
    Article49Derogation,
}

/// One entry of the processor registry, published as the list of sub-processors.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Processor {
    pub name: String,
    pub purpose: String,
    pub data_categories: Vec<String>,
    /// Country or region where the data is processed.
    pub location: String,
    pub transfer_safeguard: TransferSafeguard,
    /// When the data processing agreement was signed; none for independent controllers.
    /// A quoted `"2026-01-12"` or a bare TOML date.
    #[serde(default, deserialize_with = "date::optional")]
    pub dpa_signed_on: Option<NaiveDate>,
    pub relationship: Relationship,
}

mod date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, de::Error};
    use std::collections::BTreeMap;

    /// A TOML date reaches serde through the configuration layer as a one-entry map
    /// holding its text; a quoted date arrives as the text itself.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Toml(BTreeMap<String, String>),
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let Some(repr) = Option::<Repr>::deserialize(d)? else {
            return Ok(None);
        };
        let text = match repr {
            Repr::Text(text) => text,
            Repr::Toml(map) => map.into_values().next().unwrap_or_default(),
        };
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| D::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn processor(
    name: &str,
    purpose: &str,
    data: &[&str],
    location: &str,
    safeguard: TransferSafeguard,
    dpa: Option<NaiveDate>,
) -> Processor {
    Processor {
        name: name.into(),
        purpose: purpose.into(),
        data_categories: strings(data),
        location: location.into(),
        transfer_safeguard: safeguard,
        dpa_signed_on: dpa,
        relationship: Relationship::Processor,
    }
}

fn platform(name: &str, purpose: &str, data: &[&str], location: &str) -> Processor {
    Processor {
        name: name.into(),
        purpose: purpose.into(),
        data_categories: strings(data),
        location: location.into(),
        transfer_safeguard: if location.starts_with("Ireland") {
            TransferSafeguard::WithinEea
        } else {
            TransferSafeguard::Article49Derogation
        },
        dpa_signed_on: None,
        relationship: Relationship::IndependentController,
    }
}

pub(super) fn defaults() -> Vec<Processor> {
    use TransferSafeguard::*;
    const TOKEN: &str = "OAuth access and refresh tokens";
    vec![
        processor(
            "Amazon Web Services EMEA SARL",
            "Application hosting and the managed PostgreSQL database",
            &["account data", "workspace content", "encrypted platform tokens", "consent and audit records"],
            "Germany (eu-central-1, Frankfurt)",
            WithinEea,
            date(2026, 1, 12),
        ),
        processor(
            "Cloudflare, Inc. (R2 object storage)",
            "Storage of uploaded media until it is published or its retention ends",
            &["images", "videos", "audio", "thumbnails"],
            "European Union (R2 EU jurisdiction)",
            StandardContractualClauses,
            date(2026, 1, 19),
        ),
        processor(
            "ActiveCampaign, LLC (Postmark)",
            "Delivery of account, policy, breach and alert email",
            &["email address", "display name", "message content"],
            "United States",
            StandardContractualClauses,
            date(2026, 2, 2),
        ),
        processor(
            "Functional Software, Inc. (Sentry)",
            "Error monitoring, without request bodies",
            &["pseudonymous user id", "request metadata", "stack traces"],
            "United States",
            DataPrivacyFramework,
            date(2026, 2, 9),
        ),
        platform(
            "Google Ireland Limited (YouTube)",
            "Publishing videos and reading their analytics, when you connect a channel",
            &["videos", "titles and descriptions", "thumbnails", TOKEN],
            "Ireland, United States",
        ),
        platform(
            "Meta Platforms Ireland Limited (Facebook, Instagram)",
            "Publishing posts and reels and reading their insights, when you connect a page or account",
            &["images", "videos", "captions", TOKEN],
            "Ireland, United States",
        ),
        platform(
            "TikTok Technology Limited",
            "Publishing videos and reading their analytics, when you connect an account",
            &["videos", "captions", TOKEN],
            "Ireland, Singapore, United States",
        ),
        platform(
            "LinkedIn Ireland Unlimited Company",
            "Publishing posts and reading their analytics, when you connect a profile or page",
            &["posts", "images", "videos", TOKEN],
            "Ireland, United States",
        ),
        platform(
            "Twitter International Unlimited Company (X)",
            "Publishing posts, when you connect an account",
            &["posts", "images", "videos", TOKEN],
            "Ireland, United States",
        ),
        platform(
            "Pinterest Europe Limited",
            "Publishing pins, when you connect an account",
            &["pins", "images", "videos", TOKEN],
            "Ireland, United States",
        ),
        platform(
            "Telegram FZ-LLC",
            "Posting to channels, when you connect a bot",
            &["messages", "images", "videos", "bot token"],
            "United Arab Emirates",
        ),
    ]
}
