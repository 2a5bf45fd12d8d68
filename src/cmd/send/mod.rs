//! `trst-hooks send`: sign and send events exactly as TRST would — fixtures, files, raw bytes,
//! replays of captured deliveries, retries, and load. This module holds the flags and picks the
//! mode; `target` finds where to send and with which secret, `source` what to send, `single` and
//! `load` do the sending through `crate::sender` and print through `crate::output::send`.

mod load;
mod single;
mod source;
mod target;

use std::path::PathBuf;
use std::time::Duration;

use crate::cmd::prelude::SecretArgs;
use crate::error::{Code, UserError};
use crate::sender::request::{self, Signing};

const EXAMPLES: &str = "\
Examples:
  trst-hooks send enrollment.completed                 to the local listener (trst-hooks listen)
  trst-hooks send enrollment.completed --to staging    a target from trst-hooks.toml
  trst-hooks send webhook.test --to https://example.com/webhooks/trst --secret-env MY_SECRET
  trst-hooks send enrollment.completed --set data.member_id=null --project-id proj_1
  trst-hooks send event.json                           a JSON file as the event
  trst-hooks send --raw body.bin                       a file's bytes exactly
  trst-hooks send --all                                one event of every known type
  trst-hooks send enrollment.completed --dry-run       the request and a curl command
  trst-hooks send enrollment.completed --repeat 3      same bytes and event_id 3 times
  trst-hooks send webhook.test --bad-signature         exit 0 when the endpoint answers 401
  trst-hooks send --replay --last                      resend the last delivery listen logged
  trst-hooks send webhook.test --retries 5 --backoff 500ms
  trst-hooks send enrollment.completed --count 10000 --concurrency 32

