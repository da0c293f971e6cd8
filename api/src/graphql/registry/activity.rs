use crate::graphql::enums::LegalBasis;
use async_graphql::SimpleObject;

/// One record of processing activities (GDPR Art. 30(1)).
#[derive(SimpleObject)]
pub struct ProcessingActivity {
    /// The activity's stable key in the records, e.g. `publishing`.
    pub key: String,
    /// The activity's name.
    pub name: String,
    /// Why the data is processed.
    pub purpose: String,
    /// The lawful basis for it (GDPR Art. 6).
    pub legal_basis: LegalBasis,
    /// The kinds of personal data processed.
    pub data_categories: Vec<String>,
    /// Whose data it is, e.g. `account holders`.
    pub data_subjects: Vec<String>,
    /// Who receives the data.
    pub recipients: Vec<String>,
    /// Transfers outside the EEA and their safeguards, in words.
    pub international_transfers: String,
    /// How long the data is kept.
    pub retention: String,
    /// The technical and organisational measures protecting it.
    pub security_measures: Vec<String>,
}

impl From<&compliance::config::ProcessingActivity> for ProcessingActivity {
    fn from(a: &compliance::config::ProcessingActivity) -> Self {
        Self {
            key: a.id.clone(),
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
    /// The controller's legal name.
    pub name: String,
    /// How to reach the controller.
    pub contact: String,
    /// How to reach the data protection officer.
    pub dpo_contact: String,
}

/// The records of processing activities, as a supervisory authority may ask for them.
#[derive(SimpleObject)]
pub struct ProcessingRecords {
    /// Who answers for the processing.
    pub controller: DataController,
    /// Every processing activity.
    pub activities: Vec<ProcessingActivity>,
}
