//! `trst-hooks emulator trigger`: a client of a running emulator that makes it emit an event to
//! every enabled webhook subscribed to that type, through an emulator-only route.

use super::DEFAULT_PORT;
use crate::api::settings::{API_BASE_ENV, API_KEY_ENV, read_key};
use crate::emulator;
use crate::environment::{Environment, System};
use crate::error::{Code, UserError};
use crate::output::emulator as view;
use crate::secret::{Secret, Source};
use crate::{defaults, urlpolicy};

/// The key sent when `$TRST_API_KEY` is not set: the emulator accepts any key by default.
const ANY_KEY: &str = "trst-hooks-emulator";

const TRIGGER_EXAMPLES: &str = "\
Examples:
  trst-hooks emulator trigger enrollment.completed
  trst-hooks emulator trigger demo.scan.success --project proj_abc123
  trst-hooks emulator trigger enrollment.completed --set data.member_id=null --set data.device_id=dev_9
  trst-hooks emulator trigger webhook.test --base-url http://127.0.0.1:4011/v1 --json

The event is rendered from the same fixtures as `send` and goes to every enabled webhook
subscribed to its type (one event per project). Base URL: --base-url, else $TRST_API_BASE when it
is a loopback URL, else http://127.0.0.1:4010/v1. $TRST_API_KEY is sent when set.

Exit codes: 0 delivered to at least one webhook, 1 no webhook subscribed or an error answer,
2 usage error or no emulator answering.";

/// Arguments of `emulator trigger`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Make a running emulator emit an event to its subscribed webhooks",
    after_help = TRIGGER_EXAMPLES
)]
pub struct TriggerArgs {
    /// The event type (enrollment.completed, demo.scan.success, webhook.test)
    #[arg(value_name = "EVENT_TYPE")]
    pub event_type: String,

    /// Override a field: PATH=VALUE (VALUE is JSON if it parses, else a string); repeatable
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,

    /// Only this project's webhooks [default: every project]
    #[arg(long, value_name = "PROJECT_ID")]
    pub project: Option<String>,

    /// The emulator's base URL [default: $TRST_API_BASE if loopback, else http://127.0.0.1:4010/v1]
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Also put event_type at the top level of the event (the docs' handler reads it there)
    #[arg(long)]
    pub top_level_type: bool,

    /// One JSON line per queued delivery
    #[arg(long)]
    pub json: bool,
}

/// The base URL `emulator trigger` talks to when none is given.
pub fn default_base_url() -> String {
    System
        .var(API_BASE_ENV)
        .filter(|b| url::Url::parse(b).is_ok_and(|u| urlpolicy::is_loopback(&u)))
        .unwrap_or_else(|| format!("http://{}:{DEFAULT_PORT}/v1", defaults::LISTEN_HOST))
}

/// Ask the emulator to emit the event and show the deliveries it queued.
pub fn run(args: TriggerArgs) -> anyhow::Result<Code> {
    if crate::fixtures::find(&args.event_type).is_none() {
        return Err(
            UserError::usage(format!("unknown event type \"{}\"", args.event_type))
                .hint(format!(
                    "{}the emulator has fixtures for {}",
                    crate::cmd::suggest::event_type(&args.event_type),
                    crate::fixtures::known_types().join(", ")
                ))
                .into(),
        );
    }
    for text in &args.set {
        crate::fixtures::Assignment::parse(text).map_err(|e| UserError::usage(e.to_string()))?;
    }
    let base_url = args.base_url.clone().unwrap_or_else(default_base_url);
    let api_key = read_key(&Source::Env(API_KEY_ENV.into()), &System)
        .map(|sourced| sourced.secret)
        .unwrap_or_else(|_| Secret::new(ANY_KEY));
    let request = serde_json::json!({
        "event_type": args.event_type,
        "project_id": args.project,
        "set": args.set,
        "top_level_type": args.top_level_type,
    });
    let emitted = crate::cmd::block_on(emulator::client::trigger(
        &base_url,
        api_key.expose(),
        &request,
    ))?
    .map_err(|e| {
        use emulator::client::TriggerError as E;
        let hint = match &e {
            E::Unreachable(_) => "start one with `trst-hooks emulator`, or give --base-url",
            E::BadBase(_) | E::BadAnswer(_) => {
                "give the emulator's base URL, e.g. --base-url http://127.0.0.1:4010/v1"
            }
            E::Refused { .. } => "fix the request as the message says",
        };
        let code = matches!(e, E::Refused { .. });
        let error = if code {
            UserError::failed(e.to_string())
        } else {
            UserError::usage(e.to_string())
        };
        error.hint(hint)
    })?;
    let mut queued = 0;
    for event in &emitted {
        for delivery in &event.deliveries {
            view::triggered(
                &mut crate::output::stdout(),
                &event.project_id,
                delivery,
                args.json,
            )?;
            queued += 1;
        }
    }
    if queued == 0 {
        return Err(UserError::failed(format!(
            "no enabled webhook{} is subscribed to {}; nothing was sent",
            args.project
                .as_deref()
                .map(|p| format!(" in project {p}"))
                .unwrap_or_default(),
            args.event_type
        ))
        .hint(format!(
            "create one: trst-hooks webhooks create --url URL --event-type {}",
            args.event_type
        ))
        .into());
    }
    Ok(Code::Ok)
}
