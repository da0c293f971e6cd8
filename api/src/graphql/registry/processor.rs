use crate::graphql::enums::{ProcessorRelationship, TransferSafeguard};
use async_graphql::SimpleObject;
use chrono::NaiveDate;

/// Someone your data goes to: a sub-processor working for us, or a platform you connect.
#[derive(SimpleObject)]
pub struct Processor {
    pub name: String,
    pub purpose: String,
    pub data_categories: Vec<String>,
    /// Where the data is processed.
    pub location: String,
    pub transfer_safeguard: TransferSafeguard,
    /// When the data processing agreement was signed (processors only).
    pub dpa_signed_on: Option<NaiveDate>,
    pub relationship: ProcessorRelationship,
}

impl From<&compliance::config::Processor> for Processor {
    fn from(p: &compliance::config::Processor) -> Self {
        Self {
            name: p.name.clone(),
            purpose: p.purpose.clone(),
            data_categories: p.data_categories.clone(),
            location: p.location.clone(),
            transfer_safeguard: p.transfer_safeguard.into(),
            dpa_signed_on: p.dpa_signed_on,
            relationship: p.relationship.into(),
        }
    }
}
