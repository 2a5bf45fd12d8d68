//! `trst-hooks webhooks create`: from flags, or from prompts on a terminal. The URL is checked the
//! way TRST documents before anything is sent; the secret TRST returns once is stored where asked
//! (`--save-secret`, `--env-file`) or shown in a block nobody can miss; the 25-webhook maximum is
//! warned about.

use std::path::PathBuf;

use serde_json::json;

use super::{ApiArgs, Session, block, prompt, session, store};
use crate::api::models::{Item, Webhook};
use crate::api::settings::check_webhook_url;
use crate::cmd::confirm::interactive;
use crate::defaults::MAX_WEBHOOKS_PER_PROJECT;
use crate::error::{Code, UserError};
use crate::output::webhooks as view;
use crate::{fixtures, output};

const EXAMPLES: &str = "\
Examples:
  trst-hooks webhooks create                      asks for the URL and event types
  trst-hooks webhooks create --url https://hooks.example.com/webhooks/trst \\
      --event-type enrollment.completed --event-type demo.scan.success
  trst-hooks webhooks create --url https://… --event-type enrollment.completed --env-file .env
  trst-hooks webhooks create --url https://… --event-type enrollment.completed \\
      --save-secret ~/.config/trst-hooks/prod.secret --json

TRST returns the webhook's secret only once. Without --save-secret/--env-file it is printed in a
highlighted block (and in the JSON with --json); with them it is stored (mode 0600) and shown
masked. URLs must be https:// on a public host (loopback is allowed only when --base-url is a
local emulator).";

/// Arguments of `webhooks create`.
#[derive(Debug, clap::Args)]
#[command(about = "Create a webhook (the secret is shown or stored once)", after_help = EXAMPLES)]
pub struct Args {
    /// Where TRST delivers (https, public host) [asked on a terminal when missing]
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// An event type to subscribe to (repeatable or comma-separated) [asked on a terminal]
    #[arg(long = "event-type", value_name = "TYPE", value_delimiter = ',')]
    pub event_types: Vec<String>,

    /// Create it disabled (TRST delivers nothing until `update --enable`)
    #[arg(long)]
    pub disabled: bool,

    /// Write the secret to this new file (mode 0600)
    #[arg(long, value_name = "PATH")]
    pub save_secret: Option<PathBuf>,

    /// Append TRST_WEBHOOK_SECRET=… to this env file (created with mode 0600 if new)
    #[arg(long, value_name = "PATH")]
    pub env_file: Option<PathBuf>,

    /// Let --save-secret replace an existing file
    #[arg(long)]
    pub force: bool,
}

/// Validate event types: non-empty, deduplicated; unknown ones are warned about, not refused
/// (TRST adds types over time).
pub fn event_types(given: &[String]) -> anyhow::Result<Vec<String>> {
    let known = fixtures::known_types();
    let mut types: Vec<String> = Vec::new();
    for t in given.iter().map(|t| t.trim()) {
        if t.is_empty() {
            return Err(UserError::usage("an event type cannot be empty")
                .hint(format!("known types: {}", known.join(", ")))
                .into());
        }
        if !known.contains(&t) {
            output::warn(&format!(
                "{t} is not an event type trst-hooks knows; {}known: {}; sending it anyway",
                crate::cmd::suggest::event_type(t),
                known.join(", ")
            ));
        }
        if !types.iter().any(|have| have == t) {
            types.push(t.to_owned());
        }
    }
    Ok(types)
}

