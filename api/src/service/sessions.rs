//! Sessions: opaque tokens for people, stored only as a hash.

use super::{Svc, throttle, validate};
use crate::{
    auth::token,
    error::{Error, Result},
};
use chrono::{DateTime, Duration, Utc};
use compliance::{
    audit::{Actor, AuditEvent},
    db::begin_write,
};
use entity::{sessions, users};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;

pub struct NewSession {
    pub user: users::Model,
    pub token: SecretString,
    pub expires_at: DateTime<Utc>,
}

pub async fn login(
    svc: &Svc<'_>,
    email: &str,
    password: SecretString,
    ip: Option<std::net::IpAddr>,
) -> Result<NewSession> {
    let email_normalized = validate::normalise_email(email);
    let keys = throttle::Keys::new(&email_normalized, ip);
    throttle::check(svc, &keys).await?;

    let user =
        users::Entity::find().filter(users::Column::EmailNormalized.eq(&email_normalized)).one(&svc.state.db).await?;
    let ok = svc.state.passwords.verify(password, user.as_ref().map(|u| u.password_hash.clone())).await;
    let Some(user) = user.filter(|_| ok) else {
        throttle::record_failure(svc, &keys).await?;
        tracing::info!("sign-in refused");
        return Err(Error::unauthenticated("the email or password is wrong"));
    };
    throttle::record_success(svc, &keys).await?;

    let now = svc.now();
    let (token, token_hash) = token::new_session_token();
    let expires_at = now + Duration::hours(svc.state.config.auth.session_ttl_hours);
    let session_id = Uuid::now_v7();
    let txn = begin_write(&svc.state.db).await?;
    sessions::Entity::insert(
        sessions::Model {
            id: session_id,
            user_id: user.id,
            token_hash,
            created_at: now,
            expires_at,
            last_used_at: now,
        }
        .into_active_model(),
    )
    .exec_without_returning(&txn)
    .await?;
    let mut active = user.into_active_model();
    active.last_login_at = Set(Some(now));
    let user = active.update(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(Actor::User(user.id), "session.created").subject(user.id).object("session", session_id),
    )
    .await?;
    txn.commit().await?;
    Ok(NewSession { user, token, expires_at })
}

pub async fn logout(svc: &Svc<'_>, user_id: Uuid, session_id: Uuid) -> Result<()> {
    let txn = begin_write(&svc.state.db).await?;
    sessions::Entity::delete_by_id(session_id).exec(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(Actor::User(user_id), "session.ended").subject(user_id).object("session", session_id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends every session of the user, the current one included.
pub async fn logout_everywhere(svc: &Svc<'_>, user_id: Uuid) -> Result<u64> {
    let txn = begin_write(&svc.state.db).await?;
    let ended =
        sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id)).exec(&txn).await?.rows_affected;
    svc.audit(
        &txn,
        AuditEvent::new(Actor::User(user_id), "session.ended_everywhere")
            .subject(user_id)
            .detail(json!({ "sessions_ended": ended })),
    )
    .await?;
    txn.commit().await?;
    Ok(ended)
}
