//! Transactional mail: the job that sends what features queued in the outbox
//! (`compliance::outbox`), through SMTP when configured or as `.eml` files otherwise.

mod claim;
pub mod config;
mod file;
mod job;
mod message;
mod sender;
mod smtp;

pub use config::{MailConfig, SmtpConfig, SmtpTls};
pub use job::{OutboxReport, run};
pub use sender::{SendError, Sender};
