use crate::graphql::enums::LegalBasis;
use async_graphql::SimpleObject;

/// One record of processing activities (GDPR Art. 30(1)).
#[derive(SimpleObject)]
pub struct ProcessingActivity {
    pub id: String,
    pub name: String,
    pub purpose: String,
    pub legal_basis: LegalBasis,
    pub data_categories: Vec<String>,
    pub data_subjects: Vec<String>,
    pub recipients: Vec<String>,
    pub international_transfers: String,
    pub retention: String,
    pub security_measures: Vec<String>,
}

impl From<&compliance::config::ProcessingActivity> for ProcessingActivity {
    fn from(a: &compliance::config::ProcessingActivity) -> Self {
        Self {
            id: a.id.clone(),
            name: a.name.clone(),
            purpose: a.purpose.clone(),
            legal_basis: a.legal_basis.into(),
            data_categories: a.data_categories.clone(),
            data_subjects: a.data_subjects.clone(),
            recipients: a.recipients.clone(),
            international_transfers: a.international_transfers.clone(),
            retention: a.retention.clone(),
            security_measures: a.security_measures.clone(),
        }
    }
}

/// Who answers for the processing.
#[derive(SimpleObject)]
pub struct DataController {
    pub name: String,
    pub contact: String,
    pub dpo_contact: String,
}

/// The records of processing activities, as a supervisory authority may ask for them.
#[derive(SimpleObject)]
pub struct ProcessingRecords {
    pub controller: DataController,
    pub activities: Vec<ProcessingActivity>,
}
