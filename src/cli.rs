//! The command-line definition: the single source of truth for flags, help texts, completions
//! and the man page. This file only assembles the top level; each subcommand's flags live beside
//! its code in `src/cmd/`, and the flag groups and value parsers they share in `cmd::prelude`.

use clap::{CommandFactory, Parser, Subcommand};

use crate::cmd;
use crate::output::ColorChoice;

const ABOUT: &str = "Test TRST webhooks: sign, send, listen for and verify deliveries";

const LONG_ABOUT: &str = "\
Test TRST webhooks from your terminal: sign events exactly as TRST does, verify signatures
offline, and diagnose why a signature does not match.

Signatures are HMAC-SHA256 over the raw body, keyed with the whole secret (whsec_ included),
sent as `X-Webhook-Signature: sha256=<hex>`.";

const AFTER_HELP: &str = "\
Examples:
  trst-hooks listen                               receive, verify and show deliveries locally
  trst-hooks send enrollment.completed            sign an event as TRST would and send it there
  trst-hooks send enrollment.completed --to staging   …or to a target from trst-hooks.toml
  trst-hooks verify event.json --signature sha256=…
  trst-hooks verify capture.txt                   a raw HTTP request captured with `nc -l`
  trst-hooks verify --log                         every delivery listen logged
  trst-hooks sign event.json                      print the X-Webhook-Signature value
  trst-hooks check https://hooks.example.com/webhooks/trst   is this endpoint ready for TRST?
  trst-hooks webhooks list                        manage webhooks through the TRST API
  trst-hooks emulator                             TRST's webhook API and retries, locally

Exit codes: 0 ok, 1 check failed (invalid signature, non-2xx answer), 2 usage or setup error.
Colour: only on a terminal, never when NO_COLOR is set (or --color never).";

/// Top-level arguments.
#[derive(Debug, Parser)]
#[command(name = "trst-hooks", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    Listen(Box<cmd::listen::Args>),
    Send(Box<cmd::send::Args>),
    Verify(cmd::verify::Args),
    Sign(cmd::sign::Args),
    Check(cmd::check::Args),
    Webhooks(cmd::webhooks::Args),
    Emulator(cmd::emulator::Args),
    Config(cmd::config::Args),
    Completions(cmd::completions::Args),
}

impl Command {
    /// Run the chosen subcommand. Network subcommands start their own async runtime
    /// ([`cmd::block_on`]) so that the offline ones start as fast as a plain binary.
    pub fn run(self) -> anyhow::Result<crate::error::Code> {
        match self {
            Command::Sign(args) => cmd::sign::run(args),
            Command::Verify(args) => cmd::verify::run(args),
            Command::Listen(args) => cmd::listen::run(*args),
            Command::Check(args) => cmd::check::run(args),
            Command::Send(args) => cmd::send::run(*args),
            Command::Completions(args) => cmd::completions::run(args, &Cli::command()),
            Command::Webhooks(args) => cmd::webhooks::run(args),
            Command::Emulator(args) => cmd::emulator::run(args),
            Command::Config(args) => cmd::config::run(args),
        }
    }
}
