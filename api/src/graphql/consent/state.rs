use super::{ConsentEvent, ConsentPurpose};
use crate::graphql::enums::ConsentSource;
use async_graphql::Object;
use chrono::{DateTime, Utc};
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

#[Object]
impl Consent {
    async fn purpose(&self) -> &ConsentPurpose {
        &self.purpose
    }

    async fn granted(&self) -> bool {
        self.granted
    }

    /// True while you have not chosen and the purpose's default applies.
    async fn is_default(&self) -> bool {
        self.latest.is_none()
    }

    async fn source(&self) -> Option<ConsentSource> {
        self.latest.as_ref().map(|e| e.source.into())
    }

    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.latest.as_ref().map(|e| e.occurred_at)
    }

    /// The ledger event that decided the current state.
    async fn event(&self) -> Option<ConsentEvent> {
        self.latest.clone().map(ConsentEvent)
    }
}
