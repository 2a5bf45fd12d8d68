//! The config file (`trst-hooks.toml` or `<config dir>/config.toml`): named send targets and
//! API profiles. Parsing is pure and strict about unknown keys, so a typo is an error with the file
//! and line rather than a silently ignored setting. Secrets are referenced (env var or file), not
//! stored; an inline `secret` works but is warned about. A file found in the working directory is
//! untrusted until `trst-hooks config trust` (see [`crate::trust`]): until then it may only name
//! loopback targets and settings that move no secret ([`Loaded::target`], [`ProfileRef::guard`]).
//!
//! ```toml
//! [targets.staging]
//! url = "https://staging.example.com/webhooks/trst"
//! secret_env = "STAGING_WEBHOOK_SECRET"   # or secret_file = "~/.config/trst-hooks/staging.secret"
//! production = false                       # true: ask before sending, refuse without a TTY
//!
//! [profiles.default]
//! api_base = "https://api.prod.trstinc.ca/v1"
//! api_key_env = "TRST_API_KEY"             # or api_key_file = "..."
//! project = "proj_abc123"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use url::Url;

use crate::secret::Secret;

/// The whole config file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub targets: BTreeMap<String, Target>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// A named place to send events to.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub url: String,
    #[serde(default)]
    pub secret_env: Option<String>,
    #[serde(default)]
    pub secret_file: Option<PathBuf>,
    /// Discouraged: the secret in the file itself. Works, with a warning.
    #[serde(default)]
    pub secret: Option<Secret>,
    /// Ask for confirmation before sending; refuse without a TTY unless `--yes`.
    #[serde(default)]
    pub production: bool,
}

/// Settings for the management API.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub api_base: Option<String>,
    #[serde(default)]
    pub api_key_env: Option<String>,
    #[serde(default)]
    pub api_key_file: Option<PathBuf>,
    #[serde(default)]
    pub project: Option<String>,
}

/// A config file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {path} is unreadable: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("config file {path} is invalid: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("no config file found (looked for ./trst-hooks.toml and {looked})")]
    NotFound { looked: String },
    #[error("no target named \"{name}\" in {path} (known: {known})")]
    UnknownTarget {
        name: String,
        path: PathBuf,
        known: String,
    },
    #[error("refusing {setting} from {path}, a config file you have not trusted: {why}")]
    Untrusted {
        path: PathBuf,
        setting: String,
        why: String,
    },
}

/// The command that trusts a working-directory config file, named in every refusal.
pub const TRUST_COMMAND: &str = "trst-hooks config trust";

impl ConfigError {
    /// What to do about it, when the error alone does not say.
    pub fn hint(&self) -> Option<String> {
        match self {
            ConfigError::Untrusted { .. } => Some(format!(
                "read the file; if you trust it, run `{TRUST_COMMAND}` in its directory (or give the setting as a flag)"
            )),
            _ => None,
        }
    }
}

/// Whether a loaded config file may steer secrets and signed events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// The user's own file, `<config dir>/config.toml`.
    UserLevel,
    /// A working-directory file whose current content the user trusted.
    Trusted,
    /// A working-directory file never trusted, or changed since.
    Untrusted,
}

impl Trust {
    /// A word for `config show`.
    pub fn label(self) -> &'static str {
        match self {
            Trust::UserLevel => "user",
            Trust::Trusted => "trusted",
            Trust::Untrusted => "untrusted",
        }
    }
}

/// Parse config text; `path` only labels errors.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Invalid {
        path: path.to_owned(),
        reason: e
            .to_string()
            .lines()
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_owned(),
    })
}

/// A loaded config with the file it came from and how far it is trusted.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: Config,
    pub trust: Trust,
}

