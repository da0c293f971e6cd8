use crate::{
    error::ApiResult,
    graphql::{
        enums::ConsentSource,
        relay::{GlobalId, NodeKind},
    },
};
use async_graphql::{ID, InputObject};
use chrono::{DateTime, Utc};
use compliance::consent::ConsentFilter;

/// Narrows the ledger; every field is optional and they combine with AND.
#[derive(InputObject, Default)]
pub struct ConsentEventFilter {
    /// A `User` id.
    pub subject: Option<ID>,
    pub purpose: Option<String>,
    pub source: Option<ConsentSource>,
    pub granted: Option<bool>,
    /// Inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub to: Option<DateTime<Utc>>,
}

impl ConsentEventFilter {
    pub fn parse(self) -> ApiResult<ConsentFilter> {
        Ok(ConsentFilter {
            subject_id: self.subject.map(|id| GlobalId::expect("filter.subject", &id, NodeKind::User)).transpose()?,
            purpose: self.purpose,
            source: self.source.map(Into::into),
            granted: self.granted,
            from: self.from,
            to: self.to,
        })
    }
}
