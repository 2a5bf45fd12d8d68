//! The config file (`trst-hooks.toml` or `<config dir>/config.toml`): named send targets and
//! API profiles. Parsing is pure and strict about unknown keys, so a typo is an error with the file
//! and line rather than a silently ignored setting. Secrets are referenced (env var or file), not
//! stored; an inline `secret` works but is warned about.
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
    pub secret: Option<String>,
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

/// A loaded config with the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: Config,
}

/// Load the config file for this working directory; `Ok(None)` when there is none.
pub fn load(cwd: &Path) -> Result<Option<Loaded>, ConfigError> {
    let Some(path) = crate::paths::config_file(cwd) else {
        return Ok(None);
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(Loaded {
            config: parse(&text, &path)?,
            path,
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError::Unreadable {
            path,
            reason: crate::cmd::io_reason(&e),
        }),
    }
}

impl Loaded {
    /// A target by name, or an error listing the known ones.
    pub fn target(&self, name: &str) -> Result<&Target, ConfigError> {
        self.config
            .targets
            .get(name)
            .ok_or_else(|| ConfigError::UnknownTarget {
                name: name.to_owned(),
                path: self.path.clone(),
                known: known_list(self.config.targets.keys()),
            })
    }

    /// A profile by name (`default` when none is asked for); missing is fine, it is optional.
    pub fn profile(&self, name: Option<&str>) -> Option<&Profile> {
        self.config.profiles.get(name.unwrap_or("default"))
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
    /// The secret sources this target names, as a secret request (resolution happens elsewhere).
    pub fn secret_request(&self) -> crate::secret::Request {
        crate::secret::Request {
            values: self.secret.iter().cloned().collect(),
            files: self.secret_file.iter().map(|p| expand_home(p)).collect(),
            envs: self.secret_env.iter().cloned().collect(),
            dev_secret: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets_and_profiles() {
        let text = r#"
            [targets.staging]
            url = "https://staging.example.com/webhooks/trst"
            secret_env = "STAGING_SECRET"
            production = true

            [profiles.default]
            project = "proj_1"
        "#;
        let config = parse(text, Path::new("t.toml")).unwrap();
        let staging = &config.targets["staging"];
        assert!(staging.production);
        assert_eq!(staging.secret_request().envs, vec!["STAGING_SECRET"]);
        assert_eq!(
            config.profiles["default"].project.as_deref(),
            Some("proj_1")
        );
    }

    #[test]
    fn typos_and_bad_toml_are_errors_with_the_path() {
        let err = parse(
            "[targets.x]\nurl = \"u\"\nsecret_evn = \"A\"\n",
            Path::new("cfg.toml"),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("cfg.toml") && text.contains("secret_evn"),
            "{text}"
        );
        assert!(parse("[targets.x", Path::new("c")).is_err());
        assert!(
            parse("[targets.x]\nproduction = true\n", Path::new("c")).is_err(),
            "url is required"
        );
    }

    #[test]
    fn unknown_target_lists_known_ones() {
        let loaded = Loaded {
            path: "c.toml".into(),
            config: parse(
                "[targets.a]\nurl = \"http://x\"\n[targets.b]\nurl = \"http://y\"\n",
                Path::new("c"),
            )
            .unwrap(),
        };
        let err = loaded.target("staging").unwrap_err().to_string();
        assert!(err.contains("known: a, b"), "{err}");
    }
}
