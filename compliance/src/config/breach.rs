use super::{ConfigProblem, is_identifier, problem};
use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// How long after becoming aware of a breach the authority must be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    Hours(u32),
    /// Monday to Friday, counted from the day after awareness, at the same time of day.
    BusinessDays(u32),
}

impl Deadline {
    pub fn due(self, aware_at: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Deadline::Hours(hours) => aware_at + Duration::hours(i64::from(hours)),
            Deadline::BusinessDays(days) => {
                let mut due = aware_at;
                let mut left = days;
                while left > 0 {
                    due += Duration::days(1);
                    if !matches!(due.weekday(), Weekday::Sat | Weekday::Sun) {
                        left -= 1;
                    }
                }
                due
            }
        }
    }
}

/// A legal regime with its own authority-notification deadline.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    pub id: String,
    pub name: String,
    pub authority: String,
    pub authority_deadline: Deadline,
}

/// GDPR Art. 33: built in, so it cannot be configured away.
pub static GDPR: std::sync::LazyLock<Jurisdiction> = std::sync::LazyLock::new(|| Jurisdiction {
    id: "eu".into(),
    name: "GDPR Art. 33".into(),
    authority: "Lead supervisory authority".into(),
    authority_deadline: Deadline::Hours(72),
});

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreachConfig {
    /// Jurisdictions beyond the built-in GDPR rule (`eu`).
    pub jurisdictions: Vec<Jurisdiction>,
}

impl Default for BreachConfig {
    fn default() -> Self {
        Self {
            jurisdictions: vec![
                Jurisdiction {
                    id: "uk".into(),
                    name: "UK GDPR Art. 33".into(),
                    authority: "Information Commissioner's Office".into(),
                    authority_deadline: Deadline::Hours(72),
                },
                Jurisdiction {
                    id: "br".into(),
                    name: "LGPD Art. 48 (ANPD Resolution 15/2024)".into(),
                    authority: "Autoridade Nacional de Proteção de Dados".into(),
                    authority_deadline: Deadline::BusinessDays(3),
                },
            ],
        }
    }
}

impl BreachConfig {
    pub(super) fn validate(&self) -> Result<(), ConfigProblem> {
        let mut seen = vec![GDPR.id.as_str()];
        for j in &self.jurisdictions {
            if !is_identifier(&j.id) || seen.contains(&j.id.as_str()) {
                return Err(problem(
                    "compliance.breach.jurisdictions",
                    format!("id `{}` is malformed, repeated or the built-in `eu`", j.id),
                ));
            }
            if matches!(j.authority_deadline, Deadline::Hours(0) | Deadline::BusinessDays(0)) {
                return Err(problem(
                    "compliance.breach.jurisdictions",
                    format!("`{}` needs a deadline longer than zero", j.id),
                ));
            }
            seen.push(&j.id);
        }
        Ok(())
    }

    /// The built-in GDPR rule, then the configured ones.
    pub fn all(&self) -> impl Iterator<Item = &Jurisdiction> {
        std::iter::once(&*GDPR).chain(self.jurisdictions.iter())
    }

    pub fn jurisdiction(&self, id: &str) -> Option<&Jurisdiction> {
        self.all().find(|j| j.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap_or_default()
    }

    #[test]
    fn hours_count_every_hour() {
        // 2026-11-27 is a Friday: 72 hours run through the weekend.
        assert_eq!(Deadline::Hours(72).due(at(2026, 11, 27, 10)), at(2026, 11, 30, 10));
    }

    #[test]
    fn business_days_skip_weekends() {
        // Friday + 3 business days = Wednesday; Saturday + 3 = Wednesday too.
        assert_eq!(Deadline::BusinessDays(3).due(at(2026, 11, 27, 10)), at(2026, 12, 2, 10));
        assert_eq!(Deadline::BusinessDays(3).due(at(2026, 11, 28, 10)), at(2026, 12, 2, 10));
        // Monday + 3 = Thursday.
        assert_eq!(Deadline::BusinessDays(3).due(at(2026, 11, 23, 10)), at(2026, 11, 26, 10));
    }

    #[test]
    fn gdpr_is_always_there_and_cannot_be_redefined() {
        let mut config = BreachConfig::default();
        assert_eq!(config.jurisdiction("eu").map(|j| j.authority_deadline), Some(Deadline::Hours(72)));
        config.jurisdictions.push(GDPR.clone());
        assert!(config.validate().is_err());
    }
}
