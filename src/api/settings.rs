//! Where the API client's settings come from, resolved without IO of its own (the environment is
//! injected): base URL (`--base-url`, `TRST_API_BASE`, profile, default), project (`--project`,
//! `TRST_PROJECT_ID`, profile) and API key (`--api-key`, `--api-key-file`, `TRST_API_KEY`, the
//! profile's `api_key_env` / `api_key_file`, a hidden prompt on a TTY). A profile from a config
//! file that is not trusted cannot move the API key elsewhere (see `SECURITY.md`). Also the local
//! check of a webhook URL, relaxed for loopback when the API itself is a local emulator.

use std::fmt;
use std::path::PathBuf;

use url::Url;

use crate::config::{ConfigError, ProfileRef, expand_home};
use crate::environment::Environment;
use crate::secret::{self, Origin, Secret, SecretError, Source, Sourced};
use crate::urlpolicy::{self, UrlProblem};

/// The env var holding the API key.
pub const API_KEY_ENV: &str = "TRST_API_KEY";
/// The env var overriding the base URL.
pub const API_BASE_ENV: &str = "TRST_API_BASE";
/// The env var naming the project.
pub const PROJECT_ENV: &str = "TRST_PROJECT_ID";
/// The label of the hidden prompt for the API key.
pub const KEY_PROMPT: &str = "TRST API key (<key_id>.<secret>)";

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct ApiChoices {
    pub base_url: Option<String>,
    pub project: Option<String>,
    pub api_key: Option<Secret>,
    pub api_key_file: Option<PathBuf>,
}

/// Where a plain (non-secret) setting came from, to say so on stderr and in `config show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingOrigin {
    /// A command-line flag, named.
    Flag(&'static str),
    /// An env var, named.
    Env(&'static str),
    /// A config profile: `profiles.NAME.KEY` in a file.
    Profile { setting: String, file: PathBuf },
    /// The built-in default.
    Default,
}

impl fmt::Display for SettingOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingOrigin::Flag(name) => f.write_str(name),
            SettingOrigin::Env(name) => write!(f, "${name}"),
            SettingOrigin::Profile { setting, file } => {
                write!(f, "{setting} in {}", file.display())
            }
            SettingOrigin::Default => f.write_str("default"),
        }
    }
}

/// Resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub base: Url,
    /// Where the base URL came from (said on stderr whenever it is not the default).
    pub base_origin: SettingOrigin,
    pub project: String,
    pub key: Secret,
    /// Where the key came from, for `-v` (`$TRST_API_KEY`, `file …`).
    pub key_origin: Origin,
}

impl Settings {
    /// True when the API is on this machine (a local emulator).
    pub fn api_is_loopback(&self) -> bool {
        urlpolicy::is_loopback(&self.base)
    }

    /// True when the base URL is TRST's production API; anything else is said on stderr.
    pub fn base_is_default(&self) -> bool {
        Url::parse(crate::defaults::API_BASE).is_ok_and(|default| default == self.base)
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
    #[error(transparent)]
    Key(SecretError),
    #[error(transparent)]
    Untrusted(ConfigError),
}

impl SettingsError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            SettingsError::BadBase { .. } => "give a URL like https://api.prod.trstinc.ca/v1".into(),
            SettingsError::PlainHttp(_) => {
                "use https:// (plain http is only allowed for loopback, e.g. a local emulator)"
                    .into()
            }
            SettingsError::NoProject => {
                "pass --project ID, set TRST_PROJECT_ID, or set `project` in a config profile"
                    .into()
            }
            SettingsError::Key(SecretError::UnreadableFile { .. }) => {
                "check the path of the API key file".into()
            }
            SettingsError::NoKey | SettingsError::Key(_) => {
                "set TRST_API_KEY, pass --api-key-file PATH, or set api_key_env / api_key_file in a config profile".into()
            }
            SettingsError::Untrusted(e) => e.hint().unwrap_or_default(),
        }
    }
}

/// Resolve the settings: flags, then env vars, then the profile, then defaults.
pub fn resolve(
    request: &ApiChoices,
    profile: Option<ProfileRef<'_>>,
    env: &dyn Environment,
) -> Result<Settings, SettingsError> {
    let (base, base_origin) = resolve_base(request, profile, env)?;
    let (project, _) = resolve_project(request, profile, env)?;
    let key = resolve_key(request, profile, env)?;
    Ok(Settings {
        base,
        base_origin,
        project,
        key: key.secret,
        key_origin: key.origin,
    })
}

