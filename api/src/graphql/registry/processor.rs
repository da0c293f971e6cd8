use crate::graphql::enums::{ProcessorRelationship, TransferSafeguard};
use crate::graphql::scalars::Date;
use async_graphql::SimpleObject;

/// Someone your data goes to: a sub-processor working for us, or a platform you connect.
#[derive(SimpleObject)]
pub struct Processor {
    /// Its name.
    pub name: String,
    /// What it does with the data.
    pub purpose: String,
    /// The kinds of personal data it receives.
    pub data_categories: Vec<String>,
    /// Where the data is processed.
    pub location: String,
    /// What makes a transfer outside the EEA lawful.
    pub transfer_safeguard: TransferSafeguard,
    /// When the data processing agreement was signed (processors only).
    pub dpa_signed_on: Option<Date>,
    /// Whether it works for us or answers for the data itself.
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
            dpa_signed_on: p.dpa_signed_on.map(Into::into),
            relationship: p.relationship.into(),
        }
    }
}
