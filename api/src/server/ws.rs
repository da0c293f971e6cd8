//! GraphQL over WebSocket (graphql-ws, and the older subscriptions-transport-ws).
//! Credentials come in the `connection_init` payload (`{"authorization": "Bearer …"}`), or
//! from the session cookie when the socket is opened from one of our origins.

use super::{ServerState, credentials};
use crate::{auth::Authn, graphql::loaders, service};
use async_graphql::{Data, http::ALL_WEBSOCKET_PROTOCOLS};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::{
    extract::{ConnectInfo, State, WebSocketUpgrade},
    http::HeaderMap,
    response::Response,
};
use secrecy::SecretString;
use std::net::SocketAddr;

pub async fn handle(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let meta = credentials::request_meta(&headers, Some(peer), &state.app.config);
    let cookie =
        credentials::session_cookie(&headers).filter(|_| credentials::origin_allowed(&headers, &state.app.config));
    upgrade.protocols(ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| async move {
        let app = state.app.clone();
        GraphQLWebSocket::new(socket, state.schema.clone(), protocol)
            .on_connection_init(move |payload| async move {
                let bearer = ["authorization", "Authorization"]
                    .iter()
                    .find_map(|k| payload.get(*k).and_then(|v| v.as_str()))
                    .map(|v| v.trim_start_matches("Bearer ").trim_start_matches("bearer ").to_owned())
                    .filter(|v| !v.is_empty())
                    .map(SecretString::from);
                let authn = Authn::resolve(&app, bearer, cookie).await.map_err(async_graphql::Error::from)?;
                if let Authn::Rejected(reason) = authn {
                    return Err(async_graphql::Error::new(reason));
                }
                if let (true, Authn::Caller(caller)) = (meta.gpc, &authn) {
                    service::consent::honour_gpc(&app, caller, &meta).await.map_err(async_graphql::Error::from)?;
                }
                let mut data = Data::default();
                data.insert(meta);
                data.insert(authn);
                loaders::attach(&mut data, &app);
                Ok(data)
            })
            .serve()
            .await;
    })
}
