//! The command side of [`crate::destination`] for `send` and `check`: load the config when a
//! name needs it, word the errors, read the secret the destination calls for, and ask before a
//! production target.

use crate::cmd::prelude::SecretArgs;
use crate::config;
use crate::destination::{self, Destination, DestinationError, SecretSource};
use crate::error::UserError;
use crate::output;
use crate::secret::{Origin, Sourced};

/// Resolve a URL, a target name, or nothing (the local listener).
pub fn resolve(text: Option<&str>) -> anyhow::Result<Destination> {
    let needs_config = text.is_some_and(|t| !t.contains("://"));
    let loaded = if needs_config {
        let cwd = std::env::current_dir()
            .map_err(|e| UserError::usage(format!("cannot read the working directory: {e}")))?;
        config::load(&cwd).map_err(|e| {
            UserError::usage(e.to_string()).hint("fix the config file, or give a URL instead")
        })?
    } else {
        None
    };
    destination::resolve(text, loaded.as_ref()).map_err(|e| {
        let name = text.unwrap_or_default().trim();
        let message = match &e {
            DestinationError::NoConfig { .. } => format!(
                "{e} (no config file found: looked for ./trst-hooks.toml and {})",
                looked_for()
            ),
            _ => e.to_string(),
        };
        let full_url = format!("give a full URL, e.g. http://{name}");
        let hint = match &e {
            DestinationError::UnknownTarget {
                hint: Some(hint), ..
            } => hint.clone(),
            DestinationError::BadUrl { .. } | DestinationError::NotHttp { .. } => {
                "e.g. https://hooks.example.com/webhooks/trst".to_owned()
            }
            _ if destination::looks_like_host(name) => full_url,
            DestinationError::NoConfig { .. } => format!(
                "give a URL (e.g. {}), or define [targets.{name}] in ./trst-hooks.toml",
                crate::defaults::local_listener_url()
            ),
            DestinationError::UnknownTarget { .. } => match &loaded {
                Some(loaded) => format!(
                    "add [targets.{name}] to {}, or give a URL",
                    loaded.path.display()
                ),
                None => "give a URL".to_owned(),
            },
            DestinationError::BadTargetUrl { .. } => {
                "set url = \"https://…\" for the target".to_owned()
            }
        };
        UserError::usage(message).hint(hint).into()
    })
}

/// The user-wide config file looked for besides ./trst-hooks.toml.
fn looked_for() -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| crate::paths::config_file(&cwd))
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "no config directory".into())
}

/// The secrets to sign with, as [`destination::secret_source`] decides: explicit flags win;
/// else the target's configured source; else the usual order. With several (rotation), the
/// caller signs with the first.
pub fn secrets(destination: &Destination, flags: &SecretArgs) -> anyhow::Result<Vec<Sourced>> {
    match destination::secret_source(destination, flags.is_explicit()) {
        SecretSource::Flags => super::resolve_secrets(flags, destination.loopback()),
        SecretSource::Inline { target, value } => {
            output::warn(&format!(
                "target {target} keeps its secret in the config file; prefer secret_env or secret_file"
            ));
            if value.expose().is_empty() {
                return Err(UserError::usage(format!("target {target}: secret is empty"))
                    .hint(format!(
                        "set secret_env = \"NAME\" or secret_file = \"PATH\" under [targets.{target}]"
                    ))
                    .into());
            }
            Ok(vec![Sourced {
                secret: value,
                origin: Origin::Config(format!("targets.{target}.secret")),
            }])
        }
        SecretSource::Missing { target } => Err(UserError::usage(format!(
            "target {target} has no secret"
        ))
        .hint(format!(
            "add secret_env = \"NAME\" or secret_file = \"PATH\" under [targets.{target}], or pass --secret-env/--secret-file"
        ))
        .into()),
        SecretSource::Target { target, request } => {
            let mut found = super::resolve_request(&request, destination.loopback())?;
            for sourced in &mut found {
                if let Origin::Env(var) = &sourced.origin {
                    sourced.origin = Origin::Config(format!("targets.{target}: ${var}"));
                }
            }
            Ok(found)
        }
    }
}

/// Ask before sending `what` to a target marked `production = true` (see [`super::confirm`]).
pub fn confirm_production(destination: &Destination, what: &str, yes: bool) -> anyhow::Result<()> {
    let Some(name) = destination.name().filter(|_| destination.production()) else {
        return Ok(());
    };
    super::confirm::confirm(
        &format!(
            "Target \"{name}\" is marked production. Send {what} to {}?",
            destination.url
        ),
        yes,
    )
}