/// The base URL and where it came from; a profile from an untrusted file may not move it.
pub fn resolve_base(
    request: &ApiChoices,
    profile: Option<ProfileRef<'_>>,
    env: &dyn Environment,
) -> Result<(Url, SettingOrigin), SettingsError> {
    let (text, origin) = base_text(request, profile, env)?;
    Ok((parse_base(&text)?, origin))
}

/// The project and where it came from.
pub fn resolve_project(
    request: &ApiChoices,
    profile: Option<ProfileRef<'_>>,
    env: &dyn Environment,
) -> Result<(String, SettingOrigin), SettingsError> {
    let candidates = [
        (request.project.clone(), SettingOrigin::Flag("--project")),
        (env.var(PROJECT_ENV), SettingOrigin::Env(PROJECT_ENV)),
        (
            profile.and_then(|p| p.profile.project.clone()),
            profile.map_or(SettingOrigin::Default, |p| SettingOrigin::Profile {
                setting: p.setting("project"),
                file: p.file.to_owned(),
            }),
        ),
    ];
    candidates
        .into_iter()
        .find_map(|(value, origin)| Some((value?.trim().to_owned(), origin)))
        .filter(|(value, _)| !value.is_empty())
        .ok_or(SettingsError::NoProject)
}

fn base_text(
    request: &ApiChoices,
    profile: Option<ProfileRef<'_>>,
    env: &dyn Environment,
) -> Result<(String, SettingOrigin), SettingsError> {
    if let Some(base) = &request.base_url {
        return Ok((base.clone(), SettingOrigin::Flag("--base-url")));
    }
    if let Some(base) = env.var(API_BASE_ENV).filter(|v| !v.is_empty()) {
        return Ok((base, SettingOrigin::Env(API_BASE_ENV)));
    }
    if let Some(p) = profile
        && let Some(base) = &p.profile.api_base
        && base.trim() != crate::defaults::API_BASE
    {
        p.guard("api_base", &format!("it would send your API key to {base}"))
            .map_err(SettingsError::Untrusted)?;
        let origin = SettingOrigin::Profile {
            setting: p.setting("api_base"),
            file: p.file.to_owned(),
        };
        return Ok((base.clone(), origin));
    }
    Ok((crate::defaults::API_BASE.to_owned(), SettingOrigin::Default))
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

/// Read an API key from one source, trimmed (keys are pasted with stray whitespace); shared by
/// `webhooks` and the emulator so both read keys the same way.
pub fn read_key(source: &Source, env: &dyn Environment) -> Result<Sourced, SettingsError> {
    let sourced = secret::read(source, env).map_err(SettingsError::Key)?;
    trimmed(sourced)
}

fn trimmed(sourced: Sourced) -> Result<Sourced, SettingsError> {
    let secret = sourced.secret.trimmed();
    if secret.expose().is_empty() {
        return Err(SettingsError::Key(SecretError::Empty(
            sourced.origin.to_string(),
        )));
    }
    Ok(Sourced {
        secret,
        origin: sourced.origin,
    })
}

/// The API key and where it came from: flags, `$TRST_API_KEY`, the profile, then the prompt (which
/// the environment leaves out when nobody is at a terminal).
pub fn resolve_key(
    request: &ApiChoices,
    profile: Option<ProfileRef<'_>>,
    env: &dyn Environment,
) -> Result<Sourced, SettingsError> {
    if let Some(value) = &request.api_key {
        return read_key(
            &Source::Value(value.clone(), Origin::Flag("--api-key")),
            env,
        );
    }
    if let Some(path) = &request.api_key_file {
        return read_key(&Source::File(path.clone()), env);
    }
    if env.var(API_KEY_ENV).is_some_and(|v| !v.is_empty()) {
        return read_key(&Source::Env(API_KEY_ENV.into()), env);
    }
    if let Some(p) = profile {
        if let Some(name) = &p.profile.api_key_env {
            if name != API_KEY_ENV {
                p.guard(
                    "api_key_env",
                    &format!("it would send ${name} as your API key"),
                )
                .map_err(SettingsError::Untrusted)?;
            }
            return read_key(&Source::Env(name.clone()), env);
        }
        if let Some(path) = &p.profile.api_key_file {
            p.guard(
                "api_key_file",
                &format!(
                    "it would send the contents of {} as your API key",
                    path.display()
                ),
            )
            .map_err(SettingsError::Untrusted)?;
            return read_key(&Source::File(expand_home(path)), env);
        }
    }
    match secret::prompted(env, KEY_PROMPT) {
        Some(typed) => trimmed(typed.map_err(SettingsError::Key)?),
        None => Err(SettingsError::NoKey),
    }
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
#[path = "settings_tests.rs"]
mod tests;
