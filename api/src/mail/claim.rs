//! The mail outbox as a leased queue (see `queue::lease`).

use crate::queue::lease::Leased;
use entity::outbox_emails::{Column, Entity};

impl Leased for Entity {
    const ID: Column = Column::Id;
    const STATUS: Column = Column::Status;
    const NEXT_ATTEMPT_AT: Column = Column::NextAttemptAt;
    const LEASE_UNTIL: Column = Column::LeaseUntil;
    const ATTEMPTS: Column = Column::Attempts;
    const PENDING: &'static str = compliance::outbox::PENDING;
}