/// Gather, check, create, store the secret, print.
pub fn run(api: &ApiArgs, args: Args) -> anyhow::Result<Code> {
    let s = session(api)?;
    let loopback_api = s.client.settings().api_is_loopback();
    let url_text = match &args.url {
        Some(url) => url.clone(),
        None if interactive() => prompt::url(loopback_api)?,
        None => {
            return Err(
                UserError::usage("no webhook URL given (and no terminal to ask on)")
                    .hint("pass --url https://your.host/webhooks/trst")
                    .into(),
            );
        }
    };
    let url = check_webhook_url(&url_text, loopback_api).map_err(|why| {
        UserError::usage(format!("refusing the webhook URL {why}")).hint(
            "TRST delivers only to public https:// URLs; for a handler on this machine, run `trst-hooks emulator` and set TRST_API_BASE to the URL it prints (or use a public HTTPS tunnel)",
        )
    })?;
    let types = if !args.event_types.is_empty() {
        event_types(&args.event_types)?
    } else if interactive() {
        prompt::event_types()?
    } else {
        return Err(
            UserError::usage("no event type given (and no terminal to ask on)")
                .hint(format!(
                    "pass --event-type, e.g. --event-type enrollment.completed (known: {})",
                    fixtures::known_types().join(", ")
                ))
                .into(),
        );
    };
    store::check_targets(
        args.save_secret.as_deref(),
        args.force,
        args.env_file.as_deref(),
    )?;
    let body = json!({"url": url.as_str(), "event_types": types, "enabled": !args.disabled});
    let (before, created) = block(async {
        let before = s
            .client
            .list_webhooks()
            .await
            .map_err(|e| s.fail(e, None, None))?;
        if before.len() >= MAX_WEBHOOKS_PER_PROJECT {
            output::warn(&format!(
                "this project already has {} webhooks; TRST allows at most {MAX_WEBHOOKS_PER_PROJECT}, so it will likely refuse this one",
                before.len()
            ));
        }
        let created = s
            .client
            .create_webhook(&body)
            .await
            .map_err(|e| s.fail(e, None, None))?;
        Ok((before.len(), created))
    })?;
    let code = finish(&s, api.json, &args, &created)?;
    let now = before + 1;
    if now >= MAX_WEBHOOKS_PER_PROJECT {
        output::warn(&format!(
            "this project now has {now} webhooks, the documented maximum of {MAX_WEBHOOKS_PER_PROJECT}: delete one before creating another"
        ));
    }
    Ok(code)
}

/// Store the secret where asked and print the result. If storing fails, the secret is printed in
/// full so that it is not lost, then the error is returned.
fn finish(_s: &Session, json: bool, args: &Args, created: &Item<Webhook>) -> anyhow::Result<Code> {
    let id = created.view.id.clone().unwrap_or_else(|| "(no id)".into());
    let Some(secret) = created.view.secret.clone() else {
        output::warn(
            "the API returned no secret for the new webhook; fetch or rotate it in the TRST dashboard",
        );
        view::created(&mut output::stdout(), json, created, None, &[])?;
        return Ok(Code::Ok);
    };
    let mut saved: Vec<(PathBuf, u32)> = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    if let Some(path) = &args.save_secret {
        match store::save_secret(path, secret.expose(), args.force) {
            Ok(stored) => saved.push((path.clone(), stored.mode)),
            Err(e) => failure = Some(store_error(path, &e)),
        }
    }
    if let (Some(path), None) = (&args.env_file, &failure) {
        match store::append_env(path, secret.expose()) {
            Ok(stored) => saved.push((path.clone(), stored.mode)),
            Err(e) => failure = Some(store_error(path, &e)),
        }
    }
    let show_full = saved.is_empty() || failure.is_some();
    view::created(
        &mut output::stdout(),
        json,
        created,
        show_full.then_some(secret.expose()),
        &saved,
    )?;
    if let Some(err) = failure {
        output::warn(&format!(
            "webhook {id} was created; its secret is printed above because it could not be stored"
        ));
        return Err(err);
    }
    Ok(Code::Ok)
}

fn store_error(path: &std::path::Path, e: &std::io::Error) -> anyhow::Error {
    UserError::failed(format!(
        "cannot store the secret in {}: {}",
        path.display(),
        crate::net::io_reason(e)
    ))
    .hint("copy the secret from above now: TRST will not show it again")
    .into()
}
