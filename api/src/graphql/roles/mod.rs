//! Platform roles, managed by admins.

use crate::{
    auth::require_platform_role,
    error::{ApiError, ApiResult},
    graphql::{
        accounts::User,
        context::svc,
        enums::PlatformRole,
        loaders::{UserLoader, load},
        payload::{PayloadResult, UserError, settle},
        relay::{GlobalId, NodeKind},
    },
    service,
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

#[derive(Default)]
pub struct RolesMutation;

/// A platform role to grant.
#[derive(InputObject)]
pub struct GrantPlatformRoleInput {
    /// The person who gets the role.
    pub user_id: ID,
    /// The role.
    pub role: PlatformRole,
}

/// A platform role to take away.
#[derive(InputObject)]
pub struct RevokePlatformRoleInput {
    /// The person who loses the role.
    pub user_id: ID,
    /// The role.
    pub role: PlatformRole,
}

/// The result of `grantPlatformRole`.
#[derive(SimpleObject, Default)]
pub struct GrantPlatformRolePayload {
    /// False when the role was already held.
    pub changed: Option<bool>,
    /// The person.
    pub user: Option<User>,
    /// The platform roles they hold now.
    pub roles: Option<Vec<PlatformRole>>,
    /// Problems with the input.
    pub user_errors: Vec<UserError>,
}

/// The result of `revokePlatformRole`.
#[derive(SimpleObject, Default)]
pub struct RevokePlatformRolePayload {
    /// False when the role was not held.
    pub changed: Option<bool>,
    /// The person.
    pub user: Option<User>,
    /// The platform roles they hold now.
    pub roles: Option<Vec<PlatformRole>>,
    /// Problems with the input, or an admin removing their own admin role.
    pub user_errors: Vec<UserError>,
}

crate::payload!(GrantPlatformRolePayload, RevokePlatformRolePayload);

#[Object]
impl RolesMutation {
    /// Grants a platform role. Admins only.
    async fn grant_platform_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: GrantPlatformRoleInput,
    ) -> PayloadResult<GrantPlatformRolePayload> {
        settle(async move {
            let (changed, user, roles) = change(ctx, &input.user_id, input.role, true).await?;
            Ok(GrantPlatformRolePayload { changed: Some(changed), user, roles: Some(roles), user_errors: vec![] })
        })
        .await
    }

    /// Takes away a platform role. Admins only; an admin cannot remove their own admin role.
    async fn revoke_platform_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RevokePlatformRoleInput,
    ) -> PayloadResult<RevokePlatformRolePayload> {
        settle(async move {
            let (changed, user, roles) = change(ctx, &input.user_id, input.role, false).await?;
            Ok(RevokePlatformRolePayload { changed: Some(changed), user, roles: Some(roles), user_errors: vec![] })
        })
        .await
    }
}

async fn change(
    ctx: &Context<'_>,
    id: &ID,
    role: PlatformRole,
    grant: bool,
) -> ApiResult<(bool, Option<User>, Vec<PlatformRole>)> {
    let admin = require_platform_role(ctx, entity::sea_orm_active_enums::PlatformRole::Admin).await?;
    let user_id = GlobalId::expect("input.userId", id, NodeKind::User)?;
    let svc = svc(ctx)?;
    let changed = if grant {
        service::roles::grant(&svc, admin.actor(), user_id, role.into()).await?
    } else {
        service::roles::revoke(&svc, admin.actor(), user_id, role.into()).await?
    };
    let roles = service::roles::held_by(&svc, user_id).await?.into_iter().map(Into::into).collect();
    let user = load::<UserLoader, _>(ctx, user_id).await?.ok_or_else(|| ApiError::not_found("user"))?;
    Ok((changed, Some(User(user)), roles))
}
