//! `listen --register`: real TRST deliveries on a laptop in one command. Before the listener
//! starts: reach the API, start the tunnel (or take `--public-url`), clean up the temporary
//! webhooks an earlier crash left, and create a temporary webhook pointing at the listener,
//! whose secret the listener verifies with. While it runs: stop at once if the tunnel dies, and
//! probe the public URL every `--health-interval`. When it stops: delete the webhook (unless
//! `--keep`) and stop the tunnel. Any failure before the listener starts undoes what was done.

mod finish;
mod start;

use std::path::PathBuf;
use std::time::Duration;

use crate::cmd::prelude::{ApiConnectArgs, SecretArgs};
use crate::cmd::webhooks::{self, Session};
use crate::error::UserError;
use crate::fixtures;
use crate::registration::registry::Registry;
use crate::tunnel::Program;

pub use finish::Registered;

/// The tunnel programs `--tunnel` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TunnelChoice {
    /// Cloudflare's quick tunnel (`cloudflared tunnel --url …`, no account needed)
    Cloudflared,
    /// `ngrok http …` (needs an ngrok account's authtoken)
    Ngrok,
}

/// The flags of `listen --register`.
#[derive(Debug, Clone, clap::Args)]
pub struct RegisterArgs {
    /// Create a temporary webhook in your TRST project for this listener (deleted when it stops)
    #[arg(long)]
    pub register: bool,

    /// The public URL that reaches this listener (a bare origin gets --path appended)
    #[arg(long, value_name = "URL", requires = "register", conflicts_with_all = ["tunnel", "tunnel_cmd"])]
    pub public_url: Option<String>,

    /// Start this tunnel for the listener's port and register the HTTPS URL it prints
    #[arg(long, value_name = "PROGRAM", requires = "register")]
    pub tunnel: Option<TunnelChoice>,

    /// Run CMD as the tunnel and register the first http(s) URL it prints ({port} becomes the port)
    #[arg(long, value_name = "CMD", conflicts_with = "tunnel")]
    #[arg(requires = "register")]
    pub tunnel_cmd: Option<String>,

    /// Event type to subscribe to (repeatable or comma-separated) [default: every known type]
    #[arg(long = "event-type", value_name = "TYPE", value_delimiter = ',')]
    #[arg(requires = "register")]
    pub event_types: Vec<String>,

    /// Keep the webhook when listen stops (delete it later with `webhooks delete ID`)
    #[arg(long, requires = "register")]
    pub keep: bool,

    /// Delete the temporary webhooks earlier runs left behind without asking
    #[arg(long, requires = "register")]
    pub yes: bool,

    /// Also write the webhook's secret to this new file (mode 0600)
    #[arg(long, value_name = "PATH", requires = "register")]
    pub save_secret: Option<PathBuf>,

    /// Let --save-secret replace an existing file
    #[arg(long, requires = "save_secret")]
    pub force: bool,

    /// Probe the public URL this often and warn when the probe does not come back (0 or off: never)
    #[arg(long, value_name = "DURATION", default_value = "60s",
          value_parser = crate::cmd::prelude::interval_or_off, requires = "register")]
    pub health_interval: Duration,

    /// Register the public URL as given, without the ?trst_hooks_temporary=… marker
    #[arg(long, requires = "register")]
    pub plain_url: bool,

    #[command(flatten)]
    pub api: ApiConnectArgs,
}

/// Everything checked before anything is bound, started or created.
pub struct Plan {
    session: Session,
    registry: Option<Registry>,
    source: Source,
    event_types: Vec<String>,
    args: RegisterArgs,
}

/// Where the public URL comes from.
enum Source {
    Tunnel(Program),
    Given(String),
    /// The API is a local emulator: it delivers to the listener's own loopback URL.
    Loopback,
}

/// Check the flags and reach the settings; `None` without `--register`.
pub fn plan(args: &RegisterArgs, secrets: &SecretArgs) -> anyhow::Result<Option<Plan>> {
    if !args.register {
        if args.api.any_given() {
            return Err(UserError::usage(
                "--base-url, --project, --profile and --api-key(-file) only mean something with --register",
            )
            .hint("add --register to create a temporary webhook for this listener, or drop them")
            .into());
        }
        return Ok(None);
    }
    if secrets.is_explicit() {
        return Err(UserError::usage(
            "--register verifies with the secret TRST issues for the new webhook, so it takes no --secret, --secret-env, --secret-file or --dev-secret",
        )
        .hint("drop the secret flags (use --save-secret PATH to keep a copy of the issued secret)")
        .into());
    }
    let event_types = if args.event_types.is_empty() {
        fixtures::known_types()
            .into_iter()
            .map(str::to_owned)
            .collect()
    } else {
        webhooks::create::event_types(&args.event_types)?
    };
    webhooks::store::check_targets(args.save_secret.as_deref(), args.force, None)?;
    let session = webhooks::connect(&args.api, false)?;
    let source = match (&args.tunnel, &args.tunnel_cmd, &args.public_url) {
        (Some(TunnelChoice::Cloudflared), _, _) => Source::Tunnel(Program::Cloudflared),
        (Some(TunnelChoice::Ngrok), _, _) => Source::Tunnel(Program::Ngrok),
        (None, Some(cmd), _) => Source::Tunnel(Program::Command(cmd.clone())),
        (None, None, Some(url)) => Source::Given(url.clone()),
        (None, None, None) if session.client.settings().api_is_loopback() => Source::Loopback,
        (None, None, None) => {
            return Err(UserError::usage(
                "--register needs a public URL TRST can reach (TRST refuses localhost)",
            )
            .hint("add --tunnel cloudflared, --tunnel ngrok, --tunnel-cmd 'CMD' or --public-url https://…")
            .into());
        }
    };
    Ok(Some(Plan {
        session,
        registry: Registry::in_data_dir(),
        source,
        event_types,
        args: args.clone(),
    }))
}
