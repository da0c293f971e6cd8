//! Sending through an SMTP server with lettre, on tokio and rustls.

use super::SendError;
use crate::config::{SmtpConfig, SmtpTls};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::smtp::{self, authentication::Credentials, extension::ClientId},
};
use secrecy::ExposeSecret;
use std::time::Duration;

#[derive(Clone)]
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl std::fmt::Debug for SmtpSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSender").finish_non_exhaustive()
    }
}

impl SmtpSender {
    pub fn new(config: &SmtpConfig) -> anyhow::Result<Self> {
        let builder = match config.tls {
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)?,
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)?,
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host),
        };
        let mut builder = builder.port(config.port()).timeout(Some(Duration::from_secs(config.timeout_secs.max(1))));
        if let (Some(username), Some(password)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(username.clone(), password.expose_secret().to_owned()));
        }
        if let Some(name) = &config.hello_name {
            builder = builder.hello_name(ClientId::Domain(name.clone()));
        }
        Ok(Self { transport: builder.build() })
    }

    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        self.transport.send(message.clone()).await.map(|_| ()).map_err(|err| classify(&err))
    }
}

/// Our own words for what went wrong: the server's text can quote the recipient's address,
/// and the error is stored and may be logged.
fn classify(err: &smtp::Error) -> SendError {
    let code = err.status().map(|code| code.to_string());
    if err.is_permanent() {
        SendError::Permanent(format!("the mail server refused the message ({})", code.as_deref().unwrap_or("5xx")))
    } else if err.is_transient() {
        SendError::Transient(format!("the mail server asked us to try later ({})", code.as_deref().unwrap_or("4xx")))
    } else if err.is_timeout() {
        SendError::Transient("the mail server did not answer in time".into())
    } else if err.is_tls() {
        SendError::Transient("the secure connection to the mail server failed".into())
    } else {
        SendError::Transient("could not talk to the mail server".into())
    }
}
