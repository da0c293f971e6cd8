//! Login throttling per account and per client address, kept in the database so that
//! every replica sees the same counts. Keys are hashed: the table holds no email or IP.

use super::Svc;
use crate::{
    auth::token::sha256_hex,
    error::{Error, Result},
};
use chrono::Duration;
use compliance::db::begin_write;
use entity::login_throttles;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

pub struct Keys {
    account: String,
    ip: Option<String>,
}

impl Keys {
    pub fn new(email_normalized: &str, ip: Option<std::net::IpAddr>) -> Self {
        Self {
            account: format!("account:{}", sha256_hex(email_normalized)),
            ip: ip.map(|ip| format!("ip:{}", sha256_hex(&ip.to_string()))),
        }
    }

    fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.account.as_str()).chain(self.ip.as_deref())
    }
}

/// `RATE_LIMITED` while either key is locked out.
pub async fn check(svc: &Svc<'_>, keys: &Keys) -> Result<()> {
    let now = svc.now();
    for key in keys.all() {
        if let Some(row) = login_throttles::Entity::find_by_id(key.to_owned()).one(&svc.state.db).await?
            && let Some(until) = row.locked_until
            && until > now
        {
            let secs = (until - now).num_seconds().max(1);
            return Err(Error::rate_limited(u64::try_from(secs).unwrap_or(1)));
        }
    }
    Ok(())
}

pub async fn record_failure(svc: &Svc<'_>, keys: &Keys) -> Result<()> {
    let config = &svc.state.config.auth.throttle;
    let now = svc.now();
    let window = Duration::minutes(config.window_minutes);
    let txn = begin_write(&svc.state.db).await?;
    for key in keys.all() {
        let limit = if key.starts_with("ip:") { config.max_failures_per_ip } else { config.max_failures_per_account };
        login_throttles::Entity::insert(
            login_throttles::Model { key: key.to_owned(), failures: 0, window_started_at: now, locked_until: None }
                .into_active_model(),
        )
        .on_conflict_do_nothing_on([login_throttles::Column::Key])
        .exec(&txn)
        .await?;
        let row = login_throttles::Entity::find_by_id(key.to_owned())
            .one(&txn)
            .await?
            .ok_or_else(|| Error::internal(anyhow::anyhow!("throttle row vanished")))?;
        let (failures, started) =
            if row.window_started_at + window <= now { (1, now) } else { (row.failures + 1, row.window_started_at) };
        let mut active = row.into_active_model();
        active.failures = Set(failures);
        active.window_started_at = Set(started);
        if failures >= limit {
            active.locked_until = Set(Some(now + Duration::minutes(config.lockout_minutes)));
        }
        active.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A successful sign-in clears the account's count; the address keeps its count so one
/// good password cannot launder guesses against other accounts.
pub async fn record_success(svc: &Svc<'_>, keys: &Keys) -> Result<()> {
    login_throttles::Entity::delete_by_id(keys.account.clone()).exec(&svc.state.db).await?;
    Ok(())
}
