//! Fake external services that really listen on loopback, so the code under test goes
//! through its real HTTP and SMTP clients.

pub mod platform;
pub mod receiver;
pub mod smtp;
