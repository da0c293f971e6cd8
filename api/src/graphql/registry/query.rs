use super::{DataController, ProcessingActivity, ProcessingRecords, Processor};
use crate::{
    auth::{app_state, require_compliance_officer},
    error::ApiResult,
};
use async_graphql::{Context, Object};

#[derive(Default)]
pub struct RegistryQuery;

#[Object]
impl RegistryQuery {
    /// Every sub-processor and every platform data may go to, with what is shared, where,
    /// and under which transfer safeguard. Public.
    async fn subprocessors(&self, ctx: &Context<'_>) -> ApiResult<Vec<Processor>> {
        Ok(app_state(ctx)?.config.compliance.processors.iter().map(Processor::from).collect())
    }

    /// The records of processing activities (GDPR Art. 30) (compliance officers only).
    async fn processing_records(&self, ctx: &Context<'_>) -> ApiResult<ProcessingRecords> {
        require_compliance_officer(ctx).await?;
        let config = &app_state(ctx)?.config.compliance;
        Ok(ProcessingRecords {
            controller: DataController {
                name: config.controller.name.clone(),
                contact: config.controller.contact.clone(),
                dpo_contact: config.controller.dpo_contact.clone(),
            },
            activities: config.processing_activities.iter().map(ProcessingActivity::from).collect(),
        })
    }
}
