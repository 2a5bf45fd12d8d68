//! `trst-hooks webhooks update ID`: change the URL, the event types, or enable/disable (PATCH,
//! only the fields given).

use serde_json::{Map, Value};

use super::{ApiArgs, block, non_empty_id, session};
use crate::error::{Code, UserError};
use crate::output;
use crate::output::webhooks as view;

const EXAMPLES: &str = "\
Examples:
  trst-hooks webhooks update webhook_abc123 --disable
  trst-hooks webhooks update webhook_abc123 --url https://hooks.example.com/v2/trst
  trst-hooks webhooks update webhook_abc123 --event-type enrollment.completed --event-type demo.scan.success

--event-type replaces the whole list.";

/// Arguments of `webhooks update`.
#[derive(Debug, clap::Args)]
#[command(about = "Change a webhook's URL, event types or enabled state", after_help = EXAMPLES)]
pub struct Args {
    /// The webhook ID
    #[arg(value_name = "ID", value_parser = non_empty_id)]
    pub id: String,

    /// The new URL (https, public host)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The new event types (repeatable or comma-separated; replaces the list)
    #[arg(long = "event-type", value_name = "TYPE", value_delimiter = ',')]
    pub event_types: Vec<String>,

    /// Start delivering again
    #[arg(long, conflicts_with = "disable")]
    pub enable: bool,

    /// Stop delivering (the webhook is kept)
    #[arg(long)]
    pub disable: bool,
}

/// Build the PATCH, send, print.
pub fn run(api: &ApiArgs, args: Args) -> anyhow::Result<Code> {
    let s = session(api)?;
    let mut body = Map::new();
    if let Some(url) = &args.url {
        let url =
            crate::api::settings::check_webhook_url(url, s.client.settings().api_is_loopback())
                .map_err(|why| {
                    UserError::usage(format!("refusing the webhook URL {why}"))
                        .hint("TRST delivers only to public https:// URLs")
                })?;
        body.insert("url".into(), Value::String(url.to_string()));
    }
    if !args.event_types.is_empty() {
        let types = super::create::event_types(&args.event_types)?;
        body.insert("event_types".into(), types.into());
    }
    if args.enable || args.disable {
        body.insert("enabled".into(), Value::Bool(args.enable));
    }
    if body.is_empty() {
        return Err(UserError::usage("nothing to update")
            .hint("give --url, --event-type, --enable or --disable")
            .into());
    }
    let id = args.id.as_str();
    let changes = Value::Object(body);
    let updated = block(async {
        s.client
            .update_webhook(id, &changes)
            .await
            .map_err(|e| s.fail(e, Some(id), None))
    })?;
    match (&updated, api.json) {
        (Some(item), true) => {
            output::json_line(&mut crate::output::stdout(), &view::masked(&item.raw))?
        }
        (None, true) => output::json_line(
            &mut crate::output::stdout(),
            &serde_json::json!({"id": id, "updated": true, "changes": changes}),
        )?,
        (Some(item), false) => {
            view::done(
                &mut crate::output::stdout(),
                &format!("updated webhook {id}"),
            )?;
            view::webhook_detail(&mut crate::output::stdout(), item)?;
        }
        (None, false) => view::done(
            &mut crate::output::stdout(),
            &format!("updated webhook {id}: {changes}"),
        )?,
    }
    Ok(Code::Ok)
}
