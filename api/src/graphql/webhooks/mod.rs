//! Outgoing webhooks: where a workspace's post events are sent, signed, and the log of
//! every delivery. Editors and owners manage them, with a signed-in session.

mod delivery;
mod event;
mod mutation;
mod query;
mod webhook;

pub use delivery::WebhookDelivery;
pub use event::WebhookEvent;
pub use mutation::WebhooksMutation;
pub use query::webhooks;
pub use webhook::Webhook;
