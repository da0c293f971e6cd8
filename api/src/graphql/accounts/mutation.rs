use super::{User, cookie};
use crate::{
    auth::require_session,
    graphql::{
        context::{meta, svc},
        payload::{PayloadResult, UserError, settle},
        scalars::{Date, DateTime},
    },
    service::{self, accounts::Registration},
};
use async_graphql::{Context, InputObject, Object, SimpleObject};
use secrecy::SecretString;

#[derive(Default)]
pub struct AccountsMutation;

/// What a new account needs. Give either a date of birth or the age attestation.
/// No `Debug`: these carry passwords.
#[derive(InputObject)]
pub struct RegisterInput {
    /// The address you sign in with; one account per address.
    pub email: String,
    /// The name other members of your workspaces see; at most 100 characters.
    pub display_name: String,
    /// At least the configured minimum length (12 characters by default).
    pub password: String,
    /// Used once to check the minimum age, then discarded; only the fact is kept.
    pub date_of_birth: Option<Date>,
    /// `true` attests that you meet the minimum age, instead of giving a date of birth.
    pub age_attestation: Option<bool>,
}

/// The result of `register`.
#[derive(SimpleObject, Default)]
pub struct RegisterPayload {
    /// The new account; null when the registration was refused.
    pub user: Option<User>,
    /// What to fix: invalid fields (INVALID), or an email already registered (ALREADY_EXISTS).
    pub user_errors: Vec<UserError>,
}

/// Credentials to sign in with. No `Debug`: it carries a password.
#[derive(InputObject)]
pub struct LoginInput {
    /// The account's email address.
    pub email: String,
    /// The account's password.
    pub password: String,
}

/// The result of `login`.
#[derive(SimpleObject, Default)]
pub struct LoginPayload {
    /// The signed-in account.
    pub user: Option<User>,
    /// The session token for clients that cannot hold cookies; shown only here.
    pub session_token: Option<String>,
    /// When the session ends unless renewed by signing in again.
    pub expires_at: Option<DateTime>,
    /// Problems with the input.
    pub user_errors: Vec<UserError>,
}

/// The result of `logout`.
#[derive(SimpleObject, Default)]
pub struct LogoutPayload {
    /// Sessions ended: 1, this one.
    pub sessions_ended: Option<i32>,
    /// Always empty; present for a uniform payload shape.
    pub user_errors: Vec<UserError>,
}

/// The result of `logoutEverywhere`.
#[derive(SimpleObject, Default)]
pub struct LogoutEverywherePayload {
    /// Sessions ended, this one included.
    pub sessions_ended: Option<i32>,
    /// Always empty; present for a uniform payload shape.
    pub user_errors: Vec<UserError>,
}

/// A password change. No `Debug`: it carries passwords.
#[derive(InputObject)]
pub struct ChangePasswordInput {
    /// Your password now.
    pub current_password: String,
    /// The password to use from now on; at least the configured minimum length.
    pub new_password: String,
}

/// The result of `changePassword`.
#[derive(SimpleObject, Default)]
pub struct ChangePasswordPayload {
    /// Your other sessions, ended because the password changed.
    pub other_sessions_ended: Option<i32>,
    /// A wrong current password or a new one that is too weak (INVALID).
    pub user_errors: Vec<UserError>,
}

crate::payload!(RegisterPayload, LoginPayload, LogoutPayload, LogoutEverywherePayload, ChangePasswordPayload);

/// Session counts per account are small; saturate rather than fail on the impossible.
fn small(count: u64) -> i32 {
    i32::try_from(count).unwrap_or(i32::MAX)
}

#[Object]
impl AccountsMutation {
    /// Creates an account. Refused under the minimum age. Registering an email that
    /// already has an account answers ALREADY_EXISTS in `userErrors`.
    async fn register(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: RegisterInput,
    ) -> PayloadResult<RegisterPayload> {
        settle(async move {
            let svc = svc(ctx)?;
            let user = service::accounts::register(
                &svc,
                Registration {
                    email: input.email,
                    display_name: input.display_name,
                    password: SecretString::from(input.password),
                    date_of_birth: input.date_of_birth.map(|d| d.0),
                    age_attestation: input.age_attestation,
                },
            )
            .await?;
            Ok(RegisterPayload { user: Some(User(user)), user_errors: vec![] })
        })
        .await
    }

    /// Signs in, sets the session cookie and returns the token for non-browser clients.
    /// Wrong credentials are a top-level UNAUTHENTICATED error.
    async fn login(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: LoginInput,
    ) -> PayloadResult<LoginPayload> {
        settle(async move {
            let svc = svc(ctx)?;
            let session =
                service::sessions::login(&svc, &input.email, SecretString::from(input.password), meta(ctx).client_ip)
                    .await?;
            let config = &svc.state.config.auth;
            ctx.append_http_header(
                "Set-Cookie",
                cookie::session(config, &session.token, session.expires_at, svc.now()),
            );
            Ok(LoginPayload {
                user: Some(User(session.user)),
                session_token: Some(secrecy::ExposeSecret::expose_secret(&session.token).to_owned()),
                expires_at: Some(session.expires_at.into()),
                user_errors: vec![],
            })
        })
        .await
    }

    /// Ends this session and clears the session cookie.
    async fn logout(&self, ctx: &Context<'_>) -> PayloadResult<LogoutPayload> {
        settle(async move {
            let user = require_session(ctx)?;
            let svc = svc(ctx)?;
            service::sessions::logout(&svc, user.user_id, user.session_id).await?;
            ctx.append_http_header("Set-Cookie", cookie::cleared(&svc.state.config.auth));
            Ok(LogoutPayload { sessions_ended: Some(1), user_errors: vec![] })
        })
        .await
    }

    /// Ends every session of this account, this one included.
    async fn logout_everywhere(&self, ctx: &Context<'_>) -> PayloadResult<LogoutEverywherePayload> {
        settle(async move {
            let user = require_session(ctx)?;
            let svc = svc(ctx)?;
            let ended = service::sessions::logout_everywhere(&svc, user.user_id).await?;
            ctx.append_http_header("Set-Cookie", cookie::cleared(&svc.state.config.auth));
            Ok(LogoutEverywherePayload { sessions_ended: Some(small(ended)), user_errors: vec![] })
        })
        .await
    }

    /// Changes the password and ends every other session. Needs a signed-in session.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to do; see the input type.")] input: ChangePasswordInput,
    ) -> PayloadResult<ChangePasswordPayload> {
        settle(async move {
            let user = require_session(ctx)?;
            let svc = svc(ctx)?;
            let ended = service::accounts::change_password(
                &svc,
                user.user_id,
                user.session_id,
                SecretString::from(input.current_password),
                SecretString::from(input.new_password),
            )
            .await?;
            Ok(ChangePasswordPayload { other_sessions_ended: Some(small(ended)), user_errors: vec![] })
        })
        .await
    }
}
