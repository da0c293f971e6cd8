//! Authorization-code with PKCE, refresh and revocation through the `oauth2` crate.

use super::{OAuthHttp, Provider, Revocation, TokenAuth};
use chrono::Duration;
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, Client, ClientId, ClientSecret, CsrfToken, ExtraTokenFields,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, StandardRevocableToken,
    StandardTokenResponse, TokenResponse, TokenUrl,
    basic::{
        BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
        BasicTokenType,
    },
    url::Url,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// Lifetimes some platforms add to their token responses.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExtraLifetimes {
    #[serde(default)]
    refresh_expires_in: Option<u64>,
    #[serde(default)]
    refresh_token_expires_in: Option<u64>,
}

impl ExtraTokenFields for ExtraLifetimes {}

type TokenBody = StandardTokenResponse<ExtraLifetimes, BasicTokenType>;
type OAuthClient = Client<
    BasicErrorResponse,
    TokenBody,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
>;

/// What a token endpoint granted. Lifetimes are the platform's own (`expires_in`), never
/// assumed.
#[derive(Debug)]
pub struct Tokens {
    pub access: SecretString,
    pub refresh: Option<SecretString>,
    pub expires_in: Option<Duration>,
    pub refresh_expires_in: Option<Duration>,
    pub scopes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// The grant is dead (expired or revoked refresh token, used code): a person must
    /// reconnect.
    #[error("the platform refused the grant")]
    InvalidGrant,
    #[error("the platform refused the request: {0}")]
    Rejected(String),
    #[error("the platform could not be reached: {0}")]
    Transport(String),
    #[error("this platform is misconfigured: {0}")]
    Config(String),
}

fn credentials(provider: &Provider) -> OAuthClient {
    let mut client =
        OAuthClient::new(ClientId::new(provider.client_id.clone())).set_auth_type(match provider.def.token_auth {
            TokenAuth::Basic => AuthType::BasicAuth,
            TokenAuth::Body => AuthType::RequestBody,
        });
    if let Some(secret) = &provider.client_secret {
        client = client.set_client_secret(ClientSecret::new(secret.expose_secret().to_owned()));
    }
    client
}

fn token_url(provider: &Provider) -> Result<TokenUrl, OAuthError> {
    TokenUrl::new(provider.token_url.clone()).map_err(|e| OAuthError::Config(format!("token url: {e}")))
}

/// The URL the person is sent to, carrying our `state` and the PKCE challenge.
pub fn authorize_url(
    provider: &Provider,
    redirect: &str,
    state: &str,
    challenge: PkceCodeChallenge,
) -> Result<Url, OAuthError> {
    let client = credentials(provider)
        .set_auth_uri(
            AuthUrl::new(provider.auth_url.clone()).map_err(|e| OAuthError::Config(format!("auth url: {e}")))?,
        )
        .set_redirect_uri(
            RedirectUrl::new(redirect.to_owned()).map_err(|e| OAuthError::Config(format!("redirect: {e}")))?,
        );
    let state = state.to_owned();
    let mut request = client
        .authorize_url(move || CsrfToken::new(state))
        .set_pkce_challenge(challenge)
        .add_extra_param("scope", provider.def.scopes.join(provider.def.scope_separator));
    if provider.def.client_id_param != "client_id" {
        request = request.add_extra_param(provider.def.client_id_param, provider.client_id.clone());
    }
    for (name, value) in provider.def.extra_auth_params {
        request = request.add_extra_param(*name, *value);
    }
    Ok(request.url().0)
}

pub async fn exchange_code(
    provider: &Provider,
    http: &reqwest::Client,
    redirect: &str,
    code: &str,
    verifier: &SecretString,
) -> Result<Tokens, OAuthError> {
    let client = credentials(provider).set_token_uri(token_url(provider)?).set_redirect_uri(
        RedirectUrl::new(redirect.to_owned()).map_err(|e| OAuthError::Config(format!("redirect: {e}")))?,
    );
    let mut request = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose_secret().to_owned()));
    if provider.def.client_id_param != "client_id" {
        request = request.add_extra_param(provider.def.client_id_param, provider.client_id.clone());
    }
    tokens(request.request_async(&OAuthHttp(http)).await, provider)
}

pub async fn refresh(
    provider: &Provider,
    http: &reqwest::Client,
    refresh: &SecretString,
) -> Result<Tokens, OAuthError> {
    let client = credentials(provider).set_token_uri(token_url(provider)?);
    let refresh_token = RefreshToken::new(refresh.expose_secret().to_owned());
    let mut request = client.exchange_refresh_token(&refresh_token);
    if provider.def.client_id_param != "client_id" {
        request = request.add_extra_param(provider.def.client_id_param, provider.client_id.clone());
    }
    tokens(request.request_async(&OAuthHttp(http)).await, provider)
}

