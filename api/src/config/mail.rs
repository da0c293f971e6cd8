//! Settings for the transactional mail sender.

use crate::config::{ConfigError, Mode};
use secrecy::SecretString;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// The `From` of every message, e.g. `Postwarden <no-reply@example.com>`.
    pub from: String,
    /// Tries per message before it is marked `failed`. The default rides out about a day
    /// of mail-server outage: these carry breach notices and policy changes.
    pub max_attempts: i32,
    /// First retry delay; each further retry doubles it (with jitter), up to the cap.
    pub backoff_base_secs: i64,
    pub backoff_cap_secs: i64,
    /// How long a run holds a claimed message; past it another run may send it.
    pub lease_secs: i64,
    /// Messages claimed per round.
    pub batch_size: u64,
    /// Messages sent at once.
    pub concurrency: usize,
    /// With SMTP set, mail goes out through it; without, each message is written as an
    /// `.eml` file under `<data_dir>/outbox/`.
    pub smtp: Option<SmtpConfig>,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            from: "Postwarden <no-reply@localhost>".into(),
            max_attempts: 30,
            backoff_base_secs: 60,
            backoff_cap_secs: 3600,
            lease_secs: 300,
            batch_size: 20,
            concurrency: 4,
            smtp: None,
        }
    }
}

/// How the connection to the mail server is secured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on this machine; production refuses it elsewhere.
    None,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    /// By `tls` when unset: 587 for `starttls`, 465 for `tls`, 25 for `none`.
    pub port: Option<u16>,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub tls: SmtpTls,
    /// The name given in `EHLO`; the server's own address literal when unset.
    pub hello_name: Option<String>,
    /// Limit on each conversation with the server.
    pub timeout_secs: u64,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: None,
            username: None,
            password: None,
            tls: SmtpTls::Starttls,
            hello_name: None,
            timeout_secs: 30,
        }
    }
}

impl SmtpConfig {
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
            SmtpTls::None => 25,
        })
    }
}

impl MailConfig {
    pub fn validate(&self, mode: Mode) -> Result<(), ConfigError> {
        let invalid = |setting, message: &str| Err(ConfigError::Invalid { setting, message: message.to_owned() });
        if self.from.parse::<lettre::message::Mailbox>().is_err() {
            return invalid("mail.from", "must be a mailbox such as `Postwarden <no-reply@example.com>`");
        }
        if self.max_attempts < 1 {
            return invalid("mail.max_attempts", "must be at least 1");
        }
        if self.lease_secs < 1 || self.batch_size == 0 {
            return invalid("mail.lease_secs", "and mail.batch_size must be positive");
        }
        let Some(smtp) = &self.smtp else { return Ok(()) };
        if smtp.host.trim().is_empty() {
            return invalid("mail.smtp.host", "must name the mail server");
        }
        if smtp.username.is_some() != smtp.password.is_some() {
            return invalid("mail.smtp.username", "and mail.smtp.password go together");
        }
        if mode == Mode::Production && smtp.tls == SmtpTls::None && !is_loopback(&smtp.host) {
            return invalid("mail.smtp.tls", "cannot be `none` in production mode except to a relay on this machine");
        }
        // A batch must finish inside its lease, or another run would send it a second time.
        let rounds = self.batch_size.div_ceil(self.concurrency.max(1) as u64);
        if u64::try_from(self.lease_secs).unwrap_or(0) <= rounds.saturating_mul(smtp.timeout_secs) {
            return invalid(
                "mail.lease_secs",
                "must exceed mail.smtp.timeout_secs × mail.batch_size / mail.concurrency, so a batch ends inside its lease",
            );
        }
        Ok(())
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, ConfigError};
    use secrecy::ExposeSecret;

    fn load(toml: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().map_err(|e| ConfigError::Invalid { setting: "test", message: e.to_string() })?;
        let path = dir.path().join("postwarden.toml");
        std::fs::write(&path, toml).map_err(|e| ConfigError::Invalid { setting: "test", message: e.to_string() })?;
        Config::load(Some(&path))
    }

    fn setting(result: Result<Config, ConfigError>) -> Option<&'static str> {
        match result {
            Err(ConfigError::Invalid { setting, .. }) => Some(setting),
            _ => None,
        }
    }

    #[test]
    fn smtp_settings_load_and_the_password_stays_secret() {
        let config = load(
            "[mail]\nfrom = \"Postwarden <no-reply@example.com>\"\n\n[mail.smtp]\nhost = \"smtp.example.com\"\nusername = \"postwarden\"\npassword = \"hunter2-but-longer\"\ntls = \"tls\"\n",
        );
        let config = match config {
            Ok(config) => config,
            Err(err) => panic!("{err}"),
        };
        let smtp = config.mail.smtp.as_ref().expect("smtp");
        assert_eq!((smtp.host.as_str(), smtp.port(), smtp.tls), ("smtp.example.com", 465, super::SmtpTls::Tls));
        assert_eq!(smtp.password.as_ref().map(|p| p.expose_secret()), Some("hunter2-but-longer"));
        assert!(!format!("{config:?}").contains("hunter2"), "Debug never shows the password");
    }

    #[test]
    fn bad_mail_and_webhook_settings_are_refused_by_name() {
        assert_eq!(setting(load("[mail]\nfrom = \"not a mailbox\"\n")), Some("mail.from"));
        assert_eq!(setting(load("[mail.smtp]\nport = 25\n")), Some("mail.smtp.host"));
        assert_eq!(
            setting(load("[mail.smtp]\nhost = \"smtp.example.com\"\nusername = \"u\"\n")),
            Some("mail.smtp.username")
        );
        assert_eq!(
            setting(load("mode = \"production\"\n[mail.smtp]\nhost = \"smtp.example.com\"\ntls = \"none\"\n")),
            Some("mail.smtp.tls")
        );
        assert_eq!(
            setting(load("[mail]\nlease_secs = 10\n[mail.smtp]\nhost = \"smtp.example.com\"\n")),
            Some("mail.lease_secs")
        );
        assert_eq!(setting(load("[webhooks]\nmax_attempts = 0\n")), Some("webhooks.max_attempts"));
        assert_eq!(setting(load("[webhooks]\nlease_secs = 20\n")), Some("webhooks.lease_secs"));
        assert!(load("[webhooks]\nretries = 3\n").is_err(), "unknown keys are refused");
        assert!(load("mode = \"production\"\n[mail.smtp]\nhost = \"localhost\"\ntls = \"none\"\nport = 25\n").is_ok());
    }
}
