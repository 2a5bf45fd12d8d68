//! Where `send` sends and with which secret: `--to URL`, `--to NAME` from the config file, or the
//! local listener's default URL; the secret from flags, the target's config, or the local
//! development secret on loopback; and the confirmation a `production = true` target demands.

use std::io::IsTerminal;

use url::Url;

use crate::cmd::prelude::SecretArgs;
use crate::config;
use crate::error::UserError;
use crate::output;
use crate::secret::{self, Origin, Secret, Sourced};
use crate::{defaults, urlpolicy};

/// A resolved destination.
#[derive(Debug, Clone)]
pub struct Destination {
    pub url: Url,
    /// The config target's name, when `--to NAME` was used.
    pub name: Option<String>,
    pub production: bool,
    /// The target's secret sources from the config file.
    pub target: Option<config::Target>,
    /// No `--to` was given: the local listener's default URL.
    pub is_default: bool,
}

impl Destination {
    /// The URL is on this machine.
    pub fn loopback(&self) -> bool {
        urlpolicy::is_loopback(&self.url)
    }
}

/// Resolve `--to`: anything with `://` is a URL, anything else a target name.
pub fn resolve(to: Option<&str>) -> anyhow::Result<Destination> {
    let Some(to) = to else {
        return Ok(Destination {
            url: parse_url(&defaults::local_listener_url())?,
            name: None,
            production: false,
            target: None,
            is_default: true,
        });
    };
    if to.contains("://") {
        return Ok(Destination {
            url: parse_url(to)?,
            name: None,
            production: false,
            target: None,
            is_default: false,
        });
    }
    let cwd = std::env::current_dir()
        .map_err(|e| UserError::usage(format!("cannot read the working directory: {e}")))?;
    let loaded = config::load(&cwd).map_err(|e| {
        UserError::usage(e.to_string()).hint("fix the config file, or pass a URL to --to")
    })?;
    let Some(loaded) = loaded else {
        let looked = crate::paths::config_file(&cwd)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "no config directory".into());
        return Err(UserError::usage(format!(
            "--to {to}: no config file found (looked for ./trst-hooks.toml and {looked})"
        ))
        .hint(format!(
            "pass a URL (--to https://…), or create trst-hooks.toml with [targets.{to}] url = \"https://…\" and secret_env = \"NAME\""
        ))
        .into());
    };
    let target = loaded.target(to).map_err(|e| {
        UserError::usage(e.to_string()).hint(format!(
            "add [targets.{to}] to {}, or pass a URL to --to",
            loaded.path.display()
        ))
    })?;
    let url = parse_url(&target.url)
        .map_err(|e| UserError::usage(format!("target {to} in {}: {e}", loaded.path.display())))?;
    Ok(Destination {
        url,
        name: Some(to.to_owned()),
        production: target.production,
        target: Some(target.clone()),
        is_default: false,
    })
}

fn parse_url(text: &str) -> anyhow::Result<Url> {
    let url = Url::parse(text).map_err(|e| {
        UserError::usage(format!("{text:?} is not a valid URL: {e}"))
            .hint("e.g. --to https://example.com/webhooks/trst")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(UserError::usage(format!(
            "{text:?}: only http:// and https:// URLs can receive webhooks"
        ))
        .hint("e.g. --to https://example.com/webhooks/trst")
        .into());
    }
    Ok(url)
}

/// The secret to sign with: explicit flags win; else the target's configured source; else the
/// usual order ($TRST_WEBHOOK_SECRET, the local development secret on loopback, a prompt).
/// With several (rotation), the first signs.
pub fn secret(destination: &Destination, flags: &SecretArgs) -> anyhow::Result<Sourced> {
    let explicit = !flags.request().values.is_empty()
        || !flags.secret_file.is_empty()
        || !flags.secret_env.is_empty()
        || flags.dev_secret;
    let mut found = match (&destination.target, &destination.name) {
        (Some(target), Some(name)) if !explicit => from_target(destination, target, name)?,
        _ => super::super::resolve_secrets(flags, destination.loopback())?,
    };
    if found.len() > 1 {
        output::warn(&format!(
            "{} secrets given; signing with the first, {}",
            found.len(),
            found[0].describe()
        ));
    }
    Ok(found.swap_remove(0))
}

fn from_target(
    destination: &Destination,
    target: &config::Target,
    name: &str,
) -> anyhow::Result<Vec<Sourced>> {
    if let Some(value) = &target.secret {
        output::warn(&format!(
            "target {name} keeps its secret in the config file; prefer secret_env or secret_file"
        ));
        if value.is_empty() {
            return Err(UserError::usage(format!("target {name}: secret is empty")).into());
        }
        return Ok(vec![Sourced {
            secret: Secret::new(value.clone()),
            origin: Origin::Config(format!("targets.{name}.secret")),
        }]);
    }
    let request = target.secret_request();
    if request.files.is_empty() && request.envs.is_empty() && !destination.loopback() {
        return Err(UserError::usage(format!("target {name} has no secret"))
            .hint(format!(
                "add secret_env = \"NAME\" or secret_file = \"PATH\" under [targets.{name}], or pass --secret-env/--secret-file"
            ))
            .into());
    }
    let mut found = super::super::resolve_request(&request, destination.loopback())?;
    for sourced in &mut found {
        if let Origin::Env(var) = &sourced.origin {
            sourced.origin = Origin::Config(format!("targets.{name}: ${var}"));
        }
    }
    Ok(found)
}

/// Ask before sending to a production target; refuse without a terminal unless `--yes`.
pub fn confirm_production(
    destination: &Destination,
    yes: bool,
    dry_run: bool,
) -> anyhow::Result<()> {
    if !destination.production || yes || dry_run {
        return Ok(());
    }
    let name = destination.name.as_deref().unwrap_or("target");
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(UserError::usage(format!(
            "target {name} is marked production; refusing to send without a terminal to confirm on"
        ))
        .hint("pass --yes to confirm in scripts")
        .into());
    }
    let confirmed = dialoguer::Confirm::new()
        .with_prompt(format!(
            "Send to production target {name} ({})?",
            destination.url
        ))
        .default(false)
        .interact()
        .unwrap_or(false);
    if confirmed {
        Ok(())
    } else {
        Err(UserError::usage("not sent: cancelled at the production prompt").into())
    }
}

/// Whether a secret is the local development one (to mention it when an endpoint says 401).
pub fn is_dev_secret(sourced: &Sourced) -> bool {
    sourced.secret.expose() == secret::LOCAL_DEV_SECRET
}
