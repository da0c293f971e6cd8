//! The breach register, for compliance officers: incidents, their deadlines, and the
//! notifications that answer them.

mod breach;
mod deadline;
mod event;
mod mutation;
mod query;

pub use breach::Breach;
pub use mutation::BreachesMutation;
pub use query::BreachesQuery;