/// Load the config file for this working directory; `Ok(None)` when there is none. A file in the
/// working directory is trusted only when the trust store holds its path and this content's hash.
pub fn load(cwd: &Path) -> Result<Option<Loaded>, ConfigError> {
    let Some(path) = crate::paths::config_file(cwd) else {
        return Ok(None);
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let config = parse(&text, &path)?;
            let trust = if path == cwd.join(crate::paths::LOCAL_CONFIG_FILE) {
                crate::trust::judge(&path, text.as_bytes())
            } else {
                Trust::UserLevel
            };
            Ok(Some(Loaded {
                config,
                path,
                trust,
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError::Unreadable {
            path,
            reason: crate::error::io_reason(&e),
        }),
    }
}

impl Loaded {
    /// A target by name, or an error listing the known ones. From an untrusted file, a target
    /// that would send signed events off this machine or read a secret the file names is refused.
    pub fn target(&self, name: &str) -> Result<&Target, ConfigError> {
        let target = self
            .config
            .targets
            .get(name)
            .ok_or_else(|| ConfigError::UnknownTarget {
                name: name.to_owned(),
                path: self.path.clone(),
                known: known_list(self.config.targets.keys()),
            })?;
        if self.trust == Trust::Untrusted
            && let Some((key, why)) = target.untrusted_setting()
        {
            return Err(self.refusal(format!("targets.{name}.{key}"), why));
        }
        Ok(target)
    }

    /// A profile by name (`default` when none is asked for); missing is fine, it is optional.
    pub fn profile(&self, name: Option<&str>) -> Option<ProfileRef<'_>> {
        let name = name.unwrap_or("default");
        self.config
            .profiles
            .get_key_value(name)
            .map(|(name, profile)| ProfileRef {
                name,
                profile,
                file: &self.path,
                trust: self.trust,
            })
    }

    fn refusal(&self, setting: String, why: String) -> ConfigError {
        ConfigError::Untrusted {
            path: self.path.clone(),
            setting,
            why,
        }
    }
}

/// A profile together with the file it came from and that file's trust, so that each setting
/// can be named (`profiles.NAME.KEY`) and refused when it would move a secret.
#[derive(Debug, Clone, Copy)]
pub struct ProfileRef<'a> {
    pub name: &'a str,
    pub profile: &'a Profile,
    pub file: &'a Path,
    pub trust: Trust,
}

impl ProfileRef<'_> {
    /// The full name of one of this profile's settings.
    pub fn setting(&self, key: &str) -> String {
        format!("profiles.{}.{key}", self.name)
    }

    /// Refuse the setting `key` (which would move a secret, `why`) when the file is untrusted.
    pub fn guard(&self, key: &str, why: &str) -> Result<(), ConfigError> {
        if self.trust != Trust::Untrusted {
            return Ok(());
        }
        Err(ConfigError::Untrusted {
            path: self.file.to_owned(),
            setting: self.setting(key),
            why: why.to_owned(),
        })
    }
}

fn known_list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&str> = names.map(String::as_str).collect();
    if names.is_empty() {
        "none defined".into()
    } else {
        names.join(", ")
    }
}

/// Expand a leading `~/` in a path from the config file.
pub fn expand_home(path: &Path) -> PathBuf {
    match path.strip_prefix("~") {
        Ok(rest) => dirs::home_dir()
            .map(|h| h.join(rest))
            .unwrap_or_else(|| path.to_owned()),
        Err(_) => path.to_owned(),
    }
}

impl Target {
    /// The first setting an untrusted file may not make for this target, and why: a URL off
    /// this machine, a secret file it names, or an inline secret.
    pub fn untrusted_setting(&self) -> Option<(&'static str, String)> {
        if let Ok(url) = Url::parse(&self.url)
            && !crate::urlpolicy::is_loopback(&url)
        {
            return Some((
                "url",
                format!(
                    "only loopback targets are allowed; {} would receive events signed with your secret",
                    self.url
                ),
            ));
        }
        if let Some(path) = &self.secret_file {
            return Some((
                "secret_file",
                format!("it would read a secret from {}", path.display()),
            ));
        }
        if self.secret.is_some() {
            return Some((
                "secret",
                "a secret written in the file would sign the events".to_owned(),
            ));
        }
        None
    }

    /// The secret sources this target names, as a secret request (resolution happens elsewhere).
    pub fn secret_request(&self) -> crate::secret::SecretChoices {
        crate::secret::SecretChoices {
            values: self.secret.iter().cloned().collect(),
            files: self.secret_file.iter().map(|p| expand_home(p)).collect(),
            envs: self.secret_env.iter().cloned().collect(),
            dev_secret: false,
        }
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
