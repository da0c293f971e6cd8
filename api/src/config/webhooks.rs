//! Settings for webhook delivery.

use crate::config::ConfigError;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebhooksConfig {
    /// Tries per delivery before it is marked `failed`.
    pub max_attempts: i32,
    /// First retry delay; each further retry doubles it (with jitter), up to the cap.
    pub backoff_base_secs: i64,
    pub backoff_cap_secs: i64,
    /// How long a run holds a claimed delivery; past it another run may send it.
    pub lease_secs: i64,
    /// Deliveries claimed per round.
    pub batch_size: u64,
    /// Deliveries sent at once.
    pub concurrency: usize,
    /// Timeout of one delivery request, connection included.
    pub request_timeout_secs: u64,
}

impl Default for WebhooksConfig {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            backoff_base_secs: 30,
            backoff_cap_secs: 6 * 3600,
            lease_secs: 300,
            batch_size: 50,
            concurrency: 8,
            request_timeout_secs: 10,
        }
    }
}

impl WebhooksConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |setting, message: &str| Err(ConfigError::Invalid { setting, message: message.to_owned() });
        if self.max_attempts < 1 {
            return invalid("webhooks.max_attempts", "must be at least 1");
        }
        if self.request_timeout_secs == 0 || self.batch_size == 0 {
            return invalid("webhooks.request_timeout_secs", "and webhooks.batch_size must be positive");
        }
        // A batch must finish inside its lease, or another run would send it a second time.
        let rounds = self.batch_size.div_ceil(self.concurrency.max(1) as u64);
        if u64::try_from(self.lease_secs).unwrap_or(0) <= rounds.saturating_mul(self.request_timeout_secs) {
            return invalid(
                "webhooks.lease_secs",
                "must exceed webhooks.request_timeout_secs × webhooks.batch_size / webhooks.concurrency, so a batch ends inside its lease",
            );
        }
        Ok(())
    }
}
