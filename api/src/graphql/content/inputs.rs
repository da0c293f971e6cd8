use crate::{
    error::{ApiError, ApiResult},
    graphql::relay::{GlobalId, NodeKind},
    service::posts::{self, compose::Overrides},
};
use async_graphql::{Enum, ID, InputObject};
use serde::Serialize;

/// Who may see a post on platforms that support it.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[graphql(remote = "crate::service::posts::Visibility")]
pub enum Visibility {
    /// Anyone.
    Public,
    /// Anyone with the link; not listed on the account.
    Unlisted,
    /// Only the account's owner.
    Private,
}

/// One social account to post to, with what it should send instead of the post's own
/// fields.
#[derive(InputObject, Serialize)]
pub struct TargetInput {
    /// The social account's global id; it must belong to the post's workspace.
    pub social_account_id: ID,
    /// The text for this account only (for example a shorter one for X).
    pub text: Option<String>,
    /// The title for this account only (for example a YouTube title).
    pub title: Option<String>,
    /// The description for this account only.
    pub description: Option<String>,
    /// Who may see the post on this account, where the platform supports it.
    pub visibility: Option<Visibility>,
}

/// What a post says and where it goes.
#[derive(InputObject, Serialize)]
pub struct PostContentInput {
    /// The text every target sends unless it overrides it.
    #[graphql(default)]
    pub text: String,
    /// A title, for platforms that show one.
    pub title: Option<String>,
    /// A longer description, for platforms that show one.
    pub description: Option<String>,
    /// Hashtags, with or without the `#`; appended to the text per platform.
    #[graphql(default)]
    pub hashtags: Vec<String>,
    /// Links (http or https), appended to the text per platform.
    #[graphql(default)]
    pub links: Vec<String>,
    /// Media of the same workspace, in the order they should appear.
    #[graphql(default)]
    pub media_ids: Vec<ID>,
    /// The social accounts to post to, one target each.
    pub targets: Vec<TargetInput>,
}

impl PostContentInput {
    pub fn into_content(self, path: &str) -> ApiResult<posts::PostContent> {
        let mut problems = Vec::new();
        let mut media_ids = Vec::new();
        for (i, id) in self.media_ids.iter().enumerate() {
            match GlobalId::expect(&format!("{path}.mediaIds.{i}"), id, NodeKind::Media) {
                Ok(id) => media_ids.push(id),
                Err(e) => problems.extend(e.problems),
            }
        }
        let mut targets = Vec::new();
        for (i, t) in self.targets.into_iter().enumerate() {
            match GlobalId::expect(
                &format!("{path}.targets.{i}.socialAccountId"),
                &t.social_account_id,
                NodeKind::Connection,
            ) {
                Ok(connection_id) => targets.push(posts::TargetInput {
                    connection_id,
                    overrides: Overrides {
                        text: t.text,
                        title: t.title,
                        description: t.description,
                        visibility: t.visibility.map(Into::into),
                    },
                }),
                Err(e) => problems.extend(e.problems),
            }
        }
        if !problems.is_empty() {
            return Err(ApiError::invalid(problems));
        }
        Ok(posts::PostContent {
            text: self.text,
            title: self.title,
            description: self.description,
            hashtags: self.hashtags,
            links: self.links,
            media_ids,
            targets,
        })
    }
}
