//! Where `send` and `check` send test events, and which secret signs them: a URL, the name of a
//! target in the config file, or (nothing given) the local listener. Pure: the caller loads the
//! config and reads env vars and files; this only decides, so both commands decide alike.

use std::path::PathBuf;

use url::Url;

use crate::config::{Loaded, Target};
use crate::secret::{Secret, SecretChoices};
use crate::{defaults, urlpolicy};

/// A resolved place to send to.
#[derive(Debug, Clone)]
pub struct Destination {
    pub url: Url,
    /// The config target, when a name was given.
    pub target: Option<NamedTarget>,
    /// Nothing was given: the local listener's default URL.
    pub is_default: bool,
}

/// A target from the config file, with its name and the file it came from.
#[derive(Debug, Clone)]
pub struct NamedTarget {
    pub name: String,
    pub target: Target,
    pub config_path: PathBuf,
}

impl Destination {
    /// The URL is on this machine (the local development secret is acceptable there).
    pub fn loopback(&self) -> bool {
        urlpolicy::is_loopback(&self.url)
    }

    /// The target is marked `production = true`: ask before sending.
    pub fn production(&self) -> bool {
        self.target.as_ref().is_some_and(|t| t.target.production)
    }

    /// The target's name, when a name was given.
    pub fn name(&self) -> Option<&str> {
        self.target.as_ref().map(|t| t.name.as_str())
    }
}

/// Why a destination could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DestinationError {
    #[error("\"{text}\" is not a valid URL: {reason}")]
    BadUrl { text: String, reason: String },
    #[error("\"{text}\" is not an http:// or https:// URL: only those can receive webhooks")]
    NotHttp { text: String },
    #[error("\"{name}\" is not a URL and there is no config file defining targets")]
    NoConfig { name: String },
    /// The config has no such target, or refuses it (an untrusted file); `hint` is the
    /// config's own advice when it has some (e.g. how to trust the file).
    #[error("{message}")]
    UnknownTarget {
        message: String,
        hint: Option<String>,
    },
    #[error("target \"{name}\" in {}: {reason}", path.display())]
    BadTargetUrl {
        name: String,
        path: PathBuf,
        reason: String,
    },
}

/// Resolve what the user gave: anything with `://` is a URL, anything else a target name
/// looked up in `config`; nothing is the local listener.
pub fn resolve(
    text: Option<&str>,
    config: Option<&Loaded>,
) -> Result<Destination, DestinationError> {
    let Some(text) = text.map(str::trim) else {
        return Ok(Destination {
            url: parse_url(&defaults::local_listener_url())?,
            target: None,
            is_default: true,
        });
    };
    if text.contains("://") {
        return Ok(Destination {
            url: parse_url(text)?,
            target: None,
            is_default: false,
        });
    }
    let Some(loaded) = config else {
        return Err(DestinationError::NoConfig {
            name: text.to_owned(),
        });
    };
    let target = loaded
        .target(text)
        .map_err(|e| DestinationError::UnknownTarget {
            message: e.to_string(),
            hint: e.hint(),
        })?;
    let url = parse_url(&target.url).map_err(|e| DestinationError::BadTargetUrl {
        name: text.to_owned(),
        path: loaded.path.clone(),
        reason: e.to_string(),
    })?;
    Ok(Destination {
        url,
        target: Some(NamedTarget {
            name: text.to_owned(),
            target: target.clone(),
            config_path: loaded.path.clone(),
        }),
        is_default: false,
    })
}

/// Whether a name the user gave looks like a host they meant as a URL (`localhost:3000`).
pub fn looks_like_host(text: &str) -> bool {
    text.starts_with("localhost")
        || text.contains(':')
        || text.contains('/')
        || text.parse::<std::net::IpAddr>().is_ok()
}

