//! Transactional mail: the job that sends what features queued in the outbox
//! (`compliance::outbox`), through SMTP when configured or as `.eml` files otherwise.

mod claim;
mod file;
mod job;
mod message;
mod send_error;
mod sender;
mod smtp;

pub use crate::config::{MailConfig, SmtpConfig, SmtpTls};
pub use job::{OutboxReport, run};
pub use send_error::SendError;
pub use sender::Sender;
