//! Name resolution that checks where a name points before anything connects to it: every address
//! is judged by a policy, and a name with one refused address is refused whole. Plugged into
//! reqwest as its resolver, the client connects only to the addresses that were checked, so a
//! name that changes its answer between a check and a connection (DNS rebinding) cannot slip
//! through.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Judges one address: `Err` says why it is refused.
pub type AddressPolicy = dyn Fn(IpAddr) -> Result<(), String> + Send + Sync;

/// Why a name was not resolved to usable addresses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("cannot resolve {host}: {reason}")]
    Lookup { host: String, reason: String },
    #[error("{host} resolves to no address")]
    NoAddress { host: String },
    #[error("{host} resolves to {address}: {reason}")]
    Refused {
        host: String,
        address: IpAddr,
        reason: String,
    },
}

/// Resolve `host` and check every address; all of them, or the first refusal.
pub async fn resolve_checked(
    host: &str,
    policy: &AddressPolicy,
) -> Result<Vec<SocketAddr>, ResolveError> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((bare, 0))
        .await
        .map_err(|e| ResolveError::Lookup {
            host: host.to_owned(),
            reason: super::io_reason(&e),
        })?
        .collect();
    if addrs.is_empty() {
        return Err(ResolveError::NoAddress {
            host: host.to_owned(),
        });
    }
    for addr in &addrs {
        policy(addr.ip()).map_err(|reason| ResolveError::Refused {
            host: host.to_owned(),
            address: addr.ip(),
            reason,
        })?;
    }
    Ok(addrs)
}

/// A reqwest resolver that applies an [`AddressPolicy`] to every name it resolves.
#[derive(Clone)]
pub struct CheckedResolver {
    policy: Arc<AddressPolicy>,
}

impl CheckedResolver {
    /// A resolver refusing what `policy` refuses.
    pub fn new(policy: Arc<AddressPolicy>) -> Self {
        CheckedResolver { policy }
    }
}

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs = resolve_checked(&host, &*policy).await?;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_loopback(ip: IpAddr) -> Result<(), String> {
        if ip.is_loopback() {
            Err("loopback is refused".into())
        } else {
            Ok(())
        }
    }

    #[tokio::test]
    async fn localhost_is_checked_address_by_address() {
        let all = resolve_checked("localhost", &|_| Ok(())).await.unwrap();
        assert!(all.iter().all(|a| a.ip().is_loopback()), "{all:?}");
        let refused = resolve_checked("localhost", &no_loopback)
            .await
            .unwrap_err();
        assert!(
            matches!(&refused, ResolveError::Refused { address, .. } if address.is_loopback()),
            "{refused:?}"
        );
        assert!(refused.to_string().contains("loopback is refused"));
    }

    #[tokio::test]
    async fn literals_are_checked_too() {
        assert!(resolve_checked("[::1]", &no_loopback).await.is_err());
        assert!(resolve_checked("127.0.0.1", &|_| Ok(())).await.is_ok());
    }

    #[tokio::test]
    async fn a_client_with_the_resolver_does_not_connect_to_a_refused_name() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let client = super::super::client::builder()
            .dns_resolver(CheckedResolver::new(Arc::new(no_loopback)))
            .build()
            .unwrap();
        let err = client
            .get(format!("http://localhost:{port}/"))
            .send()
            .await
            .unwrap_err();
        let failure = super::super::classify(&err);
        assert_eq!(failure.kind, super::super::FailureKind::Dns, "{failure:?}");
        assert!(
            failure.reason.contains("loopback is refused"),
            "{failure:?}"
        );
    }
}
