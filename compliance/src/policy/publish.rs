use crate::{
    Clock, Error, Result,
    outbox::{self, NewEmail},
};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use entity::{policy_versions, users};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

/// Notices are queued this many at a time, to keep each insert well inside the parameter
/// limits of both databases.
const NOTICE_BATCH: u64 = 500;

pub struct NewPolicyVersion {
    pub version: String,
    pub summary: String,
    pub url: String,
    pub material: bool,
    pub effective_at: DateTime<Utc>,
    pub published_by: Option<Uuid>,
}

pub struct Published {
    pub version: policy_versions::Model,
    pub notices_queued: u64,
}

/// The accounts that receive notices. Every account today; when accounts can be closed,
/// closed ones are left out here and nowhere else.
pub fn active_users() -> Select<users::Entity> {
    users::Entity::find()
}

/// One page of active accounts as (id, email, display name), in id order after `after`:
/// mail to everyone is queued a page at a time, never loading every account at once.
pub async fn recipients_after<C: ConnectionTrait>(
    db: &C,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<(Uuid, String, String)>> {
    let mut page = active_users()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::Email)
        .column(users::Column::DisplayName)
        .order_by_asc(users::Column::Id)
        .limit(limit);
    if let Some(after) = after {
        page = page.filter(users::Column::Id.gt(after));
    }
    Ok(page.into_tuple().all(db).await?)
}

fn clean(field: &str, raw: &str, max: usize) -> Result<String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(field, format!("must be at most {max} characters")));
    }
    Ok(value.to_owned())
}

/// Publishes a version and queues a notice to every active account. Call it inside a write
/// transaction, so the version and its notices commit together.
pub async fn publish<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    material_notice_days: i64,
    new: NewPolicyVersion,
) -> Result<Published> {
    let now = clock.now();
    let version = clean("version", &new.version, 64)?;
    if version.chars().any(char::is_control) {
        return Err(Error::invalid("version", "must not contain control characters"));
    }
    let summary = clean("summary", &new.summary, 10_000)?;
    let url = clean("url", &new.url, 2048)?;
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
        return Err(Error::invalid("url", "must be an http(s) URL"));
    }
    if new.effective_at < now {
        return Err(Error::invalid("effective_at", "must not be in the past"));
    }
    let earliest_material = now + Duration::days(material_notice_days);
    if new.material && new.effective_at < earliest_material {
        return Err(Error::invalid(
            "effective_at",
            format!(
                "a material change must take effect at least {material_notice_days} days after publication (no earlier than {})",
                earliest_material.to_rfc3339_opts(SecondsFormat::Secs, true)
            ),
        ));
    }
    let taken = policy_versions::Entity::find()
        .filter(policy_versions::Column::Version.eq(version.as_str()))
        .one(db)
        .await?
        .is_some();
    if taken {
        return Err(Error::AlreadyExists(format!("policy version `{version}` is already published")));
    }

    let row = policy_versions::Model {
        id: Uuid::now_v7(),
        version,
        summary,
        url,
        material: new.material,
        published_at: now,
        effective_at: new.effective_at,
        published_by: new.published_by,
    };
    policy_versions::Entity::insert(row.clone().into_active_model()).exec_without_returning(db).await?;
    let notices_queued = queue_notices(db, clock, &row).await?;
    Ok(Published { version: row, notices_queued })
}

async fn queue_notices<C: ConnectionTrait>(db: &C, clock: &dyn Clock, policy: &policy_versions::Model) -> Result<u64> {
    let effective = policy.effective_at.format("%-d %B %Y").to_string();
    let subject = if policy.material {
        format!("Our privacy policy changes on {effective}")
    } else {
        format!("We have updated our privacy policy ({})", policy.version)
    };
    let mut queued = 0u64;
    let mut after: Option<Uuid> = None;
    loop {
        let recipients = recipients_after(db, after, NOTICE_BATCH).await?;
        let Some(last) = recipients.last().map(|r| r.0) else {
            break;
        };
        after = Some(last);
        let emails = recipients.into_iter().map(|(user_id, email, name)| NewEmail {
            user_id: Some(user_id),
            to_address: email,
            kind: "policy.notice",
            subject: subject.clone(),
            body: notice_body(policy, &name, &effective),
        });
        queued += outbox::enqueue_many(db, clock, emails).await?;
    }
    Ok(queued)
}

fn notice_body(policy: &policy_versions::Model, name: &str, effective: &str) -> String {
    let change = if policy.material {
        "This is a material change."
    } else {
        "This change does not affect your rights or how we use your data in a material way."
    };
    format!(
        "Hello {name},\n\nWe have published version {version} of our privacy policy. It takes effect on {effective}. {change}\n\nWhat changes:\n{summary}\n\nRead the full policy: {url}\n\nYou can acknowledge the new version in your account settings.\n",
        version = policy.version,
        summary = policy.summary,
        url = policy.url,
    )
}
