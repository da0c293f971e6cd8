use async_graphql::Enum;

/// What a webhook can be told about. The receiver sees the dotted name in the
/// `Postwarden-Event` header and in the payload's `type`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookEvent {
    /// `post.scheduled`: a post is waiting for its time.
    PostScheduled,
    /// `post.published`: every target of a post went out.
    PostPublished,
    /// `post.failed`: at least one target could not be published.
    PostFailed,
    /// `post.cancelled`: a post was called off.
    PostCancelled,
}

const ALL: [WebhookEvent; 4] =
    [WebhookEvent::PostScheduled, WebhookEvent::PostPublished, WebhookEvent::PostFailed, WebhookEvent::PostCancelled];

impl WebhookEvent {
    pub const fn name(self) -> &'static str {
        match self {
            WebhookEvent::PostScheduled => "post.scheduled",
            WebhookEvent::PostPublished => "post.published",
            WebhookEvent::PostFailed => "post.failed",
            WebhookEvent::PostCancelled => "post.cancelled",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        ALL.into_iter().find(|e| e.name() == name)
    }

    /// The stored, space-separated list, skipping names this version does not know.
    pub fn list(stored: &str) -> Vec<Self> {
        stored.split_whitespace().filter_map(Self::parse).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::webhooks::EVENTS;

    #[test]
    fn the_enum_names_every_event_the_service_queues() {
        let names: Vec<&str> = ALL.iter().map(|e| e.name()).collect();
        assert_eq!(names, EVENTS);
        assert_eq!(
            WebhookEvent::list("post.failed nonsense post.published"),
            [WebhookEvent::PostFailed, WebhookEvent::PostPublished]
        );
    }
}