Known event types: enrollment.completed, demo.scan.success, webhook.test.
Headers sent: Content-Type: application/json, X-Webhook-Signature: sha256=<hex>,
User-Agent: trst-hooks/VERSION (plus Host, Content-Length and Accept: */*); --header adds more.

Exit codes: 0 every answer 2xx (or 401 with --bad-signature/--no-signature), 1 anything else
(non-2xx, redirect, timeout, connection or TLS failure), 2 usage or setup error.";

/// Arguments of `send`.
#[derive(Debug, clap::Args)]
#[command(about = "Sign and send events as TRST would: fixtures, files, replays, load", after_help = EXAMPLES)]
pub struct Args {
    /// An event type (enrollment.completed, demo.scan.success, webhook.test) or a JSON event file
    #[arg(value_name = "EVENT_TYPE|FILE")]
    pub event: Option<String>,

    /// Send this file's bytes exactly (no parsing, no overrides); - for stdin
    #[arg(long, value_name = "FILE", conflicts_with_all = ["event", "all", "replay"])]
    pub raw: Option<PathBuf>,

    /// Send one event of every known type
    #[arg(long, conflicts_with_all = ["event", "replay"])]
    pub all: bool,

    /// Where to send: a URL, or a target name from the config file [default: the local listener]
    #[arg(long, value_name = "URL|NAME")]
    pub to: Option<String>,

    /// Do not ask before sending to a target marked production = true
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Replace project_id
    #[arg(long, value_name = "ID", help_heading = "Event")]
    pub project_id: Option<String>,

    /// Set a field: dotted path = value (JSON when it parses, else a string); repeatable
    #[arg(long = "set", value_name = "PATH=VALUE", help_heading = "Event")]
    pub set: Vec<String>,

    /// Replace the data object with this JSON file's (its event_type is kept if the file has none)
    #[arg(long, value_name = "FILE", help_heading = "Event")]
    pub data: Option<PathBuf>,

    /// Use this event_id (with --replay: the delivery to resend)
    #[arg(long, value_name = "ID", help_heading = "Event")]
    pub event_id: Option<String>,

    /// Also put event_type at the top level (the docs' example handler reads it there)
    #[arg(long, help_heading = "Event")]
    pub top_level_type: bool,

    /// Add a request header, e.g. 'X-Test: 1' (replaces one of ours with the same name); repeatable
    #[arg(
        long,
        short = 'H',
        value_name = "NAME: VALUE",
        help_heading = "Request"
    )]
    pub header: Vec<String>,

    /// Print the exact request and an equivalent curl command; send nothing
    #[arg(long, help_heading = "Request")]
    pub dry_run: bool,

    /// Send the same bytes and event_id N times (test duplicate handling)
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..), help_heading = "Request")]
    pub repeat: u32,

    /// Sign wrongly (one hex digit off): succeeds when the endpoint answers 401
    #[arg(long, conflicts_with = "no_signature", help_heading = "Request")]
    pub bad_signature: bool,

    /// Send no X-Webhook-Signature header: succeeds when the endpoint answers 401
    #[arg(long, help_heading = "Request")]
    pub no_signature: bool,

    /// Give up on an answer after this long (TRST's limit is 20 s)
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = super::prelude::duration_secs, help_heading = "Request")]
    pub timeout: Duration,

    /// Resend a delivery from a listen log (default: listen's default log)
    #[arg(long, value_name = "LOG", num_args = 0..=1, help_heading = "Replay",
          conflicts_with_all = ["event", "set", "data", "project_id", "top_level_type"])]
    pub replay: Option<Option<PathBuf>>,

    /// With --replay: the last delivery in the log
    #[arg(
        long,
        requires = "replay",
        conflicts_with = "event_id",
        help_heading = "Replay"
    )]
    pub last: bool,

    /// With --replay: send the logged signature instead of signing again
    #[arg(long, requires = "replay", conflicts_with_all = ["bad_signature", "no_signature"], help_heading = "Replay")]
    pub keep_signature: bool,

    /// Retry non-2xx answers and timeouts up to N times, with exponential backoff and jitter
    #[arg(long, value_name = "N", default_value_t = 0, help_heading = "Retries")]
    pub retries: u32,

    /// The delay before the first retry; each next one doubles (minus up to 25% jitter)
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = super::prelude::duration_secs, help_heading = "Retries")]
    pub backoff: Duration,

    /// Cap on the delay between retries
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = super::prelude::duration_secs, help_heading = "Retries")]
    pub max_backoff: Duration,

    /// Load mode: send N fresh events (each its own event_id and signature), then a summary
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Load",
          conflicts_with_all = ["raw", "all", "replay", "repeat", "retries", "dry_run", "event_id", "bad_signature", "no_signature"])]
    pub count: Option<u64>,

    /// Load mode: requests in flight at once
    #[arg(long, short = 'c', value_name = "C", default_value_t = 8, requires = "count", value_parser = clap::value_parser!(u64).range(1..=4096), help_heading = "Load")]
    pub concurrency: u64,

    /// Load mode: at most R requests per second in total
    #[arg(long, value_name = "R", requires = "count", value_parser = parse_rate, help_heading = "Load")]
    pub rate: Option<f64>,

    /// Show request and response headers
    #[arg(long, short = 'v', help_heading = "Output")]
    pub verbose: bool,

    /// Show the whole answer body read (up to 64 KiB), not the first 40 lines
    #[arg(long, help_heading = "Output")]
    pub full: bool,

    /// Print JSON: one line per attempt (load mode: one summary line)
    #[arg(long, help_heading = "Output")]
    pub json: bool,

    #[command(flatten)]
    pub secrets: SecretArgs,
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate > 0.0 => Ok(rate),
        _ => Err("expected a positive number of requests per second, e.g. 50".into()),
    }
}

/// Choose the mode and run it.
pub fn run(args: Args) -> anyhow::Result<Code> {
    let extra_headers = args
        .header
        .iter()
        .map(|h| request::parse_header(h))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| UserError::usage(e).hint("write headers as --header 'Name: value'"))?;
    if args.max_backoff < args.backoff {
        return Err(UserError::usage("--max-backoff is shorter than --backoff")
            .hint("the cap must be at least the first delay")
            .into());
    }
    let destination = target::resolve(args.to.as_deref())?;
    let signing = if args.bad_signature {
        Signing::Bad
    } else if args.no_signature {
        Signing::Missing
    } else {
        Signing::Valid
    };
    if args.count.is_some() {
        let builder = source::builder(&args, false)?;
        let secret = target::secret(&destination, &args.secrets)?;
        target::confirm_production(&destination, args.yes, args.dry_run)?;
        return load::run(&args, &destination, builder, &secret, &extra_headers);
    }
    let units = source::units(&args)?;
    let needs_secret = !(args.no_signature || args.keep_signature);
    let secret = if needs_secret {
        Some(target::secret(&destination, &args.secrets)?)
    } else {
        None
    };
    target::confirm_production(&destination, args.yes, args.dry_run)?;
    let plan = single::SendPlan {
        destination: &destination,
        secret: secret.as_ref(),
        signing,
        extra_headers: &extra_headers,
        args: &args,
    };
    if args.dry_run {
        return single::dry_run(&plan, &units);
    }
    super::block_on(single::send_all(&plan, &units))?
}
