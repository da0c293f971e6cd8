//! Platform roles, managed by admins.

use crate::{
    auth::require_platform_role,
    error::ApiResult,
    graphql::{
        context::svc,
        enums::PlatformRole,
        relay::{GlobalId, NodeKind},
    },
    service,
};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

#[derive(Default)]
pub struct RolesMutation;

#[derive(InputObject)]
pub struct PlatformRoleInput {
    pub user_id: ID,
    pub role: PlatformRole,
}

#[derive(SimpleObject)]
pub struct PlatformRolePayload {
    /// False when the role was already held (grant) or not held (revoke).
    pub changed: bool,
    pub user_id: ID,
    pub roles: Vec<PlatformRole>,
}

#[Object]
impl RolesMutation {
    /// Admins only.
    async fn grant_platform_role(&self, ctx: &Context<'_>, input: PlatformRoleInput) -> ApiResult<PlatformRolePayload> {
        change(ctx, input, true).await
    }

    /// Admins only; an admin cannot remove their own admin role.
    async fn revoke_platform_role(
        &self,
        ctx: &Context<'_>,
        input: PlatformRoleInput,
    ) -> ApiResult<PlatformRolePayload> {
        change(ctx, input, false).await
    }
}

async fn change(ctx: &Context<'_>, input: PlatformRoleInput, grant: bool) -> ApiResult<PlatformRolePayload> {
    let admin = require_platform_role(ctx, entity::sea_orm_active_enums::PlatformRole::Admin).await?;
    let user_id = GlobalId::expect("input.userId", &input.user_id, NodeKind::User)?;
    let svc = svc(ctx)?;
    let changed = if grant {
        service::roles::grant(&svc, admin.actor(), user_id, input.role.into()).await?
    } else {
        service::roles::revoke(&svc, admin.actor(), user_id, input.role.into()).await?
    };
    let roles = service::roles::held_by(&svc, user_id).await?.into_iter().map(Into::into).collect();
    Ok(PlatformRolePayload { changed, user_id: input.user_id, roles })
}
