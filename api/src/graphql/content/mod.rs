//! Content: media, posts and their targets, scheduling and publishing.

mod calendar;
mod feed_cursor;
mod inputs;
mod media;
mod mutation;
mod post;
mod query;
mod subscription;
mod target;

pub use media::Media;
pub use mutation::ContentMutation;
pub use post::Post;
pub use query::ContentQuery;
pub use subscription::ContentSubscription;
pub use target::PostTarget;
