//! Who did something, or whom it concerns, where the record may outlive them: a person
//! erased under the GDPR leaves records kept by law that still name them by reference.

use crate::{
    error::ApiResult,
    graphql::{
        accounts::User,
        api_keys::ApiKey,
        loaders::{ApiKeyLoader, UserLoader, load},
    },
};
use async_graphql::{Context, SimpleObject, Union};
use uuid::Uuid;

/// Who performed an action.
#[derive(Union)]
pub enum Actor {
    User(User),
    ApiKey(ApiKey),
    ErasedPerson(ErasedPerson),
    DeletedApiKey(DeletedApiKey),
    System(SystemActor),
}

/// Whom a record concerns.
#[derive(Union)]
pub enum Person {
    User(User),
    ErasedPerson(ErasedPerson),
}

/// A person whose account no longer exists. Records that must be kept by law still name
/// them by an internal reference that leads nowhere else.
#[derive(SimpleObject, Debug, Clone)]
pub struct ErasedPerson {
    /// The former account's internal reference, as kept in the record.
    pub reference: String,
}

/// An API key that no longer exists (deleted with its workspace).
#[derive(SimpleObject, Debug, Clone)]
pub struct DeletedApiKey {
    /// The former key's internal reference, as kept in the record.
    pub reference: String,
}

/// The service itself: scheduled jobs, retention runs and operator commands.
#[derive(SimpleObject, Debug, Clone)]
pub struct SystemActor {
    /// Always `postwarden`.
    pub name: String,
}

impl SystemActor {
    pub fn new() -> Self {
        Self { name: "postwarden".into() }
    }
}

impl Default for SystemActor {
    fn default() -> Self {
        Self::new()
    }
}

/// The person with this id, or what is left of them.
pub async fn person(ctx: &Context<'_>, user_id: Uuid) -> ApiResult<Person> {
    Ok(match load::<UserLoader, _>(ctx, user_id).await? {
        Some(user) => Person::User(User(user)),
        None => Person::ErasedPerson(ErasedPerson { reference: user_id.to_string() }),
    })
}

/// A person as an actor.
pub async fn user_actor(ctx: &Context<'_>, user_id: Uuid) -> ApiResult<Actor> {
    Ok(match person(ctx, user_id).await? {
        Person::User(user) => Actor::User(user),
        Person::ErasedPerson(gone) => Actor::ErasedPerson(gone),
    })
}

/// An API key as an actor.
pub async fn api_key_actor(ctx: &Context<'_>, key_id: Uuid) -> ApiResult<Actor> {
    Ok(match load::<ApiKeyLoader, _>(ctx, key_id).await? {
        Some(key) => Actor::ApiKey(ApiKey(key)),
        None => Actor::DeletedApiKey(DeletedApiKey { reference: key_id.to_string() }),
    })
}
