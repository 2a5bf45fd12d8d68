//! `trst-hooks check`: run TRST's production checklist for receivers against a live endpoint and
//! say, item by item, what holds. Parses arguments, resolves the target and secret, asks before
//! sending to a production target, then hands over to `check::run` and `output::check`.

use std::io::IsTerminal;
use std::time::Duration;

use url::Url;

use crate::check::checks::{CheckId, Thresholds};
use crate::check::plan::{DEFAULT_PROJECT_ID, Ingredients};
use crate::check::probe::Probe;
use crate::check::{self, Settings};
use crate::cli::SecretArgs;
use crate::error::{Code, UserError};
use crate::output::{self, check as view};
use crate::{clock, config, defaults, urlpolicy};

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
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "ID",
        hide_possible_values = true
    )]
    pub only: Vec<CheckId>,

    /// Leave out these checks (comma-separated or repeated)
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "ID",
        hide_possible_values = true
    )]
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
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Answers slower than this warn (TRST's docs: aim for under 1 s)
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_duration)]
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

fn parse_duration(text: &str) -> Result<Duration, String> {
    let duration =
        humantime::parse_duration(text).map_err(|e| format!("{e} (examples: 500ms, 2s, 1m)"))?;
    if duration.is_zero() {
        return Err("must be more than zero".into());
    }
    Ok(duration)
}

/// Where the checks go and how to sign for it.
struct Destination {
    url: Url,
    secret_request: crate::secret::Request,
    /// The config target's name when it is marked production.
    production: Option<String>,
}

/// Resolve, confirm, run, print; 0 when nothing failed.
pub fn run(args: Args) -> anyhow::Result<Code> {
    let selected = select(&args.only, &args.skip)?;
    if args.slow_threshold >= args.timeout {
        return Err(UserError::usage(format!(
            "--slow-threshold ({}) must be shorter than --timeout ({})",
            humantime::format_duration(args.slow_threshold),
            humantime::format_duration(args.timeout)
        ))
        .hint("e.g. --slow-threshold 1s --timeout 20s")
        .into());
    }
    if args.project_id.trim().is_empty() {
        return Err(UserError::usage("--project-id is empty")
            .hint(format!("leave it out to use {DEFAULT_PROJECT_ID}"))
            .into());
    }
    let destination = destination(&args)?;
    let loopback = urlpolicy::is_loopback(&destination.url);
    if let Some(name) = &destination.production {
        confirm_production(name, &destination.url, args.yes)?;
    }
    let secrets = super::resolve_request(&destination.secret_request, loopback)?;
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
    let probe = Probe::new(destination.url.clone(), args.timeout, loopback).map_err(|e| {
        UserError::usage(format!("cannot set up the HTTP client: {e}"))
            .hint("this is a bug or a broken TLS setup; please report it")
    })?;
    if !args.json && std::io::stderr().is_terminal() {
        output::status(&output::dim(&format!(
            "sending signed test events to {} (each may take up to {})…",
            destination.url,
            humantime::format_duration(args.timeout)
        )));
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
        view::json(&report)?;
    } else {
        view::human(&report, args.verbose)?;
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

fn destination(args: &Args) -> anyhow::Result<Destination> {
    let text = args.target.trim();
    if text.contains("://") {
        return Ok(Destination {
            url: parse_url(text)?,
            secret_request: args.secrets.request(),
            production: None,
        });
    }
    let cwd = std::env::current_dir()
        .map_err(|e| UserError::usage(format!("cannot read the working directory: {e}")))?;
    let loaded = config::load(&cwd).map_err(|e| {
        UserError::usage(e.to_string()).hint("fix the config file, or give a URL instead")
    })?;
    let looks_like_host = text.starts_with("localhost")
        || text.contains(':')
        || text.contains('/')
        || text.parse::<std::net::IpAddr>().is_ok();
    let Some(loaded) = loaded else {
        let hint = if looks_like_host {
            format!("give a full URL, e.g. http://{text}")
        } else {
            format!(
                "give a URL (e.g. {}), or define [targets.{text}] in ./trst-hooks.toml",
                defaults::local_listener_url()
            )
        };
        return Err(UserError::usage(format!(
            "\"{text}\" is not a URL and there is no config file defining targets"
        ))
        .hint(hint)
        .into());
    };
    let target = loaded.target(text).map_err(|e| {
        let hint = if looks_like_host {
            format!("give a full URL, e.g. http://{text}")
        } else {
            format!("add [targets.{text}] to {}", loaded.path.display())
        };
        UserError::usage(e.to_string()).hint(hint)
    })?;
    let url = parse_url(&target.url).map_err(|e| {
        UserError::usage(format!(
            "target \"{text}\" in {}: {e}",
            loaded.path.display()
        ))
        .hint("set url = \"https://…\" for the target")
    })?;
    // Explicit secret flags win over what the target names.
    let explicit = args.secrets.request();
    let secret_request = if explicit.values.is_empty()
        && explicit.files.is_empty()
        && explicit.envs.is_empty()
        && !explicit.dev_secret
    {
        target.secret_request()
    } else {
        explicit
    };
    Ok(Destination {
        url,
        secret_request,
        production: target.production.then(|| text.to_owned()),
    })
}

fn parse_url(text: &str) -> anyhow::Result<Url> {
    let url = Url::parse(text).map_err(|e| {
        UserError::usage(format!("\"{text}\" is not a valid URL: {e}"))
            .hint("e.g. https://hooks.example.com/webhooks/trst")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(
            UserError::usage(format!("\"{text}\" is not an http:// or https:// URL"))
                .hint("e.g. https://hooks.example.com/webhooks/trst")
                .into(),
        );
    }
    Ok(url)
}

fn confirm_production(name: &str, url: &Url, yes: bool) -> anyhow::Result<()> {
    if yes {
        return Ok(());
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !interactive {
        return Err(UserError::usage(format!(
            "target \"{name}\" is marked production, and there is no terminal to confirm on"
        ))
        .hint("check sends about two dozen signed test events; pass --yes to send them anyway")
        .into());
    }
    let question = format!(
        "Target \"{name}\" is marked production. Send about two dozen signed test events to {url}?"
    );
    let answer = dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| UserError::usage(format!("cannot ask for confirmation: {e}")))?;
    if answer {
        Ok(())
    } else {
        Err(UserError::usage("not confirmed; nothing was sent")
            .hint("pass --yes to skip the question")
            .into())
    }
}
