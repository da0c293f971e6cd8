//! Which way mail leaves: SMTP when configured, otherwise files.

use super::{SendError, file::FileSender, smtp::SmtpSender};
use crate::config::Config;
use lettre::Message;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub enum Sender {
    File(FileSender),
    Smtp(SmtpSender),
}

impl Sender {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        Ok(match &config.mail.smtp {
            Some(smtp) => Sender::Smtp(SmtpSender::new(smtp)?),
            None => Sender::File(FileSender::new(config.data_dir.join("outbox"))),
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Sender::File(_) => "file",
            Sender::Smtp(_) => "smtp",
        }
    }

    pub async fn send(&self, id: Uuid, message: &Message) -> Result<(), SendError> {
        match self {
            Sender::File(file) => file.send(id, message).await,
            Sender::Smtp(smtp) => smtp.send(message).await,
        }
    }
}
