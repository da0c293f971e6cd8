//! The gate for one object named by its id: a post, a target, media, a connection, a
//! webhook, an API key, an invitation, a membership.
//!
//! The object is read together with the caller's role in its workspace, in one statement,
//! and then [`decide`] rules as it does for a workspace. Someone outside that workspace (or
//! holding an API key of another one) gets exactly the error a missing object gives,
//! `NOT_FOUND` "post not found", so an id tells them nothing; a member without the role, or
//! a key of this workspace without the scope, is told `FORBIDDEN`, as before.

use super::{
    Action, Caller, WorkspaceAccess, app_state,
    authorize::{Refusal, decide},
    caller,
};
use crate::error::{ApiError, ApiResult};
use async_graphql::Context;
use entity::{
    api_keys, connections, invitations, media, memberships, post_targets, posts, sea_orm_active_enums::WorkspaceRole,
    webhooks,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryResult, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait, Query},
};
use uuid::Uuid;

/// A kind of object that belongs to exactly one workspace.
pub trait Owned: EntityTrait {
    /// What it is called in errors ("post", "API key"): the words its service uses, so the
    /// caller sees one message whichever layer finds it missing.
    const NAME: &'static str;
    fn id_column() -> Self::Column;
    fn workspace_column() -> Self::Column;
    fn workspace_of(model: &Self::Model) -> Uuid;
}

macro_rules! owned {
    ($($module:ident => $name:literal),* $(,)?) => {$(
        impl Owned for $module::Entity {
            const NAME: &'static str = $name;
            fn id_column() -> Self::Column {
                $module::Column::Id
            }
            fn workspace_column() -> Self::Column {
                $module::Column::WorkspaceId
            }
            fn workspace_of(model: &Self::Model) -> Uuid {
                model.workspace_id
            }
        }
    )*};
}

owned! {
    posts => "post",
    post_targets => "target",
    media => "media",
    connections => "connection",
    webhooks => "webhook",
    api_keys => "API key",
    invitations => "invitation",
    memberships => "member",
}

/// The error for an object the caller may not learn about: the same as for one that does
/// not exist.
pub fn object_not_found<E: Owned>() -> ApiError {
    ApiError::not_found(E::NAME)
}

/// Reads the object `id` of kind `E` and authorises `action` in its workspace, giving back
/// the row and the proof of access. A missing object and one the caller is outside of
/// answer the same `NOT_FOUND`; a member who may not do `action` gets `FORBIDDEN`.
pub async fn load_authorized<E: Owned>(
    ctx: &Context<'_>,
    id: Uuid,
    action: Action,
) -> ApiResult<(E::Model, WorkspaceAccess)> {
    let caller = caller(ctx)?;
    load_for::<E, _>(&app_state(ctx)?.db, caller, id, action).await
}

/// [`load_authorized`] for a caller and connection already at hand.
async fn load_for<E: Owned, C: ConnectionTrait>(
    db: &C,
    caller: &Caller,
    id: Uuid,
    action: Action,
) -> ApiResult<(E::Model, WorkspaceAccess)> {
    let row = E::find()
        .filter(E::id_column().eq(id))
        .expr_as(viewer_role::<E>(caller.user_id), VIEWER_ROLE)
        .into_model::<WithRole<E::Model>>()
        .one(db)
        .await?
        .ok_or_else(object_not_found::<E>)?;
    let workspace_id = E::workspace_of(&row.model);
    let access =
        decide(caller, workspace_id, row.role, action).map_err(|r: Refusal| r.into_error(object_not_found::<E>))?;
    Ok((row.model, access))
}

const VIEWER_ROLE: &str = "pw_viewer_role";

/// `(SELECT role FROM memberships WHERE workspace_id = <object>.workspace_id AND user_id = ?)`,
/// under an alias of its own so that it also works on `memberships` itself.
fn viewer_role<E: Owned>(user_id: Uuid) -> Expr {
    let viewer = Alias::new("pw_viewer_membership");
    let query = Query::select()
        .column((viewer.clone(), memberships::Column::Role))
        .from_as(memberships::Entity, viewer.clone())
        .and_where(
            Expr::col((viewer.clone(), memberships::Column::WorkspaceId)).equals((E::default(), E::workspace_column())),
        )
        .and_where(Expr::col((viewer, memberships::Column::UserId)).eq(user_id))
        .to_owned();
    Expr::SubQuery(None, Box::new(query.into()))
}

/// An object's row with the caller's role in its workspace (none if not a member).
struct WithRole<M> {
    model: M,
    role: Option<WorkspaceRole>,
}

