//! Where the API client's settings come from, resolved without IO of its own (the environment is
//! injected): base URL (`--base-url`, `TRST_API_BASE`, profile, default), project (`--project`,
//! `TRST_PROJECT_ID`, profile) and API key (`--api-key`, `--api-key-file`, `TRST_API_KEY`, the
//! profile's `api_key_env` / `api_key_file`, a hidden prompt on a TTY). Also the local check of a
//! webhook URL, relaxed for loopback when the API itself is a local emulator.

use std::path::PathBuf;

use url::Url;

use crate::config::{Profile, expand_home};
use crate::secret::{Secret, strip_one_newline};
use crate::urlpolicy::{self, UrlProblem};

/// The env var holding the API key.
pub const API_KEY_ENV: &str = "TRST_API_KEY";
/// The env var overriding the base URL.
pub const API_BASE_ENV: &str = "TRST_API_BASE";
/// The env var naming the project.
pub const PROJECT_ENV: &str = "TRST_PROJECT_ID";

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub base_url: Option<String>,
    pub project: Option<String>,
    pub api_key: Option<String>,
    pub api_key_file: Option<PathBuf>,
}

/// Read-only views of the outside world.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;
    fn read_file(&self, path: &std::path::Path) -> std::io::Result<String>;
    /// Ask for the key with a hidden prompt; `None` when nobody is at a terminal.
    fn prompt_key(&self) -> Option<String>;
}

/// Resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub base: Url,
    pub project: String,
    pub key: Secret,
    /// Where the key came from, for `-v` (`$TRST_API_KEY`, `file …`).
    pub key_origin: String,
}

impl Settings {
    /// True when the API is on this machine (a local emulator).
    pub fn api_is_loopback(&self) -> bool {
        urlpolicy::is_loopback(&self.base)
    }
}

/// Why settings could not be resolved; each variant says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("invalid API base URL {url:?}: {reason}")]
    BadBase { url: String, reason: String },
    #[error(
        "refusing plain http:// for the API base URL {0}: the API key would travel unencrypted"
    )]
    PlainHttp(String),
    #[error("no project given")]
    NoProject,
    #[error("no API key given")]
    NoKey,
    #[error("env var ${0} (named by the config profile) is not set")]
    KeyEnvNotSet(String),
    #[error("cannot read {path}: {reason}")]
    KeyFile { path: PathBuf, reason: String },
    #[error("the API key from {0} is empty")]
    EmptyKey(String),
}

impl SettingsError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            SettingsError::BadBase { .. } => "give a URL like https://api.prod.trstinc.ca/v1",
            SettingsError::PlainHttp(_) => {
                "use https:// (plain http is only allowed for loopback, e.g. a local emulator)"
            }
            SettingsError::NoProject => {
                "pass --project ID, set TRST_PROJECT_ID, or set `project` in a config profile"
            }
            SettingsError::NoKey | SettingsError::KeyEnvNotSet(_) | SettingsError::EmptyKey(_) => {
                "set TRST_API_KEY, pass --api-key-file PATH, or set api_key_env / api_key_file in a config profile"
            }
            SettingsError::KeyFile { .. } => "check the path of the API key file",
        }
    }
}

/// Resolve the settings: flags, then env vars, then the profile, then defaults.
pub fn resolve(
    request: &Request,
    profile: Option<&Profile>,
    env: &dyn Environment,
) -> Result<Settings, SettingsError> {
    let base_text = request
        .base_url
        .clone()
        .or_else(|| env.var(API_BASE_ENV).filter(|v| !v.is_empty()))
        .or_else(|| profile.and_then(|p| p.api_base.clone()))
        .unwrap_or_else(|| crate::defaults::API_BASE.to_owned());
    let base = parse_base(&base_text)?;
    let project = request
        .project
        .clone()
        .or_else(|| env.var(PROJECT_ENV))
        .or_else(|| profile.and_then(|p| p.project.clone()))
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .ok_or(SettingsError::NoProject)?;
    let (key, key_origin) = resolve_key(request, profile, env)?;
    Ok(Settings {
        base,
        project,
        key,
        key_origin,
    })
}

