//! trst-hooks: test TRST webhooks from the terminal. The library holds everything; the binary
//! only parses arguments and maps errors to exit codes.
//!
//! Pure core: [`signature`], [`diagnosis`], [`verdict`], [`event`], [`fixtures`],
//! [`delivery_log`], [`log_check`], [`http_dump`], [`urlpolicy`], [`config`] (parsing).
//! Edges: [`cmd`] (one module per subcommand), [`output`] (all printing), [`secret`] (sources),
//! [`environment`] (env vars, files, prompt), [`trust`] (which working-directory config files the
//! user trusts), [`effective`] (settings with their sources), [`paths`], [`clock`].

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
pub mod secret;
pub mod sender;
pub mod server;
pub mod signature;
pub mod trust;
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
        Err(err) => error::report(&err),
    };
    code as i32
}
