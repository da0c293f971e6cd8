//! Registering and maintaining an account.

use super::{Svc, validate};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use compliance::{
    audit::{Actor, AuditEvent},
    db::begin_write,
};
use entity::{sea_orm_active_enums::AgeBasis, sessions, users};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use secrecy::SecretString;
use serde_json::json;
use uuid::Uuid;

pub struct Registration {
    pub email: String,
    pub display_name: String,
    pub password: SecretString,
    pub date_of_birth: Option<NaiveDate>,
    pub age_attestation: Option<bool>,
}

pub async fn register(svc: &Svc<'_>, input: Registration) -> Result<users::Model> {
    let config = &svc.state.config.auth;
    let now = svc.now();
    let mut problems = Vec::new();
    let email = validate::email("email", &input.email).map_err(|e| problems.extend(e.into_problems())).ok();
    let display_name =
        validate::name("display_name", &input.display_name, 100).map_err(|e| problems.extend(e.into_problems())).ok();
    if let Err(e) = validate::password("password", &input.password, config.password_min_length) {
        problems.extend(e.into_problems());
    }
    // Only the fact that the person is old enough is kept, never the date itself.
    let min_age = i32::try_from(config.min_age_years).unwrap_or(i32::MAX);
    let age_basis = match (input.date_of_birth, input.age_attestation) {
        (Some(born), _) if born > now.date_naive() => {
            problems.push(problem("date_of_birth", "is in the future"));
            None
        }
        (Some(born), _) if validate::age_on(born, now.date_naive()) < min_age => {
            problems.push(problem("date_of_birth", &format!("you must be at least {min_age} to use Postwarden")));
            None
        }
        (Some(_), _) => Some(AgeBasis::DateOfBirth),
        (None, Some(true)) => Some(AgeBasis::Attestation),
        (None, Some(false)) => {
            problems.push(problem("age_attestation", &format!("you must be at least {min_age} to use Postwarden")));
            None
        }
        (None, None) => {
            problems.push(problem("date_of_birth", "give a date of birth or attest that you meet the minimum age"));
            None
        }
    };
    let (Some((email, email_normalized)), Some(display_name), Some(age_basis), true) =
        (email, display_name, age_basis, problems.is_empty())
    else {
        return Err(Error::invalid(problems));
    };

    // Hash before looking for a duplicate so the answer takes as long either way.
    let password_hash = svc.state.passwords.hash(input.password).await?;
    let txn = begin_write(&svc.state.db).await?;
    let taken =
        users::Entity::find().filter(users::Column::EmailNormalized.eq(&email_normalized)).one(&txn).await?.is_some();
    if taken {
        return Err(Error::already_exists("an account with this email already exists"));
    }
    let user = users::Model {
        id: Uuid::now_v7(),
        email,
        email_normalized,
        display_name,
        password_hash,
        age_basis,
        age_attested_at: now,
        created_at: now,
        updated_at: now,
        password_changed_at: now,
        last_login_at: None,
    };
    users::Entity::insert(user.clone().into_active_model()).exec_without_returning(&txn).await?;
    svc.audit(
        &txn,
        AuditEvent::new(Actor::User(user.id), "user.registered")
            .subject(user.id)
            .object("user", user.id)
            .detail(json!({ "age_basis": format!("{:?}", user.age_basis).to_lowercase() })),
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}

fn problem(field: &str, message: &str) -> crate::error::Problem {
    crate::error::Problem::new(field, message)
}

pub async fn find(svc: &Svc<'_>, user_id: Uuid) -> Result<users::Model> {
    users::Entity::find_by_id(user_id).one(&svc.state.db).await?.ok_or_else(|| Error::not_found("user"))
}

/// Changes the password and ends every other session of the user.
pub async fn change_password(
    svc: &Svc<'_>,
    user_id: Uuid,
    keep_session: Uuid,
    current: SecretString,
    new: SecretString,
) -> Result<u64> {
    let user = find(svc, user_id).await?;
    validate::password("new_password", &new, svc.state.config.auth.password_min_length)?;
    if !svc.state.passwords.verify(current, Some(user.password_hash.clone())).await {
        return Err(Error::bad_input("current_password", "is not your current password"));
    }
    let password_hash = svc.state.passwords.hash(new).await?;
    let now = svc.now();
    let txn = begin_write(&svc.state.db).await?;
    let mut active = user.into_active_model();
    active.password_hash = Set(password_hash);
    active.password_changed_at = Set(now);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let ended = sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::Id.ne(keep_session))
        .exec(&txn)
        .await?
        .rows_affected;
    svc.audit(
        &txn,
        AuditEvent::new(Actor::User(user_id), "user.password.changed")
            .subject(user_id)
            .object("user", user_id)
            .detail(json!({ "sessions_ended": ended })),
    )
    .await?;
    txn.commit().await?;
    Ok(ended)
}