fn parse_url(text: &str) -> Result<Url, DestinationError> {
    let url = Url::parse(text).map_err(|e| DestinationError::BadUrl {
        text: text.to_owned(),
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(DestinationError::NotHttp {
            text: text.to_owned(),
        });
    }
    Ok(url)
}

/// Where the signing secret comes from, decided before anything is read.
#[derive(Debug, Clone)]
pub enum SecretSource {
    /// The secret flags (or, with none, the usual order: $TRST_WEBHOOK_SECRET, the local
    /// development secret on loopback, a prompt).
    Flags,
    /// The target keeps its secret in the config file itself (works; warned about).
    Inline { target: String, value: Secret },
    /// The target names an env var or file.
    Target {
        target: String,
        request: SecretChoices,
    },
    /// The target names no secret and the URL is not on loopback: refuse rather than sign with
    /// whatever $TRST_WEBHOOK_SECRET holds.
    Missing { target: String },
}

/// Explicit secret flags win; else the target's configured source; else the usual order.
pub fn secret_source(destination: &Destination, explicit_flags: bool) -> SecretSource {
    let Some(named) = destination.target.as_ref().filter(|_| !explicit_flags) else {
        return SecretSource::Flags;
    };
    let target = named.name.clone();
    if let Some(value) = &named.target.secret {
        return SecretSource::Inline {
            target,
            value: value.clone(),
        };
    }
    let mut request = named.target.secret_request();
    request.values.clear();
    if request.files.is_empty() && request.envs.is_empty() && !destination.loopback() {
        return SecretSource::Missing { target };
    }
    SecretSource::Target { target, request }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn loaded(toml: &str) -> Loaded {
        Loaded {
            path: PathBuf::from("trst-hooks.toml"),
            config: crate::config::parse(toml, Path::new("trst-hooks.toml")).unwrap(),
            trust: crate::config::Trust::Trusted,
        }
    }

    const CONFIG: &str = r#"
        [targets.staging]
        url = "https://staging.example.com/webhooks/trst"
        secret_env = "STAGING_SECRET"
        production = true

        [targets.inline]
        url = "https://inline.example.com/hook"
        secret = "whsec_inline"

        [targets.bare]
        url = "https://bare.example.com/hook"

        [targets.local]
        url = "http://127.0.0.1:3000/webhooks/trst"
    "#;

    #[test]
    fn urls_names_and_the_default() {
        let config = loaded(CONFIG);
        let d = resolve(None, None).unwrap();
        assert!(d.is_default && d.loopback() && d.target.is_none());
        let d = resolve(Some("https://x.example.com/h"), None).unwrap();
        assert_eq!(d.url.as_str(), "https://x.example.com/h");
        assert!(!d.production());
        let d = resolve(Some("staging"), Some(&config)).unwrap();
        assert_eq!(d.name(), Some("staging"));
        assert!(d.production());
        assert_eq!(d.url.host_str(), Some("staging.example.com"));
    }

    #[test]
    fn unusable_text_is_refused() {
        let config = loaded(CONFIG);
        assert!(matches!(
            resolve(Some("ftp://x"), None),
            Err(DestinationError::NotHttp { .. })
        ));
        assert!(matches!(
            resolve(Some("staging"), None),
            Err(DestinationError::NoConfig { .. })
        ));
        assert!(matches!(
            resolve(Some("prod"), Some(&config)),
            Err(DestinationError::UnknownTarget { .. })
        ));
        assert!(looks_like_host("localhost:3000"));
        assert!(!looks_like_host("staging"));
    }

    #[test]
    fn the_secret_comes_from_flags_then_the_target() {
        let config = loaded(CONFIG);
        let staging = resolve(Some("staging"), Some(&config)).unwrap();
        assert!(matches!(secret_source(&staging, true), SecretSource::Flags));
        assert!(matches!(
            secret_source(&staging, false),
            SecretSource::Target { request, .. } if request.envs == ["STAGING_SECRET"] && request.values.is_empty()
        ));
        let url = resolve(Some("https://x.example.com/h"), None).unwrap();
        assert!(matches!(secret_source(&url, false), SecretSource::Flags));
    }

    #[test]
    fn an_inline_secret_is_the_configs_not_a_flag() {
        let config = loaded(CONFIG);
        let inline = resolve(Some("inline"), Some(&config)).unwrap();
        assert!(matches!(
            secret_source(&inline, false),
            SecretSource::Inline { target, value } if target == "inline" && value.expose() == "whsec_inline"
        ));
    }

    #[test]
    fn a_public_target_without_a_secret_is_refused() {
        let config = loaded(CONFIG);
        let bare = resolve(Some("bare"), Some(&config)).unwrap();
        assert!(matches!(
            secret_source(&bare, false),
            SecretSource::Missing { target } if target == "bare"
        ));
        let local = resolve(Some("local"), Some(&config)).unwrap();
        assert!(matches!(
            secret_source(&local, false),
            SecretSource::Target { .. }
        ));
    }
}
