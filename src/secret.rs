//! Webhook secrets and API keys: a newtype that never prints in full, where a secret comes from
//! (flag, file, env var, prompt, config, or the documented local development secret for
//! loopback), and the one way of reading each source, shared by webhook secrets and API keys.

use std::fmt;
use std::path::PathBuf;

use crate::environment::Environment;

/// The documented secret `listen` and `send` use when nothing is configured and the other side is
/// on loopback, so the two work together out of the box. Never valid against TRST.
pub const LOCAL_DEV_SECRET: &str = "whsec_trst_hooks_local_development_only";

/// The conventional env var for the webhook secret (TRST's docs).
pub const DEFAULT_SECRET_ENV: &str = "TRST_WEBHOOK_SECRET";

/// The label of the hidden prompt for a webhook secret.
pub const SECRET_PROMPT: &str = "Webhook secret (whsec_…)";

/// A secret or API key. `Debug` and `Display` show only a masked prefix.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The full value, for computing HMACs and auth headers only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `whsec_a1b2…`: enough to tell secrets apart, never enough to use one.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    /// The same secret without surrounding whitespace (API keys are pasted with some).
    pub fn trimmed(&self) -> Secret {
        Secret(self.0.trim().to_owned())
    }
}

/// Mask any secret-like string: keep a known prefix and at most 4 (and at most a quarter) of the
/// remaining characters.
pub fn mask(value: &str) -> String {
    let (prefix, rest) = match value.find('_') {
        Some(i) if i <= 8 && value.starts_with("whsec_") => value.split_at(i + 1),
        _ => ("", value),
    };
    let shown = (rest.chars().count() / 4).min(4);
    let visible: String = rest.chars().take(shown).collect();
    format!("{prefix}{visible}…")
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Secrets on the command line are parsed straight into [`Secret`] (clap uses `FromStr`), so no
/// argument struct holds one raw.
impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Secret::new(text))
    }
}

/// Secrets in config files are parsed straight into [`Secret`], so no struct holds them raw.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// Where a secret came from, shown to the user (masked value alongside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag, named (`--secret`, `--api-key`).
    Flag(&'static str),
    File(PathBuf),
    Env(String),
    Prompt,
    Config(String),
    LocalDefault,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(name) => f.write_str(name),
            Origin::File(path) => write!(f, "file {}", path.display()),
            Origin::Env(name) => write!(f, "${name}"),
            Origin::Prompt => f.write_str("prompt"),
            Origin::Config(what) => write!(f, "config {what}"),
            Origin::LocalDefault => f.write_str("local development default"),
        }
    }
}

/// A secret together with where it came from.
#[derive(Debug, Clone)]
pub struct Sourced {
    pub secret: Secret,
    pub origin: Origin,
}

impl Sourced {
    /// `whsec_a1b2… from $TRST_WEBHOOK_SECRET`.
    pub fn describe(&self) -> String {
        format!("{} from {}", self.secret.masked(), self.origin)
    }
}

/// Strip exactly one trailing newline (`\n` or `\r\n`), as editors and `echo` add one.
pub fn strip_one_newline(text: &str) -> &str {
    text.strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text)
}

/// Why no usable secret could be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("cannot read {path}: {reason}")]
    UnreadableFile { path: PathBuf, reason: String },
    #[error("the secret from {0} is empty")]
    Empty(String),
    #[error("env var ${0} is not set")]
    EnvNotSet(String),
    #[error("no webhook secret given")]
    NoneGiven,
}

/// One explicit place to read a secret or API key from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The value itself, given with the named flag (or inline in a config file).
    Value(Secret, Origin),
    /// A file holding the value (exactly one trailing newline is stripped).
    File(PathBuf),
    /// An env var holding the value.
    Env(String),
}

