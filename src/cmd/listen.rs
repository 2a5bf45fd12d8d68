//! `trst-hooks listen`: a local endpoint that verifies, shows and logs every delivery, for
//! watching webhooks arrive on a laptop and for asserting in CI that they did.

use std::path::PathBuf;
use std::time::Duration;

use super::listen_register::{self, RegisterArgs, Registered};
use super::listen_run::{self, Run};
use super::listen_setup::{answer_notes, local_secrets, open_log};
use crate::cmd::listen_ui::Ui;
use crate::cmd::prelude::SecretArgs;
use crate::error::{Code, UserError};
use crate::output::listen::summary::{StopReason, WebhookEnd, WebhookFate};
use crate::output::listen::{HumanView, Printer};
use crate::secret::Secret;
use crate::server::dedup::Dedup;
use crate::server::forward::Forwarder;
use crate::server::log_writer::LogWriter;
use crate::server::{AppState, Options};
use crate::{defaults, paths};

const EXAMPLES: &str = "\
Examples:
  trst-hooks listen                                  http://127.0.0.1:3000/webhooks/trst
  trst-hooks send enrollment.completed               (in another terminal) send it a signed event
  trst-hooks listen --secret-env TRST_WEBHOOK_SECRET --secret-env OLD_SECRET   rotation
  trst-hooks listen --forward-to http://localhost:8000/webhooks/trst   relay to your app
  trst-hooks listen --fail-first 2                   500 twice per event: watch the retries
  trst-hooks listen --port 0 --expect 1 --timeout 30s --json    in CI: exit 0 once one arrives
  trst-hooks listen --exec 'jq .data >> events.jsonl'           run a command per delivery
  trst-hooks listen --open                           watch, diff and replay in the browser
  trst-hooks listen --compact                        one line per delivery (a load run)
  trst-hooks listen --register --tunnel cloudflared  TRST's own deliveries through a tunnel
  trst-hooks listen --register --public-url https://hooks.example.dev   your own tunnel

The inspector (http://127.0.0.1:4300/?token=…, printed at start) shows the log's latest
deliveries and every new one; its token changes every run. It binds 127.0.0.1 only.

Answers: 200 valid signature and JSON body; 401 missing or bad signature (no detail in the
body: the diagnosis is shown here); 400 not JSON; 404 other path; 405 other method; 413 body
over --max-body; 503 when the log cannot be written (the sender retries).

Every complete delivery is appended to the log before it is answered; `verify --log` re-checks
the log and `send --replay` re-sends from it.

--register creates a temporary webhook in your TRST project (API settings as for `webhooks`)
pointing at the public URL, verifies with the secret TRST issues, probes the URL every
--health-interval, stops if the tunnel exits, and deletes the webhook when listen stops.

Exit codes: 0 stopped (Ctrl-C, SIGTERM) or --expect met; 1 --expect not met in time, or with
--register: the API refused (401, 403, 429, full project), the tunnel exited, or the webhook
could not be deleted; 2 usage or setup error (port in use, unreadable log, no secret on a public
address, API unreachable, tunnel program missing).";

/// Arguments of `listen`.
#[derive(Debug, clap::Args)]
#[command(about = "Receive, verify and show deliveries on a local endpoint", after_help = EXAMPLES)]
pub struct Args {
    /// Address to bind (a non-loopback address needs a real secret)
    #[arg(long, value_name = "ADDR", default_value = defaults::LISTEN_HOST)]
    pub host: String,

    /// Port to bind; 0 picks a free one (printed in the ready line)
    #[arg(long, short = 'p', value_name = "PORT", default_value_t = defaults::LISTEN_PORT)]
    pub port: u16,

    /// Path deliveries are expected on
    #[arg(long, value_name = "PATH", default_value = defaults::WEBHOOK_PATH)]
    pub path: String,

    /// Accept deliveries on every path
    #[arg(long, conflicts_with = "path")]
    pub any_path: bool,

    /// Append deliveries to this JSON Lines log [default: deliveries.jsonl in the data dir]
    #[arg(long, value_name = "PATH")]
    pub log: Option<PathBuf>,

    /// Do not log deliveries
    #[arg(long, conflicts_with_all = ["log", "fsync"])]
    pub no_log: bool,

    /// Flush each log write to disk before answering (survives power loss; slower)
    #[arg(long)]
    pub fsync: bool,

    /// One JSON object per request on stdout, then a summary object
    #[arg(long)]
    pub json: bool,

    /// Show whole bodies (default: fold after 40 lines)
    #[arg(long)]
    pub full: bool,

    /// One line per delivery: time, verdict, type, id, answer, latency (automatic above 20/s)
    #[arg(long, conflicts_with_all = ["json", "full"])]
    pub compact: bool,

    /// Answer this status to valid deliveries instead of 200 (e.g. 503)
    #[arg(long, value_name = "CODE", value_parser = clap::value_parser!(u16).range(200..=599))]
    pub status: Option<u16>,

    /// Wait this long before answering each delivery (e.g. 250ms, 2s; a bare number is ms)
    #[arg(long, value_name = "DURATION", value_parser = super::prelude::delay_ms)]
    pub delay: Option<Duration>,

    /// Answer 500 to the first N deliveries of each event_id (to test retries)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub fail_first: u32,

    /// Largest body accepted (413 above it); e.g. 1MiB, 512KiB, 2000000
    #[arg(long, value_name = "SIZE", default_value = "1MiB", value_parser = super::prelude::size)]
    pub max_body: usize,

    /// Relay each delivery (raw body, signature unchanged) to your app; answer with its status
    #[arg(long, value_name = "URL", value_parser = parse_forward_url, conflicts_with = "status")]
    pub forward_to: Option<reqwest::Url>,

    /// Run a shell command per verified delivery: body on stdin, TRST_EVENT_TYPE/TRST_EVENT_ID set
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,

    /// Stop with exit 0 once N verified deliveries (valid signature, JSON body) have arrived
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub expect: Option<u64>,

    /// Answer 408 to a request whose whole body has not arrived within this long (e.g. 20s)
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = super::prelude::duration_secs)]
    pub body_timeout: Duration,

    /// Stop after this long (e.g. 30s, 2m); with --expect, exit 1 if not met by then
    #[arg(long, value_name = "DURATION", value_parser = super::prelude::duration_secs)]
    pub timeout: Option<Duration>,

    /// Port of the web inspector, always on 127.0.0.1 (the next free one when busy; 0: any)
    #[arg(long, value_name = "PORT", default_value_t = crate::inspector::DEFAULT_PORT)]
    pub ui_port: u16,

    /// No web inspector
    #[arg(long, conflicts_with_all = ["ui_port", "ui_history", "open"])]
    pub no_ui: bool,

    /// How many deliveries the inspector keeps in memory (the log's latest at start, then new)
    #[arg(long, value_name = "N", default_value_t = crate::inspector::DEFAULT_HISTORY,
          value_parser = clap::builder::TypedValueParser::map(
              clap::value_parser!(u64).range(1..), |n| n as usize))]
    pub ui_history: usize,

    /// Open the inspector in the browser
    #[arg(long)]
    pub open: bool,

    #[command(flatten)]
    pub secrets: SecretArgs,

    #[command(flatten, next_help_heading = "Real TRST deliveries (--register)")]
    pub register: RegisterArgs,
}

