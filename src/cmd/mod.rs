//! One module per subcommand. Each parses its arguments, calls the core, and hands results to
//! `output`; shared edge helpers (reading input, resolving secrets, the runtime) live here.

pub mod check;
pub mod completions;
pub mod config;
pub mod confirm;
pub mod emulator;
pub mod listen;
pub mod listen_register;
pub mod listen_run;
mod listen_setup;
pub mod listen_ui;
pub mod prelude;
pub mod send;
pub mod shutdown;
pub mod sign;
pub mod suggest;
pub mod target;
pub mod verify;
pub mod webhooks;

use std::io::{IsTerminal, Read};
use std::path::Path;

use crate::cmd::prelude::SecretArgs;
use crate::environment::System;
use crate::error::UserError;
use crate::net::io_reason;
use crate::output;
use crate::secret::{self, Context, Sourced};

/// Read a whole input: a file, or stdin for `-`.
pub fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path == Path::new("-") {
        if std::io::stdin().is_terminal() {
            return Err(
                UserError::usage("reading from stdin (-), but stdin is a terminal")
                    .hint("pipe the input in, or give a file path")
                    .into(),
            );
        }
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| UserError::usage(format!("cannot read stdin: {e}")))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| unreadable(path, &e))
}

/// The usage error for an input file that cannot be read.
fn unreadable(path: &Path, e: &std::io::Error) -> anyhow::Error {
    UserError::usage(format!("cannot read {}: {}", path.display(), io_reason(e)))
        .hint("check the path; use - to read from stdin")
        .into()
}

/// Open an input (a file, or stdin for `-`) and hand it to `process` as a reader, so a log of
/// any size is streamed rather than loaded; read errors become usage errors naming the path.
pub fn read_log<T>(
    path: &Path,
    process: impl FnOnce(Box<dyn Read + Send>) -> std::io::Result<T>,
) -> anyhow::Result<T> {
    let reader: Box<dyn Read + Send> = if path == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| unreadable(path, &e))?)
    };
    process(reader).map_err(|e| unreadable(path, &e))
}

/// Resolve the secrets for a command, printing the `--secret` warning and the local-default
/// notice on stderr; a missing secret becomes a usage error with a hint.
pub fn resolve_secrets(args: &SecretArgs, loopback: bool) -> anyhow::Result<Vec<Sourced>> {
    resolve_request(&args.request(), loopback)
}

/// [`resolve_secrets`] for a request built elsewhere (e.g. from a config target).
pub fn resolve_request(
    request: &secret::SecretChoices,
    loopback: bool,
) -> anyhow::Result<Vec<Sourced>> {
    let context = Context {
        loopback,
        interactive: confirm::interactive(),
    };
    if !request.values.is_empty() {
        output::warn(
            "a secret given with --secret lands in your shell history; prefer --secret-file or --secret-env",
        );
    }
    let found = secret::resolve(request, context, &System).map_err(|e| {
        let hint = match e {
            secret::SecretError::NoneGiven if !loopback => format!(
                "{}; the development secret is only used by itself on loopback (127.0.0.1, ::1, \
                 localhost), because it is published and anyone could forge with it",
                secret::HOW_TO_GIVE_A_SECRET
            ),
            secret::SecretError::NoneGiven | secret::SecretError::EnvNotSet(_) => {
                secret::HOW_TO_GIVE_A_SECRET.to_owned()
            }
            secret::SecretError::Empty(_) => "give a non-empty secret".to_owned(),
            secret::SecretError::UnreadableFile { .. } => {
                "check the path given to --secret-file".to_owned()
            }
        };
        UserError::usage(e.to_string()).hint(hint)
    })?;
    if found
        .iter()
        .any(|s| s.origin == secret::Origin::LocalDefault)
        && !request.dev_secret
    {
        output::status(&format!(
            "note: no secret configured; using the local development secret {} (loopback only)",
            secret::Secret::new(secret::LOCAL_DEV_SECRET).masked()
        ));
    }
    Ok(found)
}

/// Run an async subcommand on a fresh multi-threaded runtime.
pub fn block_on<F: std::future::Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| UserError::usage(format!("cannot start the async runtime: {e}")))?;
    Ok(runtime.block_on(future))
}
