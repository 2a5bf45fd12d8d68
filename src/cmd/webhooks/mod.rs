//! `trst-hooks webhooks`: the TRST management API from the terminal. This module holds the
//! subcommand enum, the API flags every leaf shares (global, so they go before or after the leaf),
//! and the session setup (config profile, settings, client); one file per leaf does the rest.

pub mod attempts;
pub mod create;
pub mod delete;
pub mod deliveries;
pub mod get;
pub mod list;
mod prompt;
pub mod store;
pub mod test;
pub mod update;

use std::path::PathBuf;
use std::sync::Arc;

use crate::api::client::Client;
use crate::api::error::{ApiError, Subject};
use crate::api::retry::Policy;
use crate::api::settings::{self, Settings};
use crate::cmd::prelude::ApiConnectArgs;
use crate::error::{Code, UserError};
use crate::output::webhooks::Reporter;
use crate::{config, output};

const EXAMPLES: &str = "\
Examples:
  export TRST_API_KEY=…  TRST_PROJECT_ID=proj_abc123
  trst-hooks webhooks list
  trst-hooks webhooks create --url https://hooks.example.com/webhooks/trst \\
      --event-type enrollment.completed --save-secret ~/.config/trst-hooks/prod.secret
  trst-hooks webhooks test webhook_abc123 --wait
  trst-hooks webhooks deliveries webhook_abc123 --status failed
  trst-hooks webhooks attempts webhook_abc123 del_789
  trst-hooks webhooks delete webhook_abc123 --yes

The API key comes from TRST_API_KEY, --api-key-file, or a config profile (api_key_env,
api_key_file); the project from --project, TRST_PROJECT_ID or the profile; the base URL from
--base-url, TRST_API_BASE, the profile, or https://api.prod.trstinc.ca/v1.

Rate limits (sandbox: 5 requests/minute): a 429 is retried with backoff, honouring Retry-After.
Exit codes: 0 ok, 1 the API refused or a test delivery failed, 2 usage, setup or network error.";

/// Arguments of `webhooks`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Manage webhooks with the TRST management API",
    after_help = EXAMPLES,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Args {
    #[command(flatten)]
    pub api: ApiArgs,

    #[command(subcommand)]
    pub command: Sub,
}

/// The leaves of `webhooks`.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    List(list::Args),
    Get(get::Args),
    Create(create::Args),
    Update(update::Args),
    Delete(delete::Args),
    Test(test::Args),
    Deliveries(deliveries::Args),
    Attempts(attempts::Args),
}

/// Flags shared by every leaf: where the API is, who we are, how to print.
#[derive(Debug, Clone, clap::Args)]
pub struct ApiArgs {
    #[command(flatten)]
    pub connect: ApiConnectArgs,

    /// Print JSON lines (the API's objects, every field) instead of tables
    #[arg(long, global = true)]
    pub json: bool,

    /// Show each request and answer on stderr (the API key stays masked)
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

/// Run the chosen leaf.
pub fn run(args: Args) -> anyhow::Result<Code> {
    let api = args.api;
    match args.command {
        Sub::List(a) => list::run(&api, a),
        Sub::Get(a) => get::run(&api, a),
        Sub::Create(a) => create::run(&api, a),
        Sub::Update(a) => update::run(&api, a),
        Sub::Delete(a) => delete::run(&api, a),
        Sub::Test(a) => test::run(&api, a),
        Sub::Deliveries(a) => deliveries::run(&api, a),
        Sub::Attempts(a) => attempts::run(&api, a),
    }
}

/// A ready client plus the reporter that prints its events.
pub struct Session {
    pub client: Client,
    pub reporter: Arc<Reporter>,
}

impl Session {
    /// What a failed call was about, to name it in errors.
    pub fn subject(&self, webhook: Option<&str>, delivery: Option<&str>) -> Subject {
        Subject {
            project: self.client.settings().project.clone(),
            webhook: webhook.map(str::to_owned),
            delivery: delivery.map(str::to_owned),
        }
    }

    /// Turn an API error into the user-facing error.
    pub fn fail(
        &self,
        err: ApiError,
        webhook: Option<&str>,
        delivery: Option<&str>,
    ) -> anyhow::Error {
        err.to_user_error(&self.subject(webhook, delivery)).into()
    }
}

/// Resolve the settings (config profile, env, flags) and build the client.
pub fn session(api: &ApiArgs) -> anyhow::Result<Session> {
    connect(&api.connect, api.verbose)
}

/// [`session`] from the connection flags alone (`listen --register` has no `--json` of its own
/// for the API and never prints its requests).
pub fn connect(api: &ApiConnectArgs, verbose: bool) -> anyhow::Result<Session> {
    let settings = resolve_settings(api)?;
    let reporter = Arc::new(Reporter::new(verbose));
    if !settings.base_is_default() {
        output::status(&format!(
            "note: using the API at {} (from {})",
            settings.base, settings.base_origin
        ));
    }
    if verbose {
        output::note(&format!(
            "API {} project {} key {} from {}",
            settings.base,
            settings.project,
            settings.key.masked(),
            settings.key_origin
        ));
    }
    let policy = Policy {
        max_retries: api.max_retries,
        scale: api.retry_scale,
        ..Policy::default()
    };
    let client = Client::new(settings, policy, reporter.clone())
        .map_err(|e| UserError::usage(e.to_string()))?;
    Ok(Session { client, reporter })
}

fn resolve_settings(api: &ApiConnectArgs) -> anyhow::Result<Settings> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let loaded = config::load(&cwd).map_err(|e| {
        UserError::usage(e.to_string()).hint("fix the config file, or give the settings as flags")
    })?;
    let profile =
        match (&loaded, api.profile.as_deref()) {
            (Some(l), name) => {
                let found = l.profile(name);
                if found.is_none() && name.is_some() {
                    let known: Vec<&str> = l.config.profiles.keys().map(String::as_str).collect();
                    return Err(UserError::usage(format!(
                        "no profile named \"{}\" in {}",
                        name.unwrap_or_default(),
                        l.path.display()
                    ))
                    .hint(format!(
                        "known profiles: {}",
                        if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.join(", ")
                        }
                    ))
                    .into());
                }
                found
            }
            (None, Some(name)) => {
                return Err(UserError::usage(format!("no config file, so no profile \"{name}\""))
                .hint("create trst-hooks.toml with a [profiles.NAME] table, or drop --profile")
                .into());
            }
            (None, None) => None,
        };
    if api.api_key.is_some() {
        output::warn(
            "an API key given with --api-key lands in your shell history; prefer TRST_API_KEY or --api-key-file",
        );
    }
    let request = settings::ApiChoices {
        base_url: api.base_url.clone(),
        project: api.project.clone(),
        api_key: api.api_key.clone(),
        api_key_file: api.api_key_file.clone(),
    };
    settings::resolve(&request, profile, &crate::environment::System)
        .map_err(|e| UserError::usage(e.to_string()).hint(e.hint()).into())
}

/// Run an async body on a fresh runtime (flattening its result).
pub fn block<T>(future: impl std::future::Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    super::block_on(future)?
}

/// clap value parser for IDs: any non-empty string (IDs are opaque).
pub fn non_empty_id(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err("an ID cannot be empty".into())
    } else {
        Ok(trimmed.to_owned())
    }
}
