//! The HTTP client webhook deliveries go through. Redirects are never followed (a receiver
//! could otherwise bounce the request inside), no proxy from the environment is used, and
//! in production every name is resolved here and only public addresses are connected to,
//! so a name that resolves (or later re-resolves) to an inside address is refused at the
//! moment of connecting, not just when the webhook was saved.

use super::target::is_public;
use crate::config::{Config, Mode};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::{net::SocketAddr, time::Duration};

/// The receiver's name resolved only to addresses a webhook may not reach.
#[derive(Debug, thiserror::Error)]
#[error("the receiver's host resolves only to private or reserved addresses")]
pub struct InsideAddress;

struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found.into_iter().filter(|addr| is_public(addr.ip())).collect();
            if public.is_empty() {
                return Err(Box::new(InsideAddress) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

pub fn client(config: &Config) -> reqwest::Result<reqwest::Client> {
    let timeout = Duration::from_secs(config.webhooks.request_timeout_secs.max(1));
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .user_agent(concat!("postwarden-webhooks/", env!("CARGO_PKG_VERSION")));
    if config.mode == Mode::Production {
        builder = builder.dns_resolver(PublicOnly).https_only(true);
    }
    builder.build()
}

/// Whether a request failed because the resolver refused every address.
pub fn refused_inside(err: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(current) = source {
        if current.is::<InsideAddress>() {
            return true;
        }
        source = current.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn production_never_connects_to_a_name_that_resolves_inside() {
        let config = Config { mode: Mode::Production, ..Config::default() };
        let client = client(&config).expect("client");
        let err = client.get("https://localhost:9/").send().await.expect_err("refused");
        assert!(refused_inside(&err), "{err:?}");
    }
}
