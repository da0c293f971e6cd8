use super::{ConsentEvent, ConsentPurpose};
use crate::graphql::{enums::ConsentSource, scalars::DateTime};
use async_graphql::Object;
use compliance::consent::ConsentState;

/// Where one purpose stands for you now.
pub struct Consent {
    pub purpose: ConsentPurpose,
    pub granted: bool,
    pub latest: Option<entity::consent_events::Model>,
}

impl From<ConsentState<'_>> for Consent {
    fn from(state: ConsentState<'_>) -> Self {
        Self { purpose: state.purpose.into(), granted: state.granted, latest: state.latest }
    }
}

/// Where one purpose stands for you now.
#[Object]
impl Consent {
    /// The purpose.
    async fn purpose(&self) -> &ConsentPurpose {
        &self.purpose
    }

    /// Whether your data may be used for it now.
    async fn granted(&self) -> bool {
        self.granted
    }

    /// True while you have not chosen and the purpose's default applies.
    async fn is_default(&self) -> bool {
        self.latest.is_none()
    }

    /// How the current state was decided; null while the default applies.
    async fn source(&self) -> Option<ConsentSource> {
        self.latest.as_ref().map(|e| e.source.into())
    }

    /// When the current state was decided; null while the default applies.
    async fn decided_at(&self) -> Option<DateTime> {
        self.latest.as_ref().map(|e| e.occurred_at.into())
    }

    /// The ledger event that decided the current state.
    async fn event(&self) -> Option<ConsentEvent> {
        self.latest.clone().map(ConsentEvent)
    }
}
