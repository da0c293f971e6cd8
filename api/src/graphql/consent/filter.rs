use crate::{
    error::ApiResult,
    graphql::{
        enums::ConsentSource,
        relay::{GlobalId, NodeKind},
        scalars::DateTime,
    },
};
use async_graphql::{ID, InputObject};
use compliance::consent::ConsentFilter;

/// Narrows the ledger; every field is optional and they combine with AND.
#[derive(InputObject, Default)]
#[graphql(name = "ConsentEventFilterInput")]
pub struct ConsentEventFilter {
    /// Only this person's choices (a `User` id).
    pub subject: Option<ID>,
    /// Only this purpose (its key, such as `product_updates`).
    pub purpose_key: Option<String>,
    /// Only choices made this way.
    pub source: Option<ConsentSource>,
    /// Only grants (true) or only withdrawals (false).
    pub granted: Option<bool>,
    /// Made at or after this instant.
    pub from: Option<DateTime>,
    /// Made before this instant.
    pub to: Option<DateTime>,
}

impl ConsentEventFilter {
    pub fn parse(self) -> ApiResult<ConsentFilter> {
        Ok(ConsentFilter {
            subject_id: self.subject.map(|id| GlobalId::expect("filter.subject", &id, NodeKind::User)).transpose()?,
            purpose: self.purpose_key,
            source: self.source.map(Into::into),
            granted: self.granted,
            from: self.from.map(Into::into),
            to: self.to.map(Into::into),
        })
    }
}
