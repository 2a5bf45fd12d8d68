//! What `listen` reads and decides before it binds: the secrets to verify with (without
//! `--register`), the delivery log (opened, repaired, loaded for duplicate detection) and the
//! banner's notes on answers the flags change.

use std::io::BufReader;

use super::listen::Args;
use crate::error::UserError;
use crate::secret::Secret;
use crate::server::dedup::Dedup;
use crate::server::log_writer::{self, LogWriter, OpenError};
use crate::{output, paths};

/// The secrets of a listener without `--register`: the flags', else the development one (with a
/// warning off loopback).
pub(super) fn local_secrets(args: &Args, loopback: bool) -> anyhow::Result<Vec<(String, Secret)>> {
    let secrets = super::resolve_secrets(&args.secrets, loopback)?;
    let dev_secret = secrets
        .iter()
        .any(|s| s.secret.expose() == crate::secret::LOCAL_DEV_SECRET);
    if dev_secret && !loopback {
        output::warn(&format!(
            "listening on {} with the local development secret, which is published: anyone who \
             can reach this address can forge deliveries that verify. Use it on 127.0.0.1 only, \
             or give the webhook's real secret (--secret-env NAME or --secret-file PATH)",
            args.host
        ));
    }
    Ok(secrets
        .into_iter()
        .map(|s| (s.describe(), s.secret))
        .collect())
}

pub(super) fn open_log(args: &Args) -> anyhow::Result<(Option<LogWriter>, Dedup, String)> {
    if args.no_log {
        return Ok((None, Dedup::default(), "off (--no-log)".into()));
    }
    let Some(path) = args.log.clone().or_else(paths::default_log) else {
        return Err(
            UserError::usage("no home directory to put the delivery log in")
                .hint("give a log path with --log PATH, or --no-log")
                .into(),
        );
    };
    let (writer, repair) = log_writer::open(&path, args.fsync).map_err(|e| match e {
        OpenError::InUse(_) => UserError::usage(e.to_string())
            .hint("give this listener its own log with --log PATH, or --no-log"),
        OpenError::Io { .. } => {
            UserError::usage(e.to_string()).hint("choose a writable path with --log PATH")
        }
    })?;
    if let Some(repair) = repair {
        output::warn(&format!(
            "the log ended in a torn line ({} bytes, left by a crash during a write; never acknowledged): moved to {}",
            repair.bytes,
            repair.moved_to.display()
        ));
    }
    if let Some(mode) = writer.wider_mode() {
        output::warn(&format!(
            "the log {} is readable by others (mode {mode:04o}) and holds every body and header: chmod 600 it",
            path.display()
        ));
    }
    let file = std::fs::File::open(&path).map_err(|e| {
        UserError::usage(format!(
            "cannot read the log {}: {}",
            path.display(),
            crate::net::io_reason(&e)
        ))
    })?;
    let (dedup, report) = Dedup::load(BufReader::new(file)).map_err(|e| {
        UserError::usage(format!(
            "cannot read the log {}: {}",
            path.display(),
            crate::net::io_reason(&e)
        ))
    })?;
    if report.unreadable_lines > 0 {
        output::warn(&format!(
            "{} lines of {} are not delivery records; `trst-hooks verify --log` shows which",
            report.unreadable_lines,
            path.display()
        ));
    }
    let fsync = if args.fsync { " · fsync" } else { "" };
    let text = match report.deliveries {
        0 => format!("{}{fsync}", path.display()),
        n => format!(
            "{}{fsync} · {n} deliveries already ({} event ids, for duplicate detection)",
            path.display(),
            report.event_ids
        ),
    };
    Ok((Some(writer), dedup, text))
}

pub(super) fn answer_notes(args: &Args) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(url) = &args.forward_to {
        notes.push(format!("forward to {url} (its answer is relayed)"));
    }
    if let Some(code) = args.status {
        notes.push(format!("{code} to valid deliveries (--status)"));
    }
    if args.fail_first > 0 {
        notes.push(format!(
            "500 to the first {} of each event (--fail-first)",
            args.fail_first
        ));
    }
    if let Some(delay) = args.delay {
        notes.push(format!("after {} ms (--delay)", delay.as_millis()));
    }
    if args.max_body != 1024 * 1024 {
        notes.push(format!("413 above {} bytes", args.max_body));
    }
    if args.any_path {
        notes.push("any path (--any-path)".into());
    }
    if let Some(command) = &args.exec {
        notes.push(format!("exec `{command}` per verified delivery"));
    }
    notes
}