fn tokens<E: std::error::Error + 'static>(
    result: Result<TokenBody, RequestTokenError<E, BasicErrorResponse>>,
    provider: &Provider,
) -> Result<Tokens, OAuthError> {
    let body = result.map_err(|err| match err {
        RequestTokenError::ServerResponse(resp) if *resp.error() == BasicErrorResponseType::InvalidGrant => {
            OAuthError::InvalidGrant
        }
        RequestTokenError::ServerResponse(resp) => OAuthError::Rejected(resp.error().to_string()),
        RequestTokenError::Request(e) => OAuthError::Transport(e.to_string()),
        RequestTokenError::Parse(..) => OAuthError::Rejected("unreadable token response".into()),
        RequestTokenError::Other(e) => OAuthError::Rejected(e),
    })?;
    let seconds = |s: u64| Duration::seconds(i64::try_from(s).unwrap_or(i64::MAX / 1000));
    let extra = body.extra_fields();
    let scopes = match body.scopes() {
        Some(granted) => granted
            .iter()
            .flat_map(|s| s.as_str().split([',', ' ']).map(str::to_owned).collect::<Vec<_>>())
            .filter(|s| !s.is_empty())
            .collect(),
        None => provider.def.scopes.iter().map(|s| (*s).to_owned()).collect(),
    };
    Ok(Tokens {
        access: SecretString::from(body.access_token().secret().to_owned()),
        refresh: body.refresh_token().map(|t| SecretString::from(t.secret().to_owned())),
        expires_in: body.expires_in().and_then(|d| Duration::from_std(d).ok()),
        refresh_expires_in: extra.refresh_expires_in.or(extra.refresh_token_expires_in).map(seconds),
        scopes,
    })
}

/// Which kind of token is being revoked (RFC 7009's `token_type_hint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
}

/// `Ok(false)` when the platform offers no revocation.
pub async fn revoke(
    provider: &Provider,
    http: &reqwest::Client,
    token: &SecretString,
    kind: TokenKind,
) -> Result<bool, OAuthError> {
    match provider.def.revocation {
        Revocation::None => Ok(false),
        // RFC 7009 by hand: oauth2's revocation insists on HTTPS, which loopback test
        // servers and some staging hosts do not offer.
        Revocation::Rfc7009(_) => {
            let Some(url) = &provider.revoke_url else { return Ok(false) };
            let hint = match kind {
                TokenKind::Access => "access_token",
                TokenKind::Refresh => "refresh_token",
            };
            let mut form = vec![("token", token.expose_secret().to_owned()), ("token_type_hint", hint.to_owned())];
            let mut request = http.post(url);
            match (provider.def.token_auth, &provider.client_secret) {
                (TokenAuth::Basic, Some(secret)) => {
                    request = request.basic_auth(&provider.client_id, Some(secret.expose_secret()));
                }
                (TokenAuth::Basic, None) => form.push((provider.def.client_id_param, provider.client_id.clone())),
                (TokenAuth::Body, secret) => {
                    form.push((provider.def.client_id_param, provider.client_id.clone()));
                    if let Some(secret) = secret {
                        form.push(("client_secret", secret.expose_secret().to_owned()));
                    }
                }
            }
            let response = request
                .form(&form)
                .send()
                .await
                .map_err(|_| OAuthError::Transport("could not reach the platform".into()))?;
            let status = response.status();
            if status.is_success() {
                return Ok(true);
            }
            // RFC 7009 answers 200 for a token that is already invalid; Google answers 400
            // `invalid_token` instead (for an access token its refresh token's revocation
            // already ended). Either way the token no longer grants access.
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            if status.as_u16() == 400 && body["error"] == "invalid_token" {
                Ok(true)
            } else {
                Err(OAuthError::Rejected(format!("status {}", status.as_u16())))
            }
        }
        Revocation::MetaPermissions => {
            if kind == TokenKind::Refresh {
                return Ok(false);
            }
            let response = http
                .delete(provider.api("/v21.0/me/permissions"))
                .bearer_auth(token.expose_secret())
                .send()
                .await
                .map_err(|_| OAuthError::Transport("could not reach the platform".into()))?;
            if response.status().is_success() {
                Ok(true)
            } else {
                Err(OAuthError::Rejected(format!("status {}", response.status().as_u16())))
            }
        }
    }
}
