//! Status changes, each recorded in the post's history; a post's own status follows from
//! its targets, and its changes are announced (webhooks, the author's mail, subscribers).

use crate::{
    error::Result,
    ids::{GlobalId, NodeKind},
    service::{Svc, webhooks},
};
use compliance::outbox::{self, NewEmail};
use entity::{
    post_status_history, post_targets, posts,
    sea_orm_active_enums::PublishStatus::{self, *},
    users,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

pub async fn record<C: ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    post: &posts::Model,
    target_id: Option<Uuid>,
    from: Option<PublishStatus>,
    to: PublishStatus,
    reason: Option<&str>,
) -> Result<()> {
    record_ids(db, svc, (post.workspace_id, post.id), target_id, from, to, reason).await
}

/// As [`record`], for callers that hold only the ids.
pub async fn record_ids<C: ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    (workspace_id, post_id): (Uuid, Uuid),
    target_id: Option<Uuid>,
    from: Option<PublishStatus>,
    to: PublishStatus,
    reason: Option<&str>,
) -> Result<()> {
    let row = post_status_history::Model {
        id: Uuid::now_v7(),
        workspace_id,
        post_id,
        target_id,
        from_status: from,
        to_status: to,
        reason: reason.map(|r| r.chars().take(500).collect()),
        at: svc.now(),
    };
    post_status_history::Entity::insert(row.into_active_model()).exec_without_returning(db).await?;
    Ok(())
}

/// Moves one target to `to`, applying `change` to the row too, and records it.
pub async fn set_target<C: ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    post: &posts::Model,
    target: post_targets::Model,
    to: PublishStatus,
    reason: Option<&str>,
    change: impl FnOnce(&mut post_targets::ActiveModel),
) -> Result<post_targets::Model> {
    let from = target.status;
    let mut active = target.into_active_model();
    active.status = Set(to);
    active.updated_at = Set(svc.now());
    change(&mut active);
    let target = active.update(db).await?;
    if from != to {
        record(db, svc, post, Some(target.id), Some(from), to, reason).await?;
    }
    Ok(target)
}

/// The post's status from its targets' (cancelled ones count only if all are).
pub fn derive(targets: &[PublishStatus]) -> PublishStatus {
    let live: Vec<PublishStatus> = targets.iter().copied().filter(|s| *s != Cancelled).collect();
    if live.is_empty() {
        return if targets.is_empty() { Draft } else { Cancelled };
    }
    if live.contains(&Publishing) {
        Publishing
    } else if live.contains(&Scheduled) {
        Scheduled
    } else if live.iter().all(|s| *s == Published) {
        Published
    } else if live.iter().all(|s| *s == Draft) {
        Draft
    } else if live.contains(&Draft) {
        Scheduled
    } else {
        Failed
    }
}

fn event(status: PublishStatus) -> Option<&'static str> {
    match status {
        Scheduled => Some("post.scheduled"),
        Published => Some("post.published"),
        Failed => Some("post.failed"),
        Cancelled => Some("post.cancelled"),
        Draft | Publishing | Unconfirmed => None,
    }
}

/// Recomputes the post's status; on a change, records it and announces it.
pub async fn refresh_post<C: ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    post: posts::Model,
    reason: Option<&str>,
) -> Result<posts::Model> {
    let targets = post_targets::Entity::find().filter(post_targets::Column::PostId.eq(post.id)).all(db).await?;
    let to = derive(&targets.iter().map(|t| t.status).collect::<Vec<_>>());
    let from = post.status;
    if from == to {
        return Ok(post);
    }
    let now = svc.now();
    let mut active = post.into_active_model();
    active.status = Set(to);
    active.updated_at = Set(now);
    if to == Published {
        active.published_at = Set(Some(now));
    }
    let post = active.update(db).await?;
    record(db, svc, &post, None, Some(from), to, reason).await?;

    if let Some(name) = event(to) {
        let payload = json!({
            "postId": GlobalId::encode(NodeKind::Post, post.id),
            "workspaceId": GlobalId::encode(NodeKind::Workspace, post.workspace_id),
            "status": format!("{to:?}").to_uppercase(),
            "scheduledAt": post.scheduled_at,
            "targets": targets.iter().map(|t| json!({
                "targetId": GlobalId::encode(NodeKind::PostTarget, t.id),
                "platform": crate::service::connections::platform_name(t.platform),
                "status": format!("{:?}", t.status).to_uppercase(),
                "remoteUrl": t.remote_url,
            })).collect::<Vec<_>>(),
        });
        webhooks::enqueue(db, svc, post.workspace_id, name, payload).await?;
    }
    if matches!(to, Published | Failed) {
        notify_author(db, svc, &post, &targets, to).await?;
    }
    Ok(post)
}

async fn notify_author<C: ConnectionTrait>(
    db: &C,
    svc: &Svc<'_>,
    post: &posts::Model,
    targets: &[post_targets::Model],
    status: PublishStatus,
) -> Result<()> {
    let Some(author) = post.author_id else { return Ok(()) };
    let Some(user) = users::Entity::find_by_id(author).one(db).await? else { return Ok(()) };
    let preview: String = post.text.chars().take(60).collect();
    let lines: Vec<String> = targets
        .iter()
        .map(|t| {
            let platform = crate::service::connections::display_name(t.platform);
            match (t.status, &t.remote_url, &t.last_error) {
                (Published, Some(url), _) => format!("- {platform}: published at {url}"),
                (Published, None, _) => format!("- {platform}: published"),
                (_, _, Some(error)) => format!("- {platform}: {error}"),
                (other, _, None) => format!("- {platform}: {}", format!("{other:?}").to_lowercase()),
            }
        })
        .collect();
    let (kind, subject) = match status {
        Published => ("publish.confirmation", "Your post was published"),
        _ => ("publish.failed", "Your post could not be published everywhere"),
    };
    outbox::enqueue(
        db,
        svc.state.clock.as_ref(),
        NewEmail {
            user_id: Some(user.id),
            to_address: user.email,
            kind,
            subject: subject.to_owned(),
            body: format!("\"{preview}\"\n\n{}", lines.join("\n")),
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_post_follows_its_targets() {
        assert_eq!(derive(&[]), Draft);
        assert_eq!(derive(&[Draft, Draft]), Draft);
        assert_eq!(derive(&[Scheduled, Published]), Scheduled);
        assert_eq!(derive(&[Publishing, Scheduled]), Publishing);
        assert_eq!(derive(&[Published, Published, Cancelled]), Published);
        assert_eq!(derive(&[Published, Failed]), Failed);
        assert_eq!(derive(&[Published, Unconfirmed]), Failed);
        assert_eq!(derive(&[Cancelled, Cancelled]), Cancelled);
    }
}
