//! Printing for `trst-hooks config`: the effective settings with their sources (human or one JSON
//! object, schema in `docs/schemas/config-show.schema.json`), and the trust/untrust results.
//! Secrets arrive here already masked.

use std::io::Write;

use serde::Serialize;

use crate::effective::{Effective, Setting};

/// `config show` for people: one line per setting, value then source.
pub fn show_human<W: Write>(out: &mut W, report: &Effective) -> std::io::Result<()> {
    match &report.config_file {
        Some(file) => {
            let note = match file.trust {
                "untrusted" => {
                    " (untrusted: only loopback targets and non-secret settings; `trst-hooks config trust` trusts it)"
                }
                "trusted" => " (trusted)",
                _ => " (user config)",
            };
            writeln!(out, "config file     {}{note}", file.path)?;
        }
        None => writeln!(out, "config file     none")?,
    }
    if let Some(store) = &report.trust_store {
        writeln!(out, "trust store     {store}")?;
    }
    writeln!(out)?;
    writeln!(out, "API (profile {})", report.profile)?;
    setting(out, "  base URL      ", &report.api_base)?;
    setting(out, "  project       ", &report.project)?;
    setting(out, "  API key       ", &report.api_key)?;
    setting(out, "webhook secret  ", &report.webhook_secret)?;
    if report.targets.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "targets")?;
    for target in &report.targets {
        let production = if target.production {
            " (production)"
        } else {
            ""
        };
        writeln!(out, "  {}  {}{production}", target.name, target.url)?;
        match &target.refused {
            Some(reason) => writeln!(out, "    refused: {reason}")?,
            None => setting(out, "    secret  ", &target.secret)?,
        }
    }
    Ok(())
}

fn setting<W: Write>(out: &mut W, label: &str, setting: &Setting) -> std::io::Result<()> {
    match (&setting.value, &setting.source, &setting.problem) {
        (Some(value), Some(source), _) => writeln!(out, "{label}{value}  (from {source})"),
        (Some(value), None, _) => writeln!(out, "{label}{value}"),
        (None, _, Some(problem)) => writeln!(out, "{label}- ({problem})"),
        (None, _, None) => writeln!(out, "{label}-"),
    }
}

/// `config show --json`: the report as one JSON object.
pub fn show_json<W: Write>(out: &mut W, report: &Effective) -> std::io::Result<()> {
    json(out, report)
}

/// The result of `config trust` / `config untrust`.
#[derive(Debug, Clone, Serialize)]
pub struct TrustChange {
    pub path: String,
    /// Whether the file is trusted now.
    pub trusted: bool,
    /// The SHA-256 of the content trusted (`config trust` only).
    pub sha256: Option<String>,
    /// `config untrust`: whether there was anything to remove.
    pub was_trusted: bool,
}

/// Print a trust change: one JSON object, or a sentence.
pub fn trust_change<W: Write>(
    out: &mut W,
    change: &TrustChange,
    as_json: bool,
) -> std::io::Result<()> {
    if as_json {
        return json(out, change);
    }
    match (&change.sha256, change.trusted, change.was_trusted) {
        (Some(sha), true, _) => writeln!(
            out,
            "trusted {} (sha256 {}…); it is untrusted again if its content changes",
            change.path,
            sha.get(..12).unwrap_or(sha)
        ),
        (_, false, true) => writeln!(out, "untrusted {}", change.path),
        _ => writeln!(out, "{} was not trusted; nothing to do", change.path),
    }
}

fn json<W: Write, T: Serialize>(out: &mut W, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::other)?;
    writeln!(out)
}