impl<M: FromQueryResult> FromQueryResult for WithRole<M> {
    fn from_query_result(res: &QueryResult, pre: &str) -> Result<Self, DbErr> {
        Ok(Self { model: M::from_query_result(res, pre)?, role: res.try_get(pre, VIEWER_ROLE)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Access, ApiScope, CallerKind, Domain, ScopeSet};
    use sea_orm::{DbBackend, QueryTrait};

    fn session(user_id: Uuid) -> Caller {
        Caller { user_id, kind: CallerKind::Session { session_id: Uuid::now_v7() } }
    }

    fn key(user_id: Uuid, workspace_id: Uuid, scopes: &[ApiScope]) -> Caller {
        Caller {
            user_id,
            kind: CallerKind::ApiKey {
                key_id: Uuid::now_v7(),
                workspace_id,
                scopes: ScopeSet::new(scopes.iter().copied()),
            },
        }
    }

    const READ: Action = Action(Domain::Content, Access::Read);
    const WRITE: Action = Action(Domain::Content, Access::Write);

    fn error_of(refusal: Refusal) -> ApiError {
        refusal.into_error(object_not_found::<posts::Entity>)
    }

    #[test]
    fn outsiders_are_told_the_object_is_missing() {
        let workspace = Uuid::now_v7();
        let user = Uuid::now_v7();
        let refused = decide(&session(user), workspace, None, READ).map(|_| ()).map_err(error_of);
        let err = refused.expect_err("not a member");
        assert_eq!((err.code, err.message.as_ref()), (crate::error::ErrorCode::NotFound, "post not found"));
        // The error a missing post gives, to the letter.
        let missing = object_not_found::<posts::Entity>();
        assert_eq!((err.code, err.message), (missing.code, missing.message));
    }

    #[test]
    fn a_key_of_another_workspace_is_outside_even_for_a_member() {
        let (workspace, other) = (Uuid::now_v7(), Uuid::now_v7());
        let caller = key(Uuid::now_v7(), other, &[ApiScope::ContentWrite]);
        let refusal = decide(&caller, workspace, Some(WorkspaceRole::Owner), READ).map(|_| ());
        assert!(matches!(refusal, Err(Refusal::Outside)), "{refusal:?}");
    }

    #[test]
    fn members_without_the_role_or_scope_are_forbidden() {
        let workspace = Uuid::now_v7();
        let user = Uuid::now_v7();
        let viewer = decide(&session(user), workspace, Some(WorkspaceRole::Viewer), WRITE).map(|_| ());
        assert!(
            matches!(&viewer, Err(Refusal::Denied(e)) if e.code == crate::error::ErrorCode::Forbidden),
            "{viewer:?}"
        );
        let read_key = key(user, workspace, &[ApiScope::ContentRead]);
        let scoped = decide(&read_key, workspace, Some(WorkspaceRole::Owner), WRITE).map(|_| ());
        assert!(
            matches!(&scoped, Err(Refusal::Denied(e)) if e.code == crate::error::ErrorCode::Forbidden),
            "{scoped:?}"
        );
    }

    #[test]
    fn members_with_the_role_get_access_to_the_objects_workspace() {
        let workspace = Uuid::now_v7();
        let user = Uuid::now_v7();
        let access = decide(&session(user), workspace, Some(WorkspaceRole::Editor), WRITE).expect("editor writes");
        assert_eq!((access.workspace_id(), access.user_id(), access.role()), (workspace, user, WorkspaceRole::Editor));
        let by_key =
            decide(&key(user, workspace, &[ApiScope::ContentRead]), workspace, Some(WorkspaceRole::Viewer), READ);
        assert!(by_key.is_ok(), "{by_key:?}");
    }

    #[test]
    fn every_kind_names_itself_as_its_service_does() {
        assert_eq!(object_not_found::<posts::Entity>().message, "post not found");
        assert_eq!(object_not_found::<post_targets::Entity>().message, "target not found");
        assert_eq!(object_not_found::<media::Entity>().message, "media not found");
        assert_eq!(object_not_found::<connections::Entity>().message, "connection not found");
        assert_eq!(object_not_found::<webhooks::Entity>().message, "webhook not found");
        assert_eq!(object_not_found::<api_keys::Entity>().message, "API key not found");
        assert_eq!(object_not_found::<invitations::Entity>().message, "invitation not found");
        assert_eq!(object_not_found::<memberships::Entity>().message, "member not found");
    }

    #[test]
    fn the_object_and_the_role_come_in_one_statement() {
        let user = Uuid::nil();
        for (sql, table) in [
            (
                posts::Entity::find()
                    .filter(posts::Column::Id.eq(Uuid::nil()))
                    .expr_as(viewer_role::<posts::Entity>(user), VIEWER_ROLE)
                    .build(DbBackend::Postgres)
                    .to_string(),
                "posts",
            ),
            (
                memberships::Entity::find()
                    .filter(memberships::Column::Id.eq(Uuid::nil()))
                    .expr_as(viewer_role::<memberships::Entity>(user), VIEWER_ROLE)
                    .build(DbBackend::Postgres)
                    .to_string(),
                "memberships",
            ),
        ] {
            let correlated = format!(
                r#"(SELECT "pw_viewer_membership"."role" FROM "memberships" AS "pw_viewer_membership" WHERE "pw_viewer_membership"."workspace_id" = "{table}"."workspace_id" AND "pw_viewer_membership"."user_id" = '00000000-0000-0000-0000-000000000000') AS "pw_viewer_role""#
            );
            assert!(sql.contains(&correlated), "{sql}");
            assert!(sql.contains(&format!(r#"FROM "{table}" WHERE "{table}"."id" = "#)), "{sql}");
        }
    }

    /// Against a real database: a membership is itself an object in a workspace, so this
    /// also proves the role lookup keeps to its own alias on its own table.
    #[tokio::test]
    async fn an_object_is_read_with_the_callers_role_in_one_go() {
        use entity::{sea_orm_active_enums::AgeBasis, users, workspaces};
        use migration::{Migrator, MigratorTrait};
        use sea_orm::{ActiveModelTrait, ConnectOptions, Database, IntoActiveModel};

        // One connection: each in-memory SQLite connection is a database of its own.
        let mut options = ConnectOptions::new("sqlite::memory:");
        options.max_connections(1).min_connections(1).sqlx_logging(false);
        let db = Database::connect(options).await.expect("in-memory database");
        Migrator::up(&db, None).await.expect("migrated");
        let now = chrono::Utc::now();
        let user = |email: &str| users::Model {
            id: Uuid::now_v7(),
            email: email.into(),
            email_normalized: email.into(),
            display_name: email.into(),
            password_hash: "x".into(),
            age_basis: AgeBasis::Attestation,
            age_attested_at: now,
            created_at: now,
            updated_at: now,
            password_changed_at: now,
            last_login_at: None,
        };
        let workspace = |name: &str| workspaces::Model {
            id: Uuid::now_v7(),
            name: name.into(),
            created_by: None,
            created_at: now,
            updated_at: now,
        };
        let member = |workspace_id, user_id, role| memberships::Model {
            id: Uuid::now_v7(),
            workspace_id,
            user_id,
            role,
            created_at: now,
        };
        let (viewer, outsider) = (user("viewer@example.com"), user("outsider@example.com"));
        let (theirs, elsewhere) = (workspace("Theirs"), workspace("Elsewhere"));
        let own = member(theirs.id, viewer.id, WorkspaceRole::Viewer);
        let other = member(elsewhere.id, outsider.id, WorkspaceRole::Owner);
        for row in [viewer.clone(), outsider.clone()] {
            row.into_active_model().insert(&db).await.expect("user");
        }
        for row in [theirs.clone(), elsewhere.clone()] {
            row.into_active_model().insert(&db).await.expect("workspace");
        }
        for row in [own.clone(), other.clone()] {
            row.into_active_model().insert(&db).await.expect("membership");
        }
        const READ: Action = Action(Domain::Members, Access::Read);
        const WRITE: Action = Action(Domain::Members, Access::Write);
        let me = session(viewer.id);

        let (row, access) = load_for::<memberships::Entity, _>(&db, &me, own.id, READ).await.expect("own membership");
        assert_eq!((row, access.workspace_id(), access.role()), (own.clone(), theirs.id, WorkspaceRole::Viewer));

        let elsewhere_err = load_for::<memberships::Entity, _>(&db, &me, other.id, READ).await.expect_err("outside");
        let missing_err = load_for::<memberships::Entity, _>(&db, &me, Uuid::now_v7(), READ).await.expect_err("gone");
        assert_eq!((elsewhere_err.code, &elsewhere_err.message), (missing_err.code, &missing_err.message));
        assert_eq!(missing_err.message, "member not found");

        let forbidden = load_for::<memberships::Entity, _>(&db, &me, own.id, WRITE).await.expect_err("a viewer");
        assert_eq!(forbidden.code, crate::error::ErrorCode::Forbidden);

        // A key of the workspace the object is not in is outside, whatever its holder is.
        let foreign_key = key(outsider.id, elsewhere.id, &[ApiScope::WorkspaceWrite]);
        let by_key = load_for::<memberships::Entity, _>(&db, &foreign_key, own.id, READ).await.expect_err("outside");
        assert_eq!((by_key.code, &by_key.message), (missing_err.code, &missing_err.message));
        let own_key = key(viewer.id, theirs.id, &[ApiScope::WorkspaceRead]);
        assert!(load_for::<memberships::Entity, _>(&db, &own_key, own.id, READ).await.is_ok());
    }
}
