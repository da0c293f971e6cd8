//! Content: media, posts and their targets, scheduling and publishing.

mod calendar;
pub mod feed;
mod feed_cursor;
mod history;
mod inputs;
mod media;
mod mutation;
mod payloads;
mod post;
mod subscription;
mod target;

pub use calendar::CalendarDay;
pub use feed::{PostFilter, PostOrder, PostPage, calendar, media as workspace_media, posts as workspace_posts};
pub use media::Media;
pub use mutation::ContentMutation;
pub use post::Post;
pub use subscription::ContentSubscription;
pub use target::PostTarget;
