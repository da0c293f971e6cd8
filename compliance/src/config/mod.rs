//! The engine's configuration: consent purposes, the processor registry, the records of
//! processing, and breach-notification deadlines. Every type deserialises with unknown keys
//! refused, and the defaults describe this product as it ships.

mod activities;
mod breach;
mod processors;
mod purposes;

pub use activities::{Controller, ProcessingActivity};
pub use breach::{BreachConfig, Deadline, GDPR, Jurisdiction};
pub use processors::{Processor, Relationship, TransferSafeguard};
pub use purposes::{LegalBasis, Purpose};

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The shortest notice a material policy change may be given, whatever the configuration.
pub const MIN_MATERIAL_NOTICE_DAYS: i64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplianceConfig {
    /// Days between publishing a material policy change and its taking effect.
    pub material_change_notice_days: i64,
    /// A header set by a trusted proxy with the client's ISO country code (such as
    /// `cf-ipcountry`); consent events record the country only when this is set.
    pub country_header: Option<String>,
    pub controller: Controller,
    pub purposes: Vec<Purpose>,
    pub processors: Vec<Processor>,
    pub processing_activities: Vec<ProcessingActivity>,
    pub breach: BreachConfig,
}

impl Default for ComplianceConfig {
    fn default() -> Self {
        Self {
            material_change_notice_days: MIN_MATERIAL_NOTICE_DAYS,
            country_header: None,
            controller: Controller::default(),
            purposes: purposes::defaults(),
            processors: processors::defaults(),
            processing_activities: activities::defaults(),
            breach: BreachConfig::default(),
        }
    }
}

/// A setting that does not hold, named as it appears in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub setting: &'static str,
    pub message: String,
}

fn problem(setting: &'static str, message: impl Into<String>) -> ConfigProblem {
    ConfigProblem { setting, message: message.into() }
}

/// Ids are stored in the ledger and the breach register, so they must stay plain.
fn is_identifier(id: &str) -> bool {
    (1..=32).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl ComplianceConfig {
    pub fn validate(&self) -> Result<(), ConfigProblem> {
        if self.material_change_notice_days < MIN_MATERIAL_NOTICE_DAYS {
            return Err(problem(
                "compliance.material_change_notice_days",
                format!("must be at least {MIN_MATERIAL_NOTICE_DAYS}"),
            ));
        }
        if let Some(header) = &self.country_header
            && (header.is_empty() || !header.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(problem("compliance.country_header", "must be an HTTP header name"));
        }
        let mut seen = HashSet::new();
        for purpose in &self.purposes {
            if !is_identifier(&purpose.id) {
                return Err(problem(
                    "compliance.purposes",
                    format!("id `{}` must be 1-32 lowercase letters, digits or underscores", purpose.id),
                ));
            }
            if !seen.insert(purpose.id.as_str()) {
                return Err(problem("compliance.purposes", format!("id `{}` appears twice", purpose.id)));
            }
            if purpose.description.trim().is_empty() {
                return Err(problem("compliance.purposes", format!("`{}` needs a description", purpose.id)));
            }
        }
        if let Some(p) = self.processors.iter().find(|p| p.name.trim().is_empty()) {
            return Err(problem("compliance.processors", format!("a processor for `{}` has no name", p.purpose)));
        }
        let mut seen = HashSet::new();
        for activity in &self.processing_activities {
            if !is_identifier(&activity.id) || !seen.insert(activity.id.as_str()) {
                return Err(problem(
                    "compliance.processing_activities",
                    format!("id `{}` is malformed or appears twice", activity.id),
                ));
            }
        }
        self.breach.validate()
    }

    pub fn purpose(&self, id: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|p| p.id == id)
    }

    /// The sale/share purposes a Global Privacy Control signal opts out of.
    pub fn sale_or_share_purposes(&self) -> impl Iterator<Item = &Purpose> {
        self.purposes.iter().filter(|p| p.sale_or_share)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_hold() {
        let config = ComplianceConfig::default();
        assert_eq!(config.validate(), Ok(()));
        let ids: Vec<&str> = config.purposes.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "milestone_alerts",
                "product_updates",
                "product_analytics",
                "ai_training_on_private_content",
                "personalisation"
            ]
        );
        let ai = config.purpose("ai_training_on_private_content");
        assert!(ai.is_some_and(|p| !p.default_allowed() && p.sale_or_share));
        assert!(!config.processors.is_empty() && !config.processing_activities.is_empty());
    }

    #[test]
    fn bad_settings_are_named() {
        let config = ComplianceConfig { material_change_notice_days: 7, ..Default::default() };
        assert_eq!(config.validate().map_err(|p| p.setting), Err("compliance.material_change_notice_days"));

        let mut config = ComplianceConfig::default();
        let copy = config.purposes[0].clone();
        config.purposes.push(copy);
        assert_eq!(config.validate().map_err(|p| p.setting), Err("compliance.purposes"));

        let mut config = ComplianceConfig::default();
        config.purposes[0].id = "Not An Id".into();
        assert!(config.validate().is_err());
    }
}
