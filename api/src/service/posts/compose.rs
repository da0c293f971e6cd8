//! Composing posts: drafts may be incomplete, so platform problems are reported on the
//! post rather than refused; scheduling is where they must all be solved.

use super::{lock, rules, status};
use crate::{
    auth::WorkspaceAccess,
    error::{Error, Problem, Result},
    service::Svc,
};
use compliance::db::begin_write;
use entity::{
    connections, media, post_media, post_targets, posts,
    sea_orm_active_enums::{Platform, PublishStatus},
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

const TEXT_MAX: usize = 100_000;
const LIST_MAX: usize = 30;
const TARGETS_MAX: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Unlisted,
    Private,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
}

impl Overrides {
    pub fn parse(stored: &str) -> Self {
        serde_json::from_str(stored).unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct TargetInput {
    pub connection_id: Uuid,
    pub overrides: Overrides,
}

#[derive(Debug, Clone)]
pub struct PostContent {
    pub text: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub hashtags: Vec<String>,
    pub links: Vec<String>,
    pub media_ids: Vec<Uuid>,
    pub targets: Vec<TargetInput>,
}

/// The text a platform receives: the body, then links (Pinterest takes its link apart),
/// then hashtags.
pub fn final_text(text: &str, links: &[String], hashtags: &[String], platform: Platform) -> String {
    let mut out = text.trim_end().to_owned();
    if !links.is_empty() && platform != Platform::Pinterest {
        out.push_str("\n\n");
        out.push_str(&links.join("\n"));
    }
    if !hashtags.is_empty() {
        out.push_str("\n\n");
        out.push_str(&hashtags.iter().map(|h| format!("#{h}")).collect::<Vec<_>>().join(" "));
    }
    out.trim_start().to_owned()
}

fn problem(field: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem::new(field, message)
}

/// Structural checks that hold for drafts too.
async fn check<C: ConnectionTrait>(
    db: &C,
    access: &WorkspaceAccess,
    c: &mut PostContent,
) -> Result<HashMap<Uuid, connections::Model>> {
    let mut problems = Vec::new();
    if c.text.chars().count() > TEXT_MAX {
        problems.push(problem("text", format!("must be at most {TEXT_MAX} characters")));
    }
    c.hashtags = c.hashtags.iter().map(|h| h.trim().trim_start_matches('#').to_owned()).collect();
    for (i, tag) in c.hashtags.iter().enumerate() {
        if tag.is_empty() || tag.chars().count() > 100 || tag.chars().any(|ch| ch.is_whitespace() || ch == '#') {
            problems.push(problem(format!("hashtags.{i}"), "must be one word of at most 100 characters"));
        }
    }
    for (i, link) in c.links.iter().enumerate() {
        let ok = reqwest::Url::parse(link).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !ok {
            problems.push(problem(format!("links.{i}"), "must be an http or https URL"));
        }
    }
    for (field, len) in [("hashtags", c.hashtags.len()), ("links", c.links.len()), ("media_ids", c.media_ids.len())] {
        if len > LIST_MAX {
            problems.push(problem(field, format!("at most {LIST_MAX} entries")));
        }
    }
    if c.targets.is_empty() || c.targets.len() > TARGETS_MAX {
        problems.push(problem("targets", format!("give between 1 and {TARGETS_MAX} targets")));
    }

    let wanted: HashSet<Uuid> = c.media_ids.iter().copied().collect();
    if wanted.len() != c.media_ids.len() {
        problems.push(problem("media_ids", "lists the same media twice"));
    }
    let found: HashMap<Uuid, media::Model> = media::Entity::find()
        .filter(media::Column::WorkspaceId.eq(access.workspace_id()))
        .filter(media::Column::Id.is_in(wanted))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    for (i, id) in c.media_ids.iter().enumerate() {
        match found.get(id) {
            None => problems.push(problem(format!("media_ids.{i}"), "no such media in this workspace")),
            Some(m) if m.purged_at.is_some() => {
                problems.push(problem(format!("media_ids.{i}"), "this media was already published and removed"))
            }
            Some(_) => {}
        }
    }

    let ids: Vec<Uuid> = c.targets.iter().map(|t| t.connection_id).collect();
    let connections: HashMap<Uuid, connections::Model> = connections::Entity::find()
        .filter(connections::Column::WorkspaceId.eq(access.workspace_id()))
        .filter(connections::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut seen = HashSet::new();
    for (i, id) in ids.iter().enumerate() {
        if !connections.contains_key(id) {
            problems
                .push(problem(format!("targets.{i}.social_account_id"), "no such social account in this workspace"));
        } else if !seen.insert(*id) {
            problems.push(problem(format!("targets.{i}.social_account_id"), "this social account is targeted twice"));
        }
    }
    if problems.is_empty() { Ok(connections) } else { Err(Error::invalid(problems)) }
}

async fn write<C: ConnectionTrait>(
    db: &C,
    post_id: Uuid,
    workspace_id: Uuid,
    content: &PostContent,
    connections: &HashMap<Uuid, connections::Model>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    for (position, media_id) in content.media_ids.iter().enumerate() {
        let row =
            post_media::Model { post_id, media_id: *media_id, position: i32::try_from(position).unwrap_or(i32::MAX) };
        post_media::Entity::insert(row.into_active_model()).exec_without_returning(db).await?;
    }
    for target in &content.targets {
        let Some(connection) = connections.get(&target.connection_id) else { continue };
        let id = Uuid::now_v7();
        let row = post_targets::Model {
            id,
            post_id,
            workspace_id,
            connection_id: Some(connection.id),
            platform: connection.platform,
            overrides: serde_json::to_string(&target.overrides).unwrap_or_else(|_| "{}".into()),
            status: PublishStatus::Draft,
            due_at: None,
            next_attempt_at: None,
            lease_until: None,
            lease_owner: None,
            attempts: 0,
            idempotency_key: format!("pw-{}", id.simple()),
            remote_id: None,
            remote_url: None,
            last_error: None,
            published_at: None,
            removed_from_platform_at: None,
            updated_at: now,
        };
        post_targets::Entity::insert(row.into_active_model()).exec_without_returning(db).await?;
    }
    Ok(())
}

fn to_json(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

pub async fn create(svc: &Svc<'_>, access: &WorkspaceAccess, mut content: PostContent) -> Result<posts::Model> {
    let txn = begin_write(&svc.state.db).await?;
    let connections = check(&txn, access, &mut content).await?;
    let now = svc.now();
    let post = posts::Model {
        id: Uuid::now_v7(),
        workspace_id: access.workspace_id(),
        author_id: Some(access.user_id()),
        text: content.text.clone(),
        title: content.title.clone().filter(|t| !t.trim().is_empty()),
        description: content.description.clone().filter(|d| !d.trim().is_empty()),
        hashtags: to_json(&content.hashtags),
        links: to_json(&content.links),
        status: PublishStatus::Draft,
        scheduled_at: None,
        sort_at: now,
        time_zone: None,
        created_at: now,
        updated_at: now,
        published_at: None,
    };
    posts::Entity::insert(post.clone().into_active_model()).exec_without_returning(&txn).await?;
    write(&txn, post.id, post.workspace_id, &content, &connections, now).await?;
    status::record(&txn, svc, &post, None, None, PublishStatus::Draft, Some("created")).await?;
    txn.commit().await?;
    Ok(post)
}

/// Replaces a draft's content, media and targets.
pub async fn update(
    svc: &Svc<'_>,
    access: &WorkspaceAccess,
    post_id: Uuid,
    mut content: PostContent,
) -> Result<posts::Model> {
    let txn = begin_write(&svc.state.db).await?;
    // Locked like every other writer of a post, so an edit and a schedule take turns.
    let post = lock(&txn, access, post_id).await?;
    if post.status != PublishStatus::Draft {
        return Err(Error::conflict("only a draft can be edited; cancel the post first"));
    }
    let connections = check(&txn, access, &mut content).await?;
    let now = svc.now();
    post_media::Entity::delete_many().filter(post_media::Column::PostId.eq(post_id)).exec(&txn).await?;
    post_targets::Entity::delete_many().filter(post_targets::Column::PostId.eq(post_id)).exec(&txn).await?;
    write(&txn, post_id, post.workspace_id, &content, &connections, now).await?;
    let mut active = post.into_active_model();
    active.text = sea_orm::Set(content.text);
    active.title = sea_orm::Set(content.title.filter(|t| !t.trim().is_empty()));
    active.description = sea_orm::Set(content.description.filter(|d| !d.trim().is_empty()));
    active.hashtags = sea_orm::Set(to_json(&content.hashtags));
    active.links = sea_orm::Set(to_json(&content.links));
    active.updated_at = sea_orm::Set(now);
    let post = sea_orm::ActiveModelTrait::update(active, &txn).await?;
    txn.commit().await?;
    Ok(post)
}

/// Everything the platforms would refuse about this post as it stands.
pub async fn problems<C: ConnectionTrait>(db: &C, post: &posts::Model) -> Result<Vec<Problem>> {
    let targets = post_targets::Entity::find()
        .filter(post_targets::Column::PostId.eq(post.id))
        .order_by_asc(post_targets::Column::Id)
        .all(db)
        .await?;
    let media_ids: Vec<Uuid> = post_media::Entity::find()
        .filter(post_media::Column::PostId.eq(post.id))
        .all(db)
        .await?
        .into_iter()
        .map(|pm| pm.media_id)
        .collect();
    let media = media::Entity::find().filter(media::Column::Id.is_in(media_ids)).all(db).await?;
    Ok(problems_of(post, &targets, &media))
}

/// As [`problems`], from rows already loaded (a page of posts loads them in batches).
pub fn problems_of(post: &posts::Model, targets: &[post_targets::Model], media: &[media::Model]) -> Vec<Problem> {
    let videos = media.iter().filter(|m| m.content_type.starts_with("video/")).count();
    let images = media.len() - videos;
    let mut types: Vec<&str> = media.iter().map(|m| m.content_type.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    let hashtags: Vec<String> = serde_json::from_str(&post.hashtags).unwrap_or_default();
    let links: Vec<String> = serde_json::from_str(&post.links).unwrap_or_default();
    let mut problems = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        let o = Overrides::parse(&target.overrides);
        let text = final_text(o.text.as_deref().unwrap_or(&post.text), &links, &hashtags, target.platform);
        rules::check(
            &format!("targets.{i}"),
            &rules::Effective {
                platform: target.platform,
                text: &text,
                title: o.title.as_deref().or(post.title.as_deref()),
                description: o.description.as_deref().or(post.description.as_deref()),
                hashtag_count: hashtags.len(),
                images,
                videos,
                types: &types,
            },
            &mut problems,
        );
        if target.connection_id.is_none() {
            problems.push(problem(format!("targets.{i}.social_account_id"), "the social account was removed"));
        }
    }
    problems
}
