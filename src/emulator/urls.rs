//! The emulator's URL policy beyond the request's shape: what TRST refuses (the table in
//! [`crate::urlpolicy`]), loopback allowed unless `--strict-urls` (the emulator delivers to the
//! developer's own machine). A host name is resolved and every address checked when a webhook is
//! created or its URL changed ([`resolve_url`]), and again at delivery: literal addresses by
//! [`check_delivery_url`], names by the delivery client's resolver ([`check_address`] as its
//! policy), which connects only to the addresses it checked, so DNS rebinding cannot slip a
//! refused address in between.

use std::net::IpAddr;

use url::{Host, Url};

use super::models::ApiError;
use crate::{net, urlpolicy};

/// The emulator's rule for one address: what TRST refuses, except loopback (the emulator
/// delivers to the developer's own machine) unless `strict` (`--strict-urls`).
pub fn check_address(ip: IpAddr, strict: bool) -> Result<(), String> {
    match urlpolicy::address_problem(ip) {
        None => Ok(()),
        Some(urlpolicy::UrlProblem::Loopback) if !strict => Ok(()),
        Some(problem) => Err(problem.to_string()),
    }
}

/// The checks a stored URL gets again when a delivery is sent (the database may predate them,
/// or the emulator may have restarted with `--strict-urls`): parseable, no credentials, and a
/// literal address the policy allows. Names are checked by the delivery client's resolver.
pub fn check_delivery_url(text: &str, strict: bool) -> Result<(), String> {
    let url = Url::parse(text).map_err(|e| format!("url {text} is not a valid URL: {e}"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(urlpolicy::UrlProblem::Credentials.to_string());
    }
    match url.host() {
        Some(Host::Ipv4(ip)) => check_address(IpAddr::V4(ip), strict),
        Some(Host::Ipv6(ip)) => check_address(IpAddr::V6(ip), strict),
        Some(Host::Domain(_)) => Ok(()),
        None => Err(urlpolicy::UrlProblem::NoHost.to_string()),
    }
}

/// Resolve a validated URL's host name and refuse it (422) if any address it resolves to is
/// refused. A name that does not resolve (yet, or offline) is accepted: nothing can be delivered
/// to it, and the delivery engine checks every address it would connect to anyway.
pub async fn resolve_url(text: &str, strict: bool) -> Result<(), ApiError> {
    let Ok(url) = Url::parse(text) else {
        return Ok(());
    };
    let Some(Host::Domain(name)) = url.host() else {
        return Ok(());
    };
    let policy = move |ip| check_address(ip, strict);
    match net::resolve::resolve_checked(name, &policy).await {
        Err(refused @ net::resolve::ResolveError::Refused { .. }) => Err(ApiError::new(
            422,
            "url_refused",
            format!("url {url} refused: {refused}"),
        )),
        Ok(_) | Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::emulator::validate::create;

    fn msg<T: std::fmt::Debug>(r: Result<T, ApiError>) -> (u16, String) {
        let e = r.unwrap_err();
        (e.status, e.message)
    }

    fn webhook_body(url: &str) -> Vec<u8> {
        format!(r#"{{"url":"{url}","event_types":["webhook.test"]}}"#).into_bytes()
    }

    #[test]
    fn credentials_are_refused_even_on_loopback() {
        for u in [
            "http://user:pass@localhost:3000/x",
            "https://user@hooks.example.com/x",
        ] {
            let (code, text) = msg(create(&webhook_body(u), false));
            assert_eq!(code, 422, "{u}");
            assert!(text.contains("user name or password"), "{text}");
        }
    }

    #[test]
    fn literal_addresses_follow_the_table_with_loopback_allowed() {
        for refused in [
            "https://169.254.169.254/latest",
            "https://[64:ff9b::a9fe:a9fe]/x",
            "https://[::a9fe:a9fe]/x",
            "https://192.0.0.8/x",
            "https://198.18.0.1/x",
            "https://239.1.1.1/x",
            "https://[ff02::1]/x",
            "https://[::ffff:10.0.0.1]/x",
        ] {
            assert_eq!(
                msg(create(&webhook_body(refused), false)).0,
                422,
                "{refused}"
            );
        }
        for allowed in ["http://[::ffff:127.0.0.1]:3000/x", "http://[::1]:3000/x"] {
            assert!(create(&webhook_body(allowed), false).is_ok(), "{allowed}");
        }
    }

    #[test]
    fn delivery_time_checks() {
        assert!(check_delivery_url("http://127.0.0.1:3000/x", false).is_ok());
        assert!(check_delivery_url("http://127.0.0.1:3000/x", true).is_err());
        assert!(check_delivery_url("https://10.0.0.1/x", false).is_err());
        assert!(check_delivery_url("https://u:p@hooks.example.com/x", false).is_err());
        assert!(check_delivery_url("https://hooks.example.com/x", false).is_ok());
    }

    #[tokio::test]
    async fn names_are_resolved_and_every_address_checked() {
        // `localhost` resolves without any network, to loopback only.
        assert!(resolve_url("http://localhost:3000/x", false).await.is_ok());
        let (code, text) = msg(resolve_url("https://localhost/x", true).await);
        assert_eq!(code, 422);
        assert!(text.contains("localhost resolves to"), "{text}");
        // A name that does not resolve is left to the delivery-time check.
        assert!(
            resolve_url("https://no-such-host.invalid/x", true)
                .await
                .is_ok()
        );
    }
}
