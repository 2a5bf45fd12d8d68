//! `trst-hooks check`: run TRST's production checklist for receivers against a live endpoint and
//! say, item by item, what holds. Parses arguments, resolves the target and secret, asks before
//! sending to a production target, then hands over to `check::run` and `output::check`.

use std::io::IsTerminal;
use std::time::Duration;

use crate::check::checks::{CheckId, Thresholds};
use crate::check::plan::{DEFAULT_PROJECT_ID, Ingredients};
use crate::check::probe::Probe;
use crate::check::{self, Settings};
use crate::clock;
use crate::cmd::prelude::SecretArgs;
use crate::error::{Code, UserError};
use crate::output::{self, check as view};

const EXAMPLES: &str = "\
Examples:
  trst-hooks check http://localhost:3000/webhooks/trst          a local receiver (local dev secret)
  trst-hooks check https://hooks.example.com/webhooks/trst --secret-env TRST_WEBHOOK_SECRET
  trst-hooks check staging                                      a [targets.staging] from the config
  trst-hooks check staging --only signatures,duplicates
  trst-hooks check staging --skip latency --json | jq '.checks[] | select(.status != \"pass\")'
  trst-hooks check prod --yes --strict                          CI: warnings fail too

Checks (ids for --only / --skip):
  transport        HTTPS, a certificate that verifies, a URL TRST accepts (skipped on loopback)
  event-types      a signed event of every known type is acknowledged with 2xx
  latency          answers come within 1 s (warn) and never past 20 s (fail), sent one at a time
  signatures       no signature, wrong secret, tampered body, sha256=zz, no sha256= prefix: all 401
  raw-body         signed bodies a JSON parser rewrites (pretty, escaped, reordered, 1e3, non-ASCII): 2xx
  duplicates       the same bytes delivered twice are acknowledged both times
  unknown-type     an event type TRST does not send yet is acknowledged
  envelope-shapes  event_type only in data, and only at the top level: both acknowledged
  leaks            no error answer of the run shows a stack trace, exception, path or debug page

check sends about two dozen real, signed test events. Each carries project_id proj_trst_hooks_check
(change it with --project-id) and the User-Agent trst-hooks-check, so your logs show where they
came from. A target marked `production = true` asks first (--yes to skip; refused without a TTY).

Exit codes: 0 nothing failed (warnings allowed unless --strict), 1 a check failed or the endpoint
could not be reached, 2 usage or setup error (unknown check id, missing secret, bad config).";

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Run TRST's production checklist against a live endpoint",
    after_help = EXAMPLES
)]
pub struct Args {
    /// An http(s):// URL, or the name of a target in the config file
    #[arg(value_name = "URL|TARGET")]
    pub target: String,

    /// Run only these checks (comma-separated or repeated)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    #[arg(value_enum, hide_possible_values = true)] // the ids are listed in the after_help
    pub only: Vec<CheckId>,

    /// Leave out these checks (comma-separated or repeated)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    #[arg(value_enum, hide_possible_values = true)]
    pub skip: Vec<CheckId>,

    /// Print one JSON object: {url, checks: [{id, title, status, reason, fix, …}], summary}
    #[arg(long)]
    pub json: bool,

    /// Show every request sent and the answer to it
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Warnings fail too (exit 1)
    #[arg(long)]
    pub strict: bool,

    /// Give up on an answer after this long (TRST's delivery timeout)
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = super::prelude::duration_secs)]
    pub timeout: Duration,

    /// Answers slower than this warn (TRST's docs: aim for under 1 s)
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = super::prelude::duration_secs)]
    pub slow_threshold: Duration,

    /// At most this many requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,

    /// The project_id put in every event, so receiver logs show they came from a check
    #[arg(long, value_name = "ID", default_value = DEFAULT_PROJECT_ID)]
    pub project_id: String,

    /// Do not ask before sending test events to a target marked production
    #[arg(long, short = 'y')]
    pub yes: bool,

    #[command(flatten)]
    pub secrets: SecretArgs,
}

/// Resolve, confirm, run, print; 0 when nothing failed.
pub fn run(args: Args) -> anyhow::Result<Code> {
    let selected = select(&args.only, &args.skip)?;
    if args.slow_threshold >= args.timeout {
        return Err(UserError::usage(format!(
            "--slow-threshold ({}) must be shorter than --timeout ({})",
            crate::output::duration::human(args.slow_threshold),
            crate::output::duration::human(args.timeout)
        ))
        .hint("e.g. --slow-threshold 1s --timeout 20s")
        .into());
    }
    if args.project_id.trim().is_empty() {
        return Err(UserError::usage("--project-id is empty")
            .hint(format!("leave it out to use {DEFAULT_PROJECT_ID}"))
            .into());
    }
    let destination = super::target::resolve(Some(&args.target))?;
    super::target::confirm_production(
        &destination,
        "about two dozen signed test events",
        args.yes,
    )?;
    let secrets = super::target::secrets(&destination, &args.secrets)?;
    let Some(first) = secrets.first() else {
        return Err(UserError::usage("no webhook secret given")
            .hint(crate::secret::HOW_TO_GIVE_A_SECRET)
            .into());
    };
    if secrets.len() > 1 {
        output::status(&format!(
            "note: {} secrets given; signing with the first, {}",
            secrets.len(),
            first.describe()
        ));
    }
    let settings = Settings {
        url: destination.url.clone(),
        selected,
        thresholds: Thresholds {
            slow: args.slow_threshold,
            timeout: args.timeout,
        },
        concurrency: usize::from(args.concurrency),
        strict: args.strict,
        project_id: args.project_id.clone(),
        secret_label: first.describe(),
    };
    let probe = Probe::new(destination.url.clone(), args.timeout).map_err(|e| {
        UserError::usage(format!("cannot set up the HTTP client: {e}"))
            .hint("this is a bug or a broken TLS setup; please report it")
    })?;
    if !args.json && std::io::stderr().is_terminal() {
        output::note(&format!(
            "sending signed test events to {} (each may take up to {})…",
            destination.url,
            crate::output::duration::human(args.timeout)
        ));
    }
    let secret = first.secret.clone();
    let report = super::block_on(async move {
        let mut new_id = clock::new_event_id;
        let mut ing = Ingredients {
            secret: secret.expose(),
            project_id: &settings.project_id,
            now: clock::now_rfc3339(),
            new_id: &mut new_id,
        };
        check::run(&settings, &probe, &mut ing).await
    })?
    .map_err(|e| UserError::usage(format!("cannot build the test events: {e}")))?;
    if args.json {
        view::json(&mut crate::output::stdout(), &report)?;
    } else {
        view::human(&mut crate::output::stdout(), &report, args.verbose)?;
    }
    Ok(if report.summary.ok {
        Code::Ok
    } else {
        Code::Failed
    })
}

/// `--only` then `--skip`, in report order; nothing left is a usage error.
fn select(only: &[CheckId], skip: &[CheckId]) -> anyhow::Result<Vec<CheckId>> {
    let selected: Vec<CheckId> = CheckId::ALL
        .iter()
        .copied()
        .filter(|id| only.is_empty() || only.contains(id))
        .filter(|id| !skip.contains(id))
        .collect();
    if selected.is_empty() {
        return Err(UserError::usage("--only and --skip leave no check to run")
            .hint(format!("valid ids: {}", ids_list()))
            .into());
    }
    Ok(selected)
}

fn ids_list() -> String {
    CheckId::ALL
        .iter()
        .map(|id| id.id())
        .collect::<Vec<_>>()
        .join(", ")
}
