//! `trst-hooks emulator`: start a local TRST (management API + delivery engine, state in SQLite),
//! and `trst-hooks emulator trigger EVENT_TYPE`: make a running emulator emit an event.

mod trigger;

pub use trigger::{TriggerArgs, default_base_url};

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use crate::emulator::{
    self, Config, ratelimit::PricingPlan, schedule::Schedule, store::OpenError, time_scale,
};
use crate::error::{Code, UserError};
use crate::output::{self, emulator as view};
use crate::paths;
use crate::secret::Secret;

/// The emulator's default port.
pub const DEFAULT_PORT: u16 = 4010;

const EXAMPLES: &str = "\
Examples:
  trst-hooks emulator                                 serve on http://127.0.0.1:4010/v1
  export TRST_API_BASE=http://127.0.0.1:4010/v1       point the webhooks commands at it
  trst-hooks emulator --retry-schedule 1s,5s,30s      fast retries while developing
  trst-hooks emulator --time-scale 1000               the 14-day retry window in ~20 minutes
  trst-hooks emulator --plan sandbox                  TRST's 5 requests/minute, 429 + Retry-After
  trst-hooks emulator --in-memory --port 0 --json     throwaway state, any free port, JSON lines
  trst-hooks emulator trigger enrollment.completed --set data.member_id=null

Retry schedule (ASSUMED: TRST documents only exponential backoff for up to 14 days): after a
failed attempt the emulator waits 1m, 5m, 30m, 2h, 5h, 10h, 24h, then 24h again until the 14 days
are used up (20 attempts). --retry-schedule replaces it: comma-separated durations, DUR*N for N
equal ones, `none` for no retries.

State lives in SQLite (default <data dir>/emulator.sqlite3): pending retries resume after a
restart, even after kill -9. Delivery is at-least-once, as TRST promises.

Exit codes: 0 stopped with Ctrl-C or SIGTERM, 2 usage or setup error (port in use, database locked).";

/// Arguments of `emulator`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Run TRST's webhook API and delivery engine locally (state in SQLite)",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,

    #[command(flatten)]
    pub serve: ServeArgs,
}

/// Subcommands of `emulator` (none: serve).
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    Trigger(TriggerArgs),
}

/// Flags of the server.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to bind (loopback by default; anything else exposes the emulator to your network)
    #[arg(long, default_value = "127.0.0.1", value_name = "HOST")]
    pub host: String,

    /// Port to bind; 0 picks a free one (the banner shows which)
    #[arg(long, short = 'p', default_value_t = DEFAULT_PORT, value_name = "PORT")]
    pub port: u16,

    /// SQLite database file [default: <data dir>/emulator.sqlite3]
    #[arg(long, value_name = "PATH", conflicts_with = "in_memory")]
    pub db: Option<PathBuf>,

    /// Keep all state in memory (lost when the emulator stops)
    #[arg(long)]
    pub in_memory: bool,

    /// Require this API key (warns: it lands in your shell history); default: any Bearer key
    #[arg(long, value_name = "KEY", conflicts_with_all = ["api_key_env", "api_key_file"])]
    pub api_key: Option<Secret>,

    /// Require the API key held in env var NAME
    #[arg(long, value_name = "NAME", conflicts_with = "api_key_file")]
    pub api_key_env: Option<String>,

    /// Require the API key held in a file (one trailing newline stripped)
    #[arg(long, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,

    /// Apply TRST's per-minute limit: sandbox 5, business 100, enterprise 5000 [default: none]
    #[arg(long, value_enum, value_name = "PLAN")]
    pub plan: Option<PricingPlan>,

    /// The --plan limit's window (a minute; shorter for tests)
    #[arg(long, value_name = "DURATION", default_value = "1m", value_parser = super::prelude::duration_secs, hide = true)]
    pub rate_window: Duration,

    /// Refuse loopback webhook URLs too, exactly as TRST does
    #[arg(long)]
    pub strict_urls: bool,

    /// Delays between attempts, e.g. 1s,5s,30s or 1m,24h*13 or none [default: the ASSUMED schedule]
    #[arg(long, value_name = "LIST")]
    pub retry_schedule: Option<String>,

    /// Run the retry schedule N times faster (timestamps stay real)
    #[arg(long, value_name = "N", default_value = "1", value_parser = time_scale::parse_scale)]
    pub time_scale: f64,

    /// Per-attempt timeout, real time (TRST documents 20s)
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = super::prelude::duration_secs)]
    pub timeout: Duration,

    /// One JSON object per line on stdout (API calls, attempts) instead of the terminal view
    #[arg(long)]
    pub json: bool,
}

