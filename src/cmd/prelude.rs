//! What the subcommands share on their command lines, kept beside them (like cargo's
//! `command_prelude`) so that `cli.rs` only assembles the top level: the secret flags and the
//! value parsers every duration and size flag uses.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::secret::{Secret, mask};
use crate::units::{self, BareUnit, Zero};

/// Where the webhook secret comes from; shared by every subcommand that signs or verifies.
#[derive(Clone, Default, Args)]
pub struct SecretArgs {
    /// Read the secret from env var NAME [default: TRST_WEBHOOK_SECRET]; repeat for rotation
    #[arg(long = "secret-env", value_name = "NAME")]
    pub secret_env: Vec<String>,

    /// Read the secret from a file (one trailing newline is stripped); repeatable
    #[arg(long = "secret-file", value_name = "PATH")]
    pub secret_file: Vec<PathBuf>,

    /// The secret itself (warns: it lands in your shell history); repeatable
    #[arg(long = "secret", value_name = "VALUE")]
    pub secret: Vec<String>,

    /// Use the documented local development secret (what listen/send use on loopback)
    #[arg(long = "dev-secret")]
    pub dev_secret: bool,
}

impl SecretArgs {
    /// The request this command line makes, for [`crate::secret::resolve`].
    pub fn request(&self) -> crate::secret::SecretChoices {
        crate::secret::SecretChoices {
            values: self.secret.iter().map(crate::secret::Secret::new).collect(),
            files: self.secret_file.clone(),
            envs: self.secret_env.clone(),
            dev_secret: self.dev_secret,
        }
    }

    /// The user chose a secret on the command line (so it wins over a config target's).
    pub fn is_explicit(&self) -> bool {
        !self.secret.is_empty()
            || !self.secret_file.is_empty()
            || !self.secret_env.is_empty()
            || self.dev_secret
    }
}

/// Masked: a `{:?}` of the arguments (a panic message, a debug log) never shows a secret.
impl fmt::Debug for SecretArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let masked: Vec<String> = self.secret.iter().map(|s| mask(s)).collect();
        f.debug_struct("SecretArgs")
            .field("secret_env", &self.secret_env)
            .field("secret_file", &self.secret_file)
            .field("secret", &masked)
            .field("dev_secret", &self.dev_secret)
            .finish()
    }
}

/// Where the TRST management API is and who we are to it; shared by `webhooks` and
/// `listen --register`.
#[derive(Debug, Clone, Args)]
pub struct ApiConnectArgs {
    /// API base URL [default: $TRST_API_BASE, the profile's api_base, or TRST's production API]
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,

    /// Project ID [default: $TRST_PROJECT_ID or the profile's project]
    #[arg(long, global = true, value_name = "ID")]
    pub project: Option<String>,

    /// Config profile to read api_base, api_key_env/api_key_file and project from [default: default]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Read the API key from a file (one trailing newline is stripped)
    #[arg(long, global = true, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,

    /// The API key itself (warns: it lands in your shell history; prefer TRST_API_KEY)
    #[arg(long, global = true, value_name = "KEY")]
    pub api_key: Option<crate::secret::Secret>,

    /// Retries on 429 (and on 5xx or no answer for reads)
    #[arg(
        long,
        global = true,
        value_name = "N",
        default_value_t = 4,
        hide = true
    )]
    pub max_retries: u32,

    /// Multiply every retry wait by this factor (for tests)
    #[arg(
        long,
        global = true,
        value_name = "FACTOR",
        env = "TRST_HOOKS_RETRY_SCALE",
        default_value_t = 1.0,
        hide = true,
        hide_env = true
    )]
    pub retry_scale: f64,
}

impl ApiConnectArgs {
    /// True when any setting was given on the command line.
    pub fn any_given(&self) -> bool {
        self.base_url.is_some()
            || self.project.is_some()
            || self.profile.is_some()
            || self.api_key_file.is_some()
            || self.api_key.is_some()
    }
}

/// A timeout, wait or interval: any unit, a bare number is seconds, zero is refused (it would
/// end or poll before anything could happen).
pub fn duration_secs(text: &str) -> Result<Duration, String> {
    units::parse_duration(text, BareUnit::Seconds, Zero::Refused)
}

/// An interval that can be turned off: any unit, a bare number is seconds, `0` or `off` means
/// never (returned as zero).
pub fn interval_or_off(text: &str) -> Result<Duration, String> {
    if text.trim().eq_ignore_ascii_case("off") {
        return Ok(Duration::ZERO);
    }
    units::parse_duration(text, BareUnit::Seconds, Zero::Allowed)
}

/// A deliberate delay: any unit, a bare number is milliseconds, zero means no delay.
pub fn delay_ms(text: &str) -> Result<Duration, String> {
    units::parse_duration(text, BareUnit::Milliseconds, Zero::Allowed)
}

/// A size limit: `1MiB`, `512KiB` or bare bytes; zero is refused (nothing would fit).
pub fn size(text: &str) -> Result<usize, String> {
    units::parse_size(text)
}

/// A secret or API key given as a flag value, held masked from the moment it is parsed.
pub fn secret_value(text: &str) -> Result<Secret, String> {
    Ok(Secret::new(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_masks_the_secret() {
        let args = SecretArgs {
            secret: vec!["whsec_a1b2c3d4e5f6a7b8c9d0".into()],
            ..SecretArgs::default()
        };
        let shown = format!("{args:?}");
        assert!(!shown.contains("c3d4e5f6a7b8c9d0"), "{shown}");
        assert!(shown.contains("whsec_"), "{shown}");
    }
}
