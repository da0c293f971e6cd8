//! Fake external services that really listen on loopback, so the code under test goes
//! through its real HTTP clients.

pub mod platform;