/// Read one source: an unset env var, an unreadable file or an empty value is an error that names
/// the source. The file's error carries the same short reason as any other unreadable file.
pub fn read(source: &Source, env: &dyn Environment) -> Result<Sourced, SecretError> {
    let (value, origin) = match source {
        Source::Value(secret, origin) => (secret.clone(), origin.clone()),
        Source::File(path) => {
            let text = env
                .read_file(path)
                .map_err(|e| SecretError::UnreadableFile {
                    path: path.clone(),
                    reason: crate::error::io_reason(&e),
                })?;
            let value = Secret::new(strip_one_newline(&text));
            (value, Origin::File(path.clone()))
        }
        Source::Env(name) => {
            let value = env
                .var(name)
                .ok_or_else(|| SecretError::EnvNotSet(name.clone()))?;
            (Secret::new(value), Origin::Env(name.clone()))
        }
    };
    non_empty(value, origin)
}

/// A secret typed at the hidden prompt, if a person is there to type one.
pub fn prompted(env: &dyn Environment, label: &str) -> Option<Result<Sourced, SecretError>> {
    env.prompt(label)
        .map(|value| non_empty(Secret::new(value), Origin::Prompt))
}

fn non_empty(secret: Secret, origin: Origin) -> Result<Sourced, SecretError> {
    if secret.expose().is_empty() {
        return Err(SecretError::Empty(origin.to_string()));
    }
    Ok(Sourced { secret, origin })
}

/// The explicit choices a user made on the command line (or a config target names).
#[derive(Debug, Clone, Default)]
pub struct SecretChoices {
    pub values: Vec<Secret>,
    pub files: Vec<PathBuf>,
    /// Env var names the user named explicitly with `--secret-env`.
    pub envs: Vec<String>,
    pub dev_secret: bool,
}

impl SecretChoices {
    /// The explicit sources, in resolution order: values, files, env vars.
    pub fn sources(&self) -> Vec<Source> {
        let values = self
            .values
            .iter()
            .map(|v| Source::Value(v.clone(), Origin::Flag("--secret")));
        let files = self.files.iter().cloned().map(Source::File);
        let envs = self.envs.iter().cloned().map(Source::Env);
        values.chain(files).chain(envs).collect()
    }
}

/// Resolution policy decided by the caller (IO-free inputs).
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The other side is on loopback, so the local development secret is an acceptable default.
    pub loopback: bool,
    /// A person is at a terminal and can be prompted.
    pub interactive: bool,
}

/// Resolve the secrets to use, in order: every explicit `--secret`, `--secret-file` and
/// `--secret-env`; else `$TRST_WEBHOOK_SECRET`; else the local default on loopback; else a hidden
/// prompt on a TTY; else an error. Several results mean rotation: any of them may match.
pub fn resolve(
    request: &SecretChoices,
    context: Context,
    env: &dyn Environment,
) -> Result<Vec<Sourced>, SecretError> {
    let mut found = request
        .sources()
        .iter()
        .map(|source| read(source, env))
        .collect::<Result<Vec<_>, _>>()?;
    if request.dev_secret {
        found.push(local_default());
    }
    if !found.is_empty() {
        return Ok(found);
    }
    if let Some(value) = env.var(DEFAULT_SECRET_ENV).filter(|v| !v.is_empty()) {
        return Ok(vec![Sourced {
            secret: Secret::new(value),
            origin: Origin::Env(DEFAULT_SECRET_ENV.into()),
        }]);
    }
    if context.loopback {
        return Ok(vec![local_default()]);
    }
    if context.interactive
        && let Some(typed) = prompted(env, SECRET_PROMPT)
    {
        return Ok(vec![typed?]);
    }
    Err(SecretError::NoneGiven)
}

/// The local development secret with its origin.
pub fn local_default() -> Sourced {
    Sourced {
        secret: Secret::new(LOCAL_DEV_SECRET),
        origin: Origin::LocalDefault,
    }
}

