//! The privacy engine. It takes a database connection and a [`Clock`] and knows nothing of
//! HTTP or GraphQL, so resolvers, background jobs and the CLI all call the same functions.

pub mod audit;
pub mod breach;
pub mod clock;
pub mod config;
pub mod consent;
pub mod data_map;
pub mod db;
pub mod error;
pub mod mailings;
pub mod outbox;
pub mod policy;
pub mod ports;
pub mod registry;
pub mod restrictions;
pub mod retention;

pub use clock::{Clock, ManualClock, SharedClock, SystemClock};
pub use error::{Error, Result};
