use serde::{Deserialize, Serialize};

/// The lawful basis a purpose rests on (GDPR Art. 6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    Consent,
    Contract,
    LegitimateInterest,
    LegalObligation,
}

/// Something personal data is used for, which a person can agree to or refuse.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    pub id: String,
    pub description: String,
    pub legal_basis: LegalBasis,
    /// Selling or sharing in the CCPA/CPRA sense: a Global Privacy Control signal opts out.
    pub sale_or_share: bool,
}

impl Purpose {
    /// What holds before the person has said anything. Consent is opt-in, so a purpose that
    /// rests on it is off until granted; the other bases apply until the person objects.
    pub fn default_allowed(&self) -> bool {
        self.legal_basis != LegalBasis::Consent
    }

    /// Processing required by law cannot be refused.
    pub fn can_be_withdrawn(&self) -> bool {
        self.legal_basis != LegalBasis::LegalObligation
    }
}

fn purpose(id: &str, description: &str, legal_basis: LegalBasis, sale_or_share: bool) -> Purpose {
    Purpose { id: id.into(), description: description.into(), legal_basis, sale_or_share }
}

pub(super) fn defaults() -> Vec<Purpose> {
    use LegalBasis::*;
    vec![
        purpose(
            "milestone_alerts",
            "Email alerts when a published post reaches a view or engagement milestone.",
            // Off until the person asks for them: the alerts are optional mail.
            Consent,
            false,
        ),
        purpose("product_updates", "Marketing email about new features, offers and events.", Consent, false),
        purpose(
            "product_analytics",
            "Measuring how the product is used, to fix problems and improve it.",
            LegitimateInterest,
            false,
        ),
        // Content would reach a model provider to improve its models, for its own benefit:
        // a disclosure the CPRA treats as sale/share, so Global Privacy Control opts out.
        purpose(
            "ai_training_on_private_content",
            "Using your private drafts and media to train AI models. Off unless you turn it on.",
            Consent,
            true,
        ),
        purpose(
            "personalisation",
            "Suggestions (best times to post, captions, hashtags) drawn from your own activity.",
            Consent,
            false,
        ),
    ]
}
