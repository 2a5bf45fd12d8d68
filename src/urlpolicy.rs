//! Where a URL points, judged without touching the network: loopback (so the local development
//! secret and plain HTTP are fine) and what TRST refuses as a webhook URL (HTTP, localhost,
//! private or internal networks; contract §4). Shared by `send`, `webhooks`, `check`, `emulator`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// A reason TRST would refuse a URL as a webhook destination.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("TRST only delivers to https:// URLs")]
    NotHttps,
    #[error("TRST refuses localhost in production")]
    Loopback,
    #[error("{0} is a private or internal network address, which TRST refuses")]
    PrivateNetwork(String),
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
    match url.host() {
        None => problems.push(UrlProblem::NoHost),
        Some(_) if is_loopback(url) => problems.push(UrlProblem::Loopback),
        Some(Host::Ipv4(ip)) => {
            if is_private_v4(ip) {
                problems.push(UrlProblem::PrivateNetwork(ip.to_string()));
            }
        }
        Some(Host::Ipv6(ip)) => {
            if is_private_v6(ip) {
                problems.push(UrlProblem::PrivateNetwork(ip.to_string()));
            }
        }
        Some(Host::Domain(d)) => {
            if is_internal_name(d) {
                problems.push(UrlProblem::PrivateNetwork(d.to_owned()));
            }
        }
    }
    problems
}

fn is_private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || (a == 100 && (64..128).contains(&b))
        || a == 0
}

fn is_private_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_private_v4(v4) || v4.is_loopback();
    }
    let first = ip.segments()[0];
    ip.is_unspecified() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
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

/// True when the host is a literal IP in a private range (for messages that want the detail).
pub fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_private_v4(v4),
        IpAddr::V6(v6) => is_private_v6(v6),
    }
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
                    [UrlProblem::PrivateNetwork(_)]
                ),
                "{s}"
            );
        }
        assert!(trst_problems(&url("https://8.8.8.8/")).is_empty());
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