/// Serve, or run the trigger client.
pub fn run(args: Args) -> anyhow::Result<Code> {
    match args.action {
        Some(Action::Trigger(trigger)) => trigger::run(trigger),
        None => serve(args.serve),
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<Code> {
    let schedule = match &args.retry_schedule {
        Some(text) => Schedule::parse(text).map_err(|e| {
            UserError::usage(format!("--retry-schedule: {e}"))
                .hint("example: --retry-schedule 1s,5s,30s (or 24h*13, or none)")
        })?,
        None => Schedule::assumed(),
    };
    let db = if args.in_memory {
        None
    } else {
        Some(database_path(args.db.clone())?)
    };
    let api_key = api_key(&args)?;
    let host_is_loopback = crate::urlpolicy::is_loopback_host(&args.host);
    if !host_is_loopback && api_key.is_none() {
        output::warn(&format!(
            "binding {} exposes the emulator to your network and it accepts any API key; consider --api-key-env",
            args.host
        ));
    }
    let clock = time_scale::ScaledClock::new(args.time_scale);
    let in_memory = db.is_none();
    let shown_schedule = schedule.clone();
    let shown_key = api_key.as_ref().map(Secret::masked);
    let config = Config {
        db: db.clone(),
        api_key,
        rate_limit: args.plan.map(PricingPlan::per_minute),
        rate_window: args.rate_window,
        strict_urls: args.strict_urls,
        schedule,
        clock,
        timeout: args.timeout,
    };
    super::block_on(async move {
        let (sender, mut reports) = tokio::sync::mpsc::unbounded_channel();
        let built = emulator::build(config, sender).map_err(|e| match e {
            emulator::BuildError::Store(OpenError::Locked) => UserError::usage(format!(
                "{} is in use by another running emulator",
                db.as_ref()
                    .map_or("the database".into(), |p| p.display().to_string())
            ))
            .hint("stop the other emulator, or use another --db PATH or --in-memory"),
            other => {
                UserError::usage(other.to_string()).hint("give another --db PATH, or --in-memory")
            }
        })?;
        let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
            .await
            .map_err(|e| {
                UserError::usage(format!(
                    "cannot listen on {}:{}: {}",
                    args.host,
                    args.port,
                    crate::net::io_reason(&e)
                ))
                .hint("use another --port (0 picks a free one)")
            })?;
        let addr = listener.local_addr()?;
        // Before the ready line, so that a signal sent as soon as it appears is not lost.
        let shutdown = super::shutdown::shutdown_signal();
        let base_url = format!("http://{}/v1", shown_address(addr));
        view::banner(
            &mut crate::output::stdout(),
            &view::Banner {
                base_url: &base_url,
                database: db.as_deref(),
                schedule: &shown_schedule,
                schedule_given: args.retry_schedule.is_some(),
                time_scale: clock.scale(),
                timeout: args.timeout,
                api_key: shown_key,
                rate_limit: args.plan.map(|plan| view::RateLimit {
                    per_minute: plan.per_minute(),
                    window: args.rate_window,
                }),
                strict_urls: args.strict_urls,
            },
            args.json,
        )?;
        tokio::spawn(built.engine.run());
        let json = args.json;
        let printer = async move {
            while let Some(report) = reports.recv().await {
                view::report(&mut crate::output::stdout(), &report, json, clock.now_ms())?;
            }
            Ok::<(), std::io::Error>(())
        };
        let server = axum::serve(listener, built.router).with_graceful_shutdown(shutdown);
        tokio::select! {
            served = server => served.map_err(|e| UserError::usage(format!("server stopped: {e}")))?,
            printed = printer => printed?,
        }
        output::status(if in_memory {
            "stopped; in-memory state discarded"
        } else {
            "stopped; pending retries resume on the next start with the same --db"
        });
        Ok::<Code, anyhow::Error>(Code::Ok)
    })?
}

fn database_path(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let path = match given {
        Some(path) => path,
        None => paths::data_dir()
            .map(|d| d.join("emulator.sqlite3"))
            .ok_or_else(|| {
                UserError::usage("no home or data directory to keep the emulator's database in")
                    .hint("give --db PATH, or --in-memory")
            })?,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            UserError::usage(format!(
                "cannot create {}: {}",
                parent.display(),
                crate::net::io_reason(&e)
            ))
            .hint("give another --db PATH, or --in-memory")
        })?;
    }
    Ok(path)
}

fn api_key(args: &ServeArgs) -> anyhow::Result<Option<Secret>> {
    use crate::secret::{Origin, Source};
    let source = if let Some(key) = &args.api_key {
        output::warn(
            "an API key given with --api-key lands in your shell history; prefer --api-key-env or --api-key-file",
        );
        Source::Value(key.clone(), Origin::Flag("--api-key"))
    } else if let Some(name) = &args.api_key_env {
        Source::Env(name.clone())
    } else if let Some(path) = &args.api_key_file {
        Source::File(path.clone())
    } else {
        return Ok(None);
    };
    let key =
        crate::api::settings::read_key(&source, &crate::environment::System).map_err(|e| {
            use crate::{api::settings::SettingsError as E, secret::SecretError as S};
            let hint = match &e {
                E::Key(S::EnvNotSet(_)) => "export it, or use --api-key-file PATH".to_owned(),
                E::Key(S::UnreadableFile { .. }) => {
                    "check the path given to --api-key-file".to_owned()
                }
                E::Key(S::Empty(_)) => "give a non-empty key".to_owned(),
                other => other.hint(),
            };
            UserError::usage(e.to_string()).hint(hint)
        })?;
    Ok(Some(key.secret))
}

/// The address to print: a wildcard bind is reached through loopback.
fn shown_address(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}
