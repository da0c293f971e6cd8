use super::{User, cookie};
use crate::{
    auth::require_session,
    error::ApiResult,
    graphql::context::{meta, svc},
    service::{self, accounts::Registration},
};
use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use secrecy::SecretString;

#[derive(Default)]
pub struct AccountsMutation;

/// No `Debug`: these carry passwords.
#[derive(InputObject)]
pub struct RegisterInput {
    pub email: String,
    pub display_name: String,
    pub password: String,
    /// Used once to check the minimum age, then discarded; only the fact is kept.
    pub date_of_birth: Option<NaiveDate>,
    /// `true` attests that you meet the minimum age, instead of giving a date of birth.
    pub age_attestation: Option<bool>,
}

#[derive(SimpleObject)]
pub struct RegisterPayload {
    pub user: User,
}

#[derive(InputObject)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
}

#[derive(SimpleObject)]
pub struct LoginPayload {
    pub user: User,
    /// The session token for clients that cannot hold cookies; shown only here.
    pub session_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(SimpleObject)]
pub struct LogoutPayload {
    pub sessions_ended: u64,
}

#[derive(InputObject)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}

#[derive(SimpleObject)]
pub struct ChangePasswordPayload {
    /// Your other sessions, ended because the password changed.
    pub other_sessions_ended: u64,
}

#[Object]
impl AccountsMutation {
    /// Creates an account. Refused under the minimum age.
    async fn register(&self, ctx: &Context<'_>, input: RegisterInput) -> ApiResult<RegisterPayload> {
        let svc = svc(ctx)?;
        let user = service::accounts::register(
            &svc,
            Registration {
                email: input.email,
                display_name: input.display_name,
                password: SecretString::from(input.password),
                date_of_birth: input.date_of_birth,
                age_attestation: input.age_attestation,
            },
        )
        .await?;
        Ok(RegisterPayload { user: User(user) })
    }

    /// Signs in, sets the session cookie and returns the token for non-browser clients.
    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> ApiResult<LoginPayload> {
        let svc = svc(ctx)?;
        let session =
            service::sessions::login(&svc, &input.email, SecretString::from(input.password), meta(ctx).client_ip)
                .await?;
        let config = &svc.state.config.auth;
        ctx.append_http_header("Set-Cookie", cookie::session(config, &session.token, session.expires_at, svc.now()));
        Ok(LoginPayload {
            user: User(session.user),
            session_token: secrecy::ExposeSecret::expose_secret(&session.token).to_owned(),
            expires_at: session.expires_at,
        })
    }

    /// Ends this session.
    async fn logout(&self, ctx: &Context<'_>) -> ApiResult<LogoutPayload> {
        let user = require_session(ctx)?;
        let svc = svc(ctx)?;
        service::sessions::logout(&svc, user.user_id, user.session_id).await?;
        ctx.append_http_header("Set-Cookie", cookie::cleared(&svc.state.config.auth));
        Ok(LogoutPayload { sessions_ended: 1 })
    }

    /// Ends every session of this account, this one included.
    async fn logout_everywhere(&self, ctx: &Context<'_>) -> ApiResult<LogoutPayload> {
        let user = require_session(ctx)?;
        let svc = svc(ctx)?;
        let ended = service::sessions::logout_everywhere(&svc, user.user_id).await?;
        ctx.append_http_header("Set-Cookie", cookie::cleared(&svc.state.config.auth));
        Ok(LogoutPayload { sessions_ended: ended })
    }

    /// Changes the password and ends every other session.
    async fn change_password(&self, ctx: &Context<'_>, input: ChangePasswordInput) -> ApiResult<ChangePasswordPayload> {
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
        Ok(ChangePasswordPayload { other_sessions_ended: ended })
    }
}