/// The hint printed under a [`SecretError::NoneGiven`].
pub const HOW_TO_GIVE_A_SECRET: &str = "set TRST_WEBHOOK_SECRET, or pass --secret-file PATH or --secret-env NAME (--dev-secret for the local development secret)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::Fake as FakeEnv;

    const REMOTE: Context = Context {
        loopback: false,
        interactive: false,
    };

    #[test]
    fn masks_never_show_much() {
        assert_eq!(mask("whsec_a1b2c3d4e5f6g7h8"), "whsec_a1b2…");
        assert_eq!(mask("whsec_ab"), "whsec_…");
        assert_eq!(mask("key123.supersecretvalue"), "key1…");
        assert_eq!(mask(""), "…");
        let secret = Secret::new("whsec_0123456789abcdef");
        assert!(!format!("{secret:?} {secret}").contains("456789"));
    }

    #[test]
    fn file_strips_exactly_one_newline() {
        let mut env = FakeEnv::default();
        env.files.insert("s".into(), "whsec_x\n\n".into());
        env.files.insert("crlf".into(), "whsec_y\r\n".into());
        let request = SecretChoices {
            files: vec!["s".into(), "crlf".into()],
            ..Default::default()
        };
        let got = resolve(&request, REMOTE, &env).unwrap();
        assert_eq!(got[0].secret.expose(), "whsec_x\n");
        assert_eq!(got[1].secret.expose(), "whsec_y");
    }

    #[test]
    fn order_and_rotation() {
        let mut env = FakeEnv::default();
        env.vars.insert("PREV".into(), "whsec_prev".into());
        env.vars
            .insert(DEFAULT_SECRET_ENV.into(), "whsec_default".into());
        let request = SecretChoices {
            values: vec![Secret::new("whsec_flag")],
            envs: vec!["PREV".into()],
            ..Default::default()
        };
        let got = resolve(&request, REMOTE, &env).unwrap();
        let values: Vec<_> = got.iter().map(|s| s.secret.expose()).collect();
        assert_eq!(values, ["whsec_flag", "whsec_prev"]);
    }

    #[test]
    fn defaults_env_then_loopback_then_prompt() {
        let mut env = FakeEnv::default();
        assert_eq!(
            resolve(&SecretChoices::default(), REMOTE, &env).unwrap_err(),
            SecretError::NoneGiven
        );
        let local = Context {
            loopback: true,
            interactive: true,
        };
        assert_eq!(
            resolve(&SecretChoices::default(), local, &env).unwrap()[0].origin,
            Origin::LocalDefault
        );
        env.prompt = Some("whsec_typed".into());
        let tty = Context {
            loopback: false,
            interactive: true,
        };
        assert_eq!(
            resolve(&SecretChoices::default(), tty, &env).unwrap()[0].origin,
            Origin::Prompt
        );
        env.vars
            .insert(DEFAULT_SECRET_ENV.into(), "whsec_env".into());
        assert_eq!(
            resolve(&SecretChoices::default(), local, &env).unwrap()[0]
                .secret
                .expose(),
            "whsec_env"
        );
    }

    #[test]
    fn explicit_sources_fail_loudly() {
        let env = FakeEnv::default();
        let missing_env = SecretChoices {
            envs: vec!["NOPE".into()],
            ..Default::default()
        };
        assert_eq!(
            resolve(&missing_env, REMOTE, &env).unwrap_err(),
            SecretError::EnvNotSet("NOPE".into())
        );
        let missing_file = SecretChoices {
            files: vec!["nope".into()],
            ..Default::default()
        };
        assert_eq!(
            resolve(&missing_file, REMOTE, &env)
                .unwrap_err()
                .to_string(),
            "cannot read nope: no such file",
            "the same short reason as any other unreadable file"
        );
        let empty = SecretChoices {
            values: vec![Secret::new("")],
            ..Default::default()
        };
        assert!(matches!(
            resolve(&empty, REMOTE, &env),
            Err(SecretError::Empty(_))
        ));
    }
}