/// Set up, serve until stopped, and map the outcome to an exit code.
pub fn run(args: Args) -> anyhow::Result<Code> {
    if !args.path.starts_with('/') {
        return Err(
            UserError::usage(format!("--path {} must start with /", args.path))
                .hint(format!("e.g. --path {}", defaults::WEBHOOK_PATH))
                .into(),
        );
    }
    let plan = listen_register::plan(&args.register, &args.secrets)?;
    let loopback = crate::urlpolicy::is_loopback_host(&args.host);
    let secrets = match plan {
        Some(_) => Vec::new(),
        None => local_secrets(&args, loopback)?,
    };
    let (log, dedup, log_text) = open_log(&args)?;
    let forward = args.forward_to.clone().map(Forwarder::new).transpose()?;
    let log = (log, dedup, log_text);
    super::block_on(async move {
        let Some(plan) = plan else {
            return serve(args, secrets, None, log, forward).await;
        };
        // Installed before the tunnel starts: a Ctrl-C during the start stops it cleanly (the
        // tunnel is stopped with it) instead of killing the process and orphaning the tunnel.
        let mut shutdown: listen_run::Boxed<()> = Box::pin(super::shutdown::shutdown_signal());
        let socket = listen_run::bind(&args.host, args.port).await?;
        let addr = socket.local_addr()?;
        let registered = tokio::select! {
            registered = plan.register(addr, &args.path) => registered?,
            () = &mut shutdown => {
                return Err(UserError::usage("interrupted before the listener started")
                    .hint("nothing was left running; a webhook created in the last instant is offered for deletion by the next listen --register")
                    .into());
            }
        };
        let early = Early {
            registered,
            socket,
            shutdown,
        };
        serve(args, secrets, Some(early), log, forward).await
    })?
}

/// What `--register` set up before the listener starts: the webhook, the bound socket, and the
/// stop signal already installed.
struct Early {
    registered: Registered,
    socket: tokio::net::TcpListener,
    shutdown: listen_run::Boxed<()>,
}

