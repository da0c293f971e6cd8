use crate::{
    error::{ApiError, ApiResult},
    graphql::relay::{GlobalId, NodeKind},
    service::posts::{self, compose::Overrides},
};
use async_graphql::{Enum, ID, InputObject};

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::service::posts::Visibility")]
pub enum Visibility {
    Public,
    Unlisted,
    Private,
}

/// One account to post to, with what it should send instead of the post's own fields.
#[derive(InputObject)]
pub struct TargetInput {
    pub connection_id: ID,
    /// e.g. a shorter text for X.
    pub text: Option<String>,
    /// e.g. a YouTube title.
    pub title: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<Visibility>,
}

#[derive(InputObject)]
pub struct PostContentInput {
    #[graphql(default)]
    pub text: String,
    pub title: Option<String>,
    pub description: Option<String>,
    #[graphql(default)]
    pub hashtags: Vec<String>,
    #[graphql(default)]
    pub links: Vec<String>,
    /// In the order they should appear.
    #[graphql(default)]
    pub media_ids: Vec<ID>,
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
            match GlobalId::expect(&format!("{path}.targets.{i}.connectionId"), &t.connection_id, NodeKind::Connection)
            {
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
