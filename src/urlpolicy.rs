//! Where a URL points, judged without touching the network: loopback (so the local development
//! secret and plain HTTP are fine) and what TRST refuses as a webhook URL (HTTP, credentials in
//! the URL, localhost, and the special-purpose address blocks of RFC 6890: private, link-local,
//! CGNAT, documentation, multicast, …; contract §4). The refused blocks are one table,
//! [`REFUSED_V4`] and [`REFUSED_V6`]; IPv6 forms that embed an IPv4 address (mapped, compatible,
//! NAT64, 6to4) are judged by the address they embed. Shared by `send`, `webhooks`, `check`,
//! `emulator`.

use std::net::IpAddr;
use url::{Host, Url};

mod ranges;

pub use ranges::{REFUSED_V4, REFUSED_V6, V4Block, V6Block, V6Rule, refused_range};

/// A reason TRST would refuse a URL as a webhook destination.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("TRST only delivers to https:// URLs")]
    NotHttps,
    #[error("TRST refuses localhost in production")]
    Loopback,
    #[error("{0} is a private or internal network address, which TRST refuses")]
    PrivateNetwork(String),
    #[error("{address} is a private or internal network address ({range}), which TRST refuses")]
    SpecialAddress { address: String, range: String },
    #[error("URLs with a user name or password (user:pass@) are refused")]
    Credentials,
    #[error("URL has no host")]
    NoHost,
}

/// True when the URL's host is this machine: `localhost`, `*.localhost`, 127.0.0.0/8, ::1 or
/// ::ffff:127.0.0.0/104.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => is_localhost_name(d),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

/// [`is_loopback`] for a bare host as given to `--host` (`127.0.0.1`, `::1`, `[::1]`,
/// `::ffff:127.0.0.1`, `localhost`): where `listen` and `emulator` decide whether they are
/// reachable from other machines.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => is_loopback_ip(ip),
        Err(_) => is_localhost_name(bare),
    }
}

/// True for 127.0.0.0/8, ::1 and IPv4-mapped loopback.
pub fn is_loopback_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

fn is_localhost_name(domain: &str) -> bool {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    d == "localhost" || d.ends_with(".localhost")
}

/// Everything TRST would object to in this webhook URL (empty: acceptable).
pub fn trst_problems(url: &Url) -> Vec<UrlProblem> {
    let mut problems = Vec::new();
    if url.scheme() != "https" {
        problems.push(UrlProblem::NotHttps);
    }
    if !url.username().is_empty() || url.password().is_some() {
        problems.push(UrlProblem::Credentials);
    }
    match url.host() {
        None => problems.push(UrlProblem::NoHost),
        Some(_) if is_loopback(url) => problems.push(UrlProblem::Loopback),
        Some(Host::Ipv4(ip)) => problems.extend(address_problem(IpAddr::V4(ip))),
        Some(Host::Ipv6(ip)) => problems.extend(address_problem(IpAddr::V6(ip))),
        Some(Host::Domain(d)) => {
            if is_internal_name(d) {
                problems.push(UrlProblem::PrivateNetwork(d.to_owned()));
            }
        }
    }
    problems
}

/// What TRST would object to in one address (a literal host, or what a name resolved to):
/// `None` for a public address, [`UrlProblem::Loopback`] for this machine, else the refused
/// block it falls in.
pub fn address_problem(ip: IpAddr) -> Option<UrlProblem> {
    if is_loopback_ip(ip) {
        return Some(UrlProblem::Loopback);
    }
    refused_range(ip).map(|range| UrlProblem::SpecialAddress {
        address: ip.to_string(),
        range,
    })
}

fn is_internal_name(domain: &str) -> bool {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    !d.contains('.')
        || [
            ".local",
            ".internal",
            ".lan",
            ".home.arpa",
            ".intranet",
            ".corp",
        ]
        .iter()
        .any(|suffix| d.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn loopback_forms() {
        for s in [
            "http://localhost:3000/x",
            "http://127.0.0.1/",
            "http://127.8.9.1",
            "http://[::1]:80/",
            "http://api.localhost/",
            "http://LOCALHOST./",
        ] {
            assert!(is_loopback(&url(s)), "{s}");
        }
        for s in [
            "http://10.0.0.1/",
            "https://example.com/",
            "http://localhost.example.com/",
        ] {
            assert!(!is_loopback(&url(s)), "{s}");
        }
    }

    #[test]
    fn trst_refusals() {
        assert!(trst_problems(&url("https://hooks.example.com/webhooks/trst")).is_empty());
        assert_eq!(
            trst_problems(&url("http://hooks.example.com/")),
            vec![UrlProblem::NotHttps]
        );
        assert_eq!(
            trst_problems(&url("https://localhost/")),
            vec![UrlProblem::Loopback]
        );
        for s in [
            "https://10.1.2.3/",
            "https://192.168.0.5/",
            "https://172.20.0.1/",
            "https://169.254.1.1/",
            "https://100.64.0.1/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "https://nas.local/",
            "https://intranet/",
        ] {
            assert!(
                matches!(
                    trst_problems(&url(s)).as_slice(),
                    [UrlProblem::PrivateNetwork(_) | UrlProblem::SpecialAddress { .. }]
                ),
                "{s}"
            );
        }
        assert!(trst_problems(&url("https://8.8.8.8/")).is_empty());
    }

    #[test]
    fn addresses_say_loopback_refused_or_fine() {
        let at = |s: &str| address_problem(s.parse().unwrap());
        assert_eq!(at("127.0.0.1"), Some(UrlProblem::Loopback));
        assert_eq!(at("::1"), Some(UrlProblem::Loopback));
        assert_eq!(at("::ffff:127.0.0.1"), Some(UrlProblem::Loopback));
        assert_eq!(at("93.184.216.34"), None);
        let refused = at("169.254.169.254").unwrap().to_string();
        assert!(
            refused
                .contains("169.254.169.254 is a private or internal network address (link-local"),
            "{refused}"
        );
    }

    #[test]
    fn credentials_and_embedded_forms_in_urls() {
        assert!(
            trst_problems(&url("https://user:pass@hooks.example.com/"))
                .contains(&UrlProblem::Credentials)
        );
        assert!(
            trst_problems(&url("https://user@hooks.example.com/"))
                .contains(&UrlProblem::Credentials)
        );
        for s in [
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[::a9fe:a9fe]/",
            "https://192.0.0.8/",
            "https://198.18.0.1/",
            "https://224.0.0.1/",
        ] {
            assert!(
                matches!(
                    trst_problems(&url(s)).as_slice(),
                    [UrlProblem::SpecialAddress { .. }]
                ),
                "{s}"
            );
        }
        assert_eq!(
            trst_problems(&url("https://[::ffff:127.0.0.1]/")),
            vec![UrlProblem::Loopback]
        );
    }

    #[test]
    fn loopback_hosts_as_given_to_host_flags() {
        for host in [
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "[::1]",
            "::ffff:127.0.0.1",
            "localhost",
            "LOCALHOST.",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "0.0.0.0",
            "192.168.1.2",
            "::",
            "example.com",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