fn parse_base(text: &str) -> Result<Url, SettingsError> {
    let bad = |reason: &str| SettingsError::BadBase {
        url: text.to_owned(),
        reason: reason.to_owned(),
    };
    let url = Url::parse(text.trim()).map_err(|e| bad(&e.to_string()))?;
    if url.host().is_none() {
        return Err(bad("no host"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if urlpolicy::is_loopback(&url) => Ok(url),
        "http" => Err(SettingsError::PlainHttp(text.to_owned())),
        _ => Err(bad("the scheme must be https")),
    }
}

fn resolve_key(
    request: &Request,
    profile: Option<&Profile>,
    env: &dyn Environment,
) -> Result<(Secret, String), SettingsError> {
    if let Some(value) = &request.api_key {
        return non_empty(value.trim(), "--api-key".into());
    }
    if let Some(path) = &request.api_key_file {
        return from_file(path, env);
    }
    if let Some(value) = env.var(API_KEY_ENV).filter(|v| !v.is_empty()) {
        return non_empty(value.trim(), format!("${API_KEY_ENV}"));
    }
    if let Some(profile) = profile {
        if let Some(name) = &profile.api_key_env {
            let value = env
                .var(name)
                .ok_or_else(|| SettingsError::KeyEnvNotSet(name.clone()))?;
            return non_empty(value.trim(), format!("${name}"));
        }
        if let Some(path) = &profile.api_key_file {
            return from_file(&expand_home(path), env);
        }
    }
    match env.prompt_key() {
        Some(value) => non_empty(value.trim(), "the prompt".into()),
        None => Err(SettingsError::NoKey),
    }
}

fn from_file(
    path: &std::path::Path,
    env: &dyn Environment,
) -> Result<(Secret, String), SettingsError> {
    let text = env.read_file(path).map_err(|e| SettingsError::KeyFile {
        path: path.to_owned(),
        reason: crate::cmd::io_reason(&e),
    })?;
    non_empty(
        strip_one_newline(&text).trim(),
        format!("file {}", path.display()),
    )
}

fn non_empty(value: &str, origin: String) -> Result<(Secret, String), SettingsError> {
    if value.is_empty() {
        return Err(SettingsError::EmptyKey(origin));
    }
    Ok((Secret::new(value), origin))
}

/// Check a webhook URL the way TRST documents (HTTPS, public host). When the API is a local
/// emulator (`api_is_loopback`), a loopback webhook URL (http or https) is allowed; everything
/// else stays refused. `Err` says why, in one line.
pub fn check_webhook_url(text: &str, api_is_loopback: bool) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("{text:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{text}: TRST only delivers to https:// URLs"));
    }
    let mut problems = urlpolicy::trst_problems(&url);
    if api_is_loopback && urlpolicy::is_loopback(&url) {
        problems.retain(|p| !matches!(p, UrlProblem::Loopback | UrlProblem::NotHttps));
    }
    if problems.is_empty() {
        return Ok(url);
    }
    let reasons: Vec<String> = problems.iter().map(ToString::to_string).collect();
    Err(format!("{text}: {}", reasons.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Env {
        vars: HashMap<String, String>,
        files: HashMap<PathBuf, String>,
        prompt: Option<String>,
    }

    impl Environment for Env {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).cloned()
        }
        fn read_file(&self, path: &std::path::Path) -> std::io::Result<String> {
            self.files
                .get(path)
                .cloned()
                .ok_or_else(|| std::io::ErrorKind::NotFound.into())
        }
        fn prompt_key(&self) -> Option<String> {
            self.prompt.clone()
        }
    }

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env {
            vars: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn flags_beat_env_beat_profile_beat_default() {
        let profile = Profile {
            api_base: Some("https://profile.example/v1".into()),
            project: Some("proj_profile".into()),
            api_key_env: Some("PROFILE_KEY".into()),
            api_key_file: None,
        };
        let e = env(&[("PROFILE_KEY", "k.profile")]);
        let s = resolve(&Request::default(), Some(&profile), &e).unwrap();
        assert_eq!(s.base.as_str(), "https://profile.example/v1");
        assert_eq!(s.project, "proj_profile");
        assert_eq!(s.key.expose(), "k.profile");
        let e = env(&[
            ("PROFILE_KEY", "k.profile"),
            (API_KEY_ENV, "k.env"),
            (API_BASE_ENV, "https://env.example/v1"),
            (PROJECT_ENV, "proj_env"),
        ]);
        let s = resolve(&Request::default(), Some(&profile), &e).unwrap();
        assert_eq!((s.project.as_str(), s.key.expose()), ("proj_env", "k.env"));
        assert_eq!(s.base.host_str(), Some("env.example"));
        let flags = Request {
            base_url: Some("http://127.0.0.1:9/v1".into()),
            project: Some("proj_flag".into()),
            api_key: Some("k.flag".into()),
            api_key_file: None,
        };
        let s = resolve(&flags, Some(&profile), &e).unwrap();
        assert_eq!(
            (s.project.as_str(), s.key.expose()),
            ("proj_flag", "k.flag")
        );
        assert!(s.api_is_loopback());
        let s = resolve(
            &Request::default(),
            None,
            &env(&[(API_KEY_ENV, "k"), (PROJECT_ENV, "p")]),
        )
        .unwrap();
        assert_eq!(s.base.as_str(), "https://api.prod.trstinc.ca/v1");
    }

    #[test]
    fn key_file_and_errors() {
        let mut e = env(&[(PROJECT_ENV, "p")]);
        e.files.insert("k.txt".into(), "key1.secret\n".into());
        e.files.insert("empty".into(), "\n".into());
        let with_file = |p: &str| Request {
            api_key_file: Some(p.into()),
            ..Default::default()
        };
        assert_eq!(
            resolve(&with_file("k.txt"), None, &e).unwrap().key.expose(),
            "key1.secret"
        );
        assert!(matches!(
            resolve(&with_file("nope"), None, &e),
            Err(SettingsError::KeyFile { .. })
        ));
        assert!(matches!(
            resolve(&with_file("empty"), None, &e),
            Err(SettingsError::EmptyKey(_))
        ));
        assert_eq!(
            resolve(&Request::default(), None, &e).unwrap_err(),
            SettingsError::NoKey
        );
        e.prompt = Some("typed.key".into());
        assert_eq!(
            resolve(&Request::default(), None, &e).unwrap().key.expose(),
            "typed.key"
        );
        let profile = Profile {
            api_key_env: Some("MISSING".into()),
            ..Default::default()
        };
        assert_eq!(
            resolve(&Request::default(), Some(&profile), &e).unwrap_err(),
            SettingsError::KeyEnvNotSet("MISSING".into())
        );
        let no_project = env(&[(API_KEY_ENV, "k")]);
        assert_eq!(
            resolve(&Request::default(), None, &no_project).unwrap_err(),
            SettingsError::NoProject
        );
    }

    #[test]
    fn plain_http_only_for_loopback() {
        let e = env(&[(API_KEY_ENV, "k"), (PROJECT_ENV, "p")]);
        let with_base = |b: &str| Request {
            base_url: Some(b.into()),
            ..Default::default()
        };
        assert!(resolve(&with_base("http://localhost:8080/v1"), None, &e).is_ok());
        assert!(resolve(&with_base("http://[::1]:8080"), None, &e).is_ok());
        assert!(matches!(
            resolve(&with_base("http://api.example.com/v1"), None, &e),
            Err(SettingsError::PlainHttp(_))
        ));
        assert!(matches!(
            resolve(&with_base("ftp://x/"), None, &e),
            Err(SettingsError::BadBase { .. })
        ));
        assert!(matches!(
            resolve(&with_base("not a url"), None, &e),
            Err(SettingsError::BadBase { .. })
        ));
    }

    #[test]
    fn webhook_urls() {
        assert!(check_webhook_url("https://hooks.example.com/webhooks/trst", false).is_ok());
        let err = check_webhook_url("http://localhost:3000/webhooks/trst", false).unwrap_err();
        assert!(err.contains("https") && err.contains("localhost"), "{err}");
        assert!(
            check_webhook_url("https://10.0.0.5/x", false)
                .unwrap_err()
                .contains("private")
        );
        assert!(check_webhook_url("nope", false).is_err());
        assert!(check_webhook_url("ftp://example.com/", false).is_err());
        // Against a local emulator, loopback receivers are fine; private networks still are not.
        assert!(check_webhook_url("http://127.0.0.1:3000/webhooks/trst", true).is_ok());
        assert!(check_webhook_url("https://localhost/x", true).is_ok());
        assert!(check_webhook_url("http://10.0.0.5/x", true).is_err());
        assert!(check_webhook_url("http://hooks.example.com/x", true).is_err());
    }
}
