//! trst-hooks: test TRST webhooks from the terminal. The library holds everything; the binary
//! only calls [`main_entry`].
//!
//! Layers, each using only those below it: pure core → engines → output → cmd → cli → main. No
//! module below [`output`] imports [`output`], [`cmd`] or [`cli`], and only `main.rs` exits.
//! Two engine folders are named for what they are, not for their command: [`server`] is the
//! listener's HTTP engine behind `listen`, [`sender`] the request engine behind `send`.
//!
//! Pure core (no I/O, or I/O only at a small named edge):
//! - [`signature`]: HMAC-SHA256 signing and verification exactly as TRST does it.
//! - [`diagnosis`]: the integration mistake that explains a failed signature.
//! - [`verdict`]: verification plus diagnosis for one delivery (`verify` and `listen` agree).
//! - [`event`]: reading TRST's event envelope tolerantly.
//! - [`envelope_fields`]: the one envelope reader (bytes to fields, other values skipped).
//! - [`fixtures`]: the built-in event templates, rendered to the exact bytes TRST sends.
//! - [`delivery_log`]: the JSON Lines delivery log, written by `listen`, read by `verify`/`send`.
//! - [`http_dump`]: parsing a raw HTTP/1.1 request captured with `nc -l`.
//! - [`urlpolicy`]: where a URL points (loopback?) and what TRST refuses as a webhook URL.
//! - [`units`]: the one parser for durations and sizes on the command line.
//! - [`defaults`]: defaults that `listen`, `send` and the others must agree on.
//! - [`error`]: exit codes and [`error::UserError`] (cause plus hint).
//! - [`config`]: the config file, parsed strictly (targets and API profiles).
//! - [`destination`]: where `send` and `check` send, and which secret signs.
//! - [`secret`]: the masked secret type and where a secret comes from.
//! - [`environment`]: env vars, files and the hidden prompt behind one trait (fake in tests).
//! - [`token`]: per-run random secrets a request must present (inspector, health probe).
//! - [`trust`]: which working-directory config files the user has trusted.
//! - [`effective`]: the effective settings and their sources, for `config show`.
//! - [`paths`]: the config and data directories.
//! - [`private_file`]: files holding bodies or secrets, created 0600.
//! - [`clock`]: the one place that reads the wall clock or makes random ids.
//! - [`words`]: English for counts (the one plural rule).
//!
//! Engines (I/O, no printing):
//! - [`net`]: the shared HTTP client builder, failure classification and capped body reader.
//! - [`api`]: the TRST management API client (settings, retries, tolerant models).
//! - [`server`]: the listener's HTTP engine behind `listen` (verify, log, answer).
//! - [`inspector`]: the web inspector beside the listener (page, JSON API, store).
//! - [`sender`]: the request engine behind `send` (exact bytes, retries, load, curl).
//! - [`check`]: TRST's production checklist run against a live endpoint.
//! - [`emulator`]: TRST's management API and delivery engine, locally, on SQLite.
//! - [`log_check`]: re-verifying a whole delivery log and finding duplicates.
//!
//! Above them:
//! - [`output`]: all printing (human and JSON), colour, sanitising text from outside.
//! - [`cmd`]: one module per subcommand: parse, call the library, print.
//! - [`cli`]: the top-level command-line definition that assembles the subcommands.
//! - `main.rs`: calls [`main_entry`] and exits with its code.

pub mod api;
pub mod check;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod config;
pub mod defaults;
pub mod delivery_log;
pub mod destination;
pub mod diagnosis;
pub mod effective;
pub mod emulator;
pub mod envelope_fields;
pub mod environment;
pub mod error;
pub mod event;
pub mod fixtures;
pub mod http_dump;
pub mod inspector;
pub mod log_check;
pub mod net;
pub mod output;
pub mod paths;
pub mod private_file;
pub mod registration;
pub mod secret;
pub mod sender;
pub mod server;
pub mod signature;
pub mod token;
pub mod trust;
pub mod tunnel;
pub mod units;
pub mod urlpolicy;
pub mod verdict;
pub mod words;

use clap::Parser;

/// Parse the command line, run, and return the process exit code.
pub fn main_entry() -> i32 {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = err.print();
            return if err.use_stderr() {
                error::Code::Usage as i32
            } else {
                0
            };
        }
    };
    output::init_color(cli.color);
    let code = match cli.command.run() {
        Ok(code) => code,
        Err(err) => {
            let (code, message) = error::exit_for(&err);
            if let Some((cause, hint)) = message {
                output::error_line(&cause, hint.as_deref());
            }
            code
        }
    };
    code as i32
}
