use crate::{Clock, Error, Result};
use entity::{policy_acknowledgements, policy_versions};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, sea_query::OnConflict};
use uuid::Uuid;

/// Records that `user_id` has read a published version. Acknowledging twice keeps the first
/// acknowledgement.
pub async fn acknowledge<C: ConnectionTrait>(
    db: &C,
    clock: &dyn Clock,
    user_id: Uuid,
    policy_version_id: Uuid,
) -> Result<policy_acknowledgements::Model> {
    policy_versions::Entity::find_by_id(policy_version_id).one(db).await?.ok_or(Error::NotFound("policy version"))?;
    let row =
        policy_acknowledgements::Model { id: Uuid::now_v7(), user_id, policy_version_id, acknowledged_at: clock.now() };
    policy_acknowledgements::Entity::insert(row.into_active_model())
        .on_conflict(
            OnConflict::columns([
                policy_acknowledgements::Column::UserId,
                policy_acknowledgements::Column::PolicyVersionId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    acknowledgement(db, user_id, policy_version_id).await?.ok_or(Error::NotFound("policy acknowledgement"))
}

pub async fn acknowledgement<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    policy_version_id: Uuid,
) -> Result<Option<policy_acknowledgements::Model>> {
    Ok(policy_acknowledgements::Entity::find()
        .filter(policy_acknowledgements::Column::UserId.eq(user_id))
        .filter(policy_acknowledgements::Column::PolicyVersionId.eq(policy_version_id))
        .one(db)
        .await?)
}