/// Serve (on `bound` when `--register` bound it already), then undo the registration and print
/// the summary.
async fn serve(
    args: Args,
    secrets: Vec<(String, Secret)>,
    early: Option<Early>,
    (log, dedup, log_text): (Option<LogWriter>, Dedup, String),
    forward: Option<Forwarder>,
) -> anyhow::Result<Code> {
    let (mut registered, bound, shutdown) = match early {
        Some(e) => (Some(e.registered), Some(e.socket), Some(e.shutdown)),
        None => (None, None, None),
    };
    let (descriptions, keys): (Vec<String>, Vec<Secret>) = match &registered {
        Some(r) => (vec![r.secret_text()], vec![r.secret().clone()]),
        None => secrets.into_iter().unzip(),
    };
    let mut options = Options::new(args.path.clone());
    options.any_path = args.any_path;
    options.max_body = args.max_body;
    options.body_timeout = args.body_timeout;
    options.status = args.status;
    options.delay = args.delay;
    options.fail_first = args.fail_first;
    options.exec = args.exec.clone();
    options.exec_withheld_env = args.secrets.secret_env.clone();
    options.forward = forward;
    options.probe = registered.as_ref().map(Registered::probe);
    let answers = answer_notes(&args);
    let printer = Printer::new(
        args.json,
        HumanView {
            full: args.full,
            secrets: descriptions.clone(),
            compact: args.compact,
        },
    );
    let shown_path = if args.any_path {
        "/".to_owned()
    } else {
        args.path.clone()
    };
    let ui = (!args.no_ui).then(|| {
        let log = (!args.no_log).then(|| args.log.clone().or_else(paths::default_log));
        Ui::new(
            args.ui_port,
            args.ui_history,
            args.open,
            log.flatten().as_deref(),
            args.forward_to.clone(),
            keys.first().cloned(),
        )
    });
    let until = registered
        .as_ref()
        .and_then(Registered::tunnel_exit)
        .map(|f| Box::pin(f) as _);
    let ready = registered.as_mut().map(Registered::start_health);
    let settings = Run {
        host: args.host.clone(),
        port: args.port,
        path: shown_path,
        expect: args.expect,
        timeout: args.timeout,
        printer,
        secrets: descriptions,
        log: log_text,
        answers,
        ui,
        bound,
        rows: registered
            .as_ref()
            .map(Registered::banner_rows)
            .unwrap_or_default(),
        until,
        ready,
        shutdown,
    };
    let ran = listen_run::run(settings, move |events| {
        AppState::new(options, keys, log, dedup, events)
    })
    .await;
    // Whatever happened, a temporary webhook is deleted (or kept with --keep) before the summary.
    let webhook = match registered {
        Some(r) => Some(r.finish().await),
        None => None,
    };
    let mut outcome = ran?;
    if outcome.stopped != StopReason::OutputClosed {
        outcome.printer.summary(
            &outcome.stats,
            outcome.stopped,
            args.expect,
            webhook.as_ref(),
        )?;
    }
    exit_code(&args, &outcome, webhook.as_ref())
}

/// 0, or the error that says why not: `--expect` unmet, the tunnel gone, the webhook left behind.
fn exit_code(
    args: &Args,
    outcome: &listen_run::ListenEnd,
    webhook: Option<&WebhookEnd>,
) -> anyhow::Result<Code> {
    if outcome.stopped == StopReason::TunnelExited {
        return Err(UserError::failed("the tunnel exited, so listen stopped")
            .hint("its last output is in the warning above; start it again, or use --public-url")
            .into());
    }
    if let Some(w) = webhook.filter(|w| w.fate == WebhookFate::DeleteFailed) {
        return Err(UserError::failed(format!(
            "the temporary webhook {} could not be deleted",
            w.id
        ))
        .hint(format!(
            "delete it with `trst-hooks webhooks delete {}`, or let the next listen --register do it",
            w.id
        ))
        .into());
    }
    let Some(expected) = args.expect else {
        return Ok(Code::Ok);
    };
    if outcome.stats.verified >= expected {
        return Ok(Code::Ok);
    }
    let when = match outcome.stopped {
        StopReason::Timeout => "before the timeout",
        _ => "before listen stopped",
    };
    Err(UserError::failed(format!(
        "{} of {expected} expected verified deliveries arrived {when}",
        outcome.stats.verified
    ))
    .hint("check the sender's URL and secret; invalid deliveries are listed above with the reason")
    .into())
}

fn parse_forward_url(text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!(
            "{other}: URLs are not supported; use http:// or https://"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_urls() {
        assert!(parse_forward_url("http://localhost:8000/hook").is_ok());
        assert!(parse_forward_url("ftp://x").is_err());
        assert!(parse_forward_url("localhost:8000").is_err());
    }
}
