//! The processor registry and the records of processing (GDPR Art. 30), both held in
//! configuration, as the documents the service publishes and exports.

use crate::config::{ComplianceConfig, Controller, ProcessingActivity, Processor};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The public list of sub-processors and the platforms data goes to on a person's request.
#[derive(Debug, Serialize)]
pub struct SubprocessorList<'a> {
    pub controller: &'a str,
    pub generated_at: DateTime<Utc>,
    pub processors: &'a [Processor],
}

/// The Art. 30(1) record, for a supervisory authority on request.
#[derive(Debug, Serialize)]
pub struct RecordsOfProcessing<'a> {
    pub controller: &'a Controller,
    pub generated_at: DateTime<Utc>,
    pub activities: &'a [ProcessingActivity],
    pub processors: &'a [Processor],
}

pub fn subprocessors(config: &ComplianceConfig, now: DateTime<Utc>) -> SubprocessorList<'_> {
    SubprocessorList { controller: &config.controller.name, generated_at: now, processors: &config.processors }
}

pub fn records_of_processing(config: &ComplianceConfig, now: DateTime<Utc>) -> RecordsOfProcessing<'_> {
    RecordsOfProcessing {
        controller: &config.controller,
        generated_at: now,
        activities: &config.processing_activities,
        processors: &config.processors,
    }
}
