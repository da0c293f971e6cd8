//! The processor registry (public) and the records of processing (compliance officers),
//! both from configuration. Also exported as JSON at `/compliance/subprocessors.json` and
//! `/compliance/processing-records.json`.

mod activity;
mod processor;
mod query;

pub use activity::{DataController, ProcessingActivity, ProcessingRecords};
pub use processor::Processor;
pub use query::RegistryQuery;
