//! The breach register. An incident is recorded once and never edited; reassessments,
//! authority notifications and subject notices are appended as events, and the current
//! risk, containment and deadlines are derived from the record and its events.
//!
//! Deadlines: the authority must be told within the jurisdiction's deadline counted from
//! the moment of becoming aware (GDPR Art. 33: 72 hours; others from configuration), unless
//! the breach is assessed as low risk ("unlikely to result in a risk", Art. 33(1)), when
//! the record itself is what the law asks for. People affected are told when the risk is
//! high (Art. 34), through the outbox.

mod actions;
mod record;
mod state;

pub use actions::{
    Assessment, AuthorityNotification, SubjectsAdded, add_subjects, notify_authority, notify_subjects, reassess,
};
pub use record::{NewBreach, record};
pub use state::{AuthorityDeadline, BreachState, DeadlineStatus, SubjectNotice, load, load_many, overdue_ids};
