use crate::graphql::enums::LegalBasis;
use async_graphql::SimpleObject;

/// Something your data may be used for, and what you can say about it.
#[derive(SimpleObject, Clone)]
pub struct ConsentPurpose {
    /// A stable key such as `product_updates`.
    pub key: String,
    /// What the purpose is, for a person to read.
    pub description: String,
    /// Why the processing is lawful.
    pub legal_basis: LegalBasis,
    /// Selling or sharing in the CCPA sense; Global Privacy Control opts out of these.
    pub sale_or_share: bool,
    /// What applies before you choose: consent-based purposes are off until granted.
    pub granted_by_default: bool,
    /// False only for processing the law requires.
    pub can_be_withdrawn: bool,
}

impl From<&compliance::config::Purpose> for ConsentPurpose {
    fn from(p: &compliance::config::Purpose) -> Self {
        Self {
            key: p.id.clone(),
            description: p.description.clone(),
            legal_basis: p.legal_basis.into(),
            sale_or_share: p.sale_or_share,
            granted_by_default: p.default_allowed(),
            can_be_withdrawn: p.can_be_withdrawn(),
        }
    }
}
