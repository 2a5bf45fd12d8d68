//! How a `check` report looks: a checklist table for people (reason and fix under each non-pass,
//! every request and answer with `-v`), or one stable JSON object for scripts.

use std::io::Write;

use colored::Colorize;
use serde::Serialize;

use super::sanitize::{one_line, squeeze};
use super::{dim, json_line, line, mark};
use crate::check::checks::CheckId;
use crate::check::report::{
    CheckResult, Exchange, LeakFinding, ProbeFailure, ProbeOutcome, Report, Status, Summary,
    Unreachable,
};

/// Width of the id column (the longest id is `envelope-shapes`).
const ID_WIDTH: usize = 17;
/// Indent of the lines under a check row: mark, status word and id column.
const INDENT: &str = "                         ";

fn status_cell(status: Status) -> String {
    match status {
        Status::Pass => format!("{} {}", mark(true), "pass".green().bold()),
        Status::Warn => format!("{} {}", "!".yellow().bold(), "warn".yellow().bold()),
        Status::Fail => format!("{} {}", mark(false), "fail".red().bold()),
        Status::Skip => format!("{} {}", "-".dimmed(), "skip".dimmed()),
    }
}

/// The human report: a header, one block per check, and the summary line.
pub fn human<W: Write>(out: &mut W, report: &Report, verbose: bool) -> std::io::Result<()> {
    line(out, format!("Checking {}", one_line(&report.url).bold()))?;
    line(
        out,
        dim(&format!(
            "  events signed with {}, marked project_id {}",
            one_line(&report.secret),
            one_line(&report.project_id)
        )),
    )?;
    line(out, "")?;
    if let Some(unreachable) = &report.unreachable {
        line(
            out,
            format!(
                "{} could not reach the endpoint: {}",
                mark(false),
                one_line(&unreachable.reason)
            ),
        )?;
        line(
            out,
            format!("  {} {}", "fix:".cyan(), one_line(&unreachable.fix)),
        )?;
        line(out, "")?;
        let judged: Vec<&CheckResult> = report
            .results
            .iter()
            .filter(|r| r.status != Status::Skip)
            .collect();
        let mut fixes_shown = Vec::new();
        for result in &judged {
            let earlier = earlier_fix(&mut fixes_shown, result);
            check_block(out, result, verbose, earlier)?;
        }
        let not_run = report.results.len() - judged.len();
        if not_run > 0 {
            let noun = super::plural(not_run, "check", "checks");
            line(out, dim(&format!("  {not_run} {noun} not run")))?;
        }
    } else {
        let mut fixes_shown = Vec::new();
        for result in &report.results {
            let earlier = earlier_fix(&mut fixes_shown, result);
            check_block(out, result, verbose, earlier)?;
        }
    }
    line(out, "")?;
    line(
        out,
        summary_line(&report.summary, report.unreachable.is_some()),
    )?;
    if !report.not_selected.is_empty() {
        let ids: Vec<&str> = report.not_selected.iter().map(|id| id.id()).collect();
        line(
            out,
            dim(&format!(
                "  not run: {} (left out by --only/--skip); run every check, without --only and --skip, to know whether the endpoint is ready for TRST",
                ids.join(", ")
            )),
        )?;
    }
    Ok(())
}

/// The earlier check whose fix line is the same as `result`'s, if one was shown; otherwise
/// remember this one. A fix shown once is not repeated under every check it explains.
fn earlier_fix<'a>(
    shown: &mut Vec<(&'a str, CheckId)>,
    result: &'a CheckResult,
) -> Option<CheckId> {
    let fix = result.fix.as_deref()?;
    if let Some((_, id)) = shown.iter().find(|(seen, _)| *seen == fix) {
        return Some(*id);
    }
    shown.push((fix, result.id));
    None
}

fn check_block<W: Write>(
    out: &mut W,
    result: &CheckResult,
    verbose: bool,
    fix_shown_by: Option<CheckId>,
) -> std::io::Result<()> {
    line(
        out,
        format!(
            "{}  {:<ID_WIDTH$}{}",
            status_cell(result.status),
            result.id.id(),
            result.id.title()
        ),
    )?;
    let pass = result.status == Status::Pass;
    let reason = one_line(&result.reason);
    if pass {
        line(out, format!("{INDENT}{}", dim(&reason)))?;
    } else {
        line(out, format!("{INDENT}{reason}"))?;
    }
    for note in &result.notes {
        let text = format!("· {}", one_line(note));
        line(
            out,
            format!("{INDENT}{}", if pass { dim(&text) } else { text }),
        )?;
    }
    match (&result.fix, result.status) {
        (Some(next), Status::Skip) => line(
            out,
            format!("{INDENT}{}", dim(&format!("note: {}", one_line(next)))),
        )?,
        (Some(_), _) if let Some(id) = fix_shown_by => line(
            out,
            format!("{INDENT}{} same as for {} above", "fix:".cyan(), id.id()),
        )?,
        (Some(fix), _) => line(out, format!("{INDENT}{} {}", "fix:".cyan(), one_line(fix)))?,
        (None, _) => {}
    }
    if verbose {
        for exchange in &result.exchanges {
            exchange_lines(out, exchange)?;
        }
    }
    Ok(())
}

fn exchange_lines<W: Write>(out: &mut W, exchange: &Exchange) -> std::io::Result<()> {
    let sent = &exchange.sent;
    let signature = match &sent.signature {
        Some(s) => shorten(&one_line(s), 24),
        None => "(no signature)".into(),
    };
    line(
        out,
        format!(
            "{INDENT}  {} {} {}  {}  {}",
            "→".cyan(),
            sent.method,
            one_line(&sent.label),
            dim(&format!(
                "event_id {}",
                one_line(sent.event_id.as_deref().unwrap_or("-"))
            )),
            dim(&format!("X-Webhook-Signature: {signature}")),
        ),
    )?;
    line(
        out,
        format!(
            "{INDENT}    {}",
            dim(&shorten(
                &one_line(&String::from_utf8_lossy(&sent.body)),
                160
            ))
        ),
    )?;
    let answer = match &exchange.outcome {
        ProbeOutcome::Answered(a) => {
            let body = squeeze(&a.body);
            let body = one_line(&body);
            let body = if body.is_empty() {
                dim("(empty body)")
            } else {
                dim(&shorten(&body, 160))
            };
            format!(
                "{} in {}  {body}",
                super::status_code(a.status),
                super::duration::human(a.elapsed)
            )
        }
        _ => one_line(&exchange.short_outcome()).red().to_string(),
    };
    line(out, format!("{INDENT}  {} {answer}", "←".cyan()))
}

fn summary_line(summary: &Summary, unreachable: bool) -> String {
    let mut parts = Vec::new();
    if summary.failed > 0 {
        parts.push(
            format!("{} failed", summary.failed)
                .red()
                .bold()
                .to_string(),
        );
    }
    if summary.warned > 0 {
        let word = super::plural(summary.warned, "warning", "warnings");
        parts.push(format!("{} {word}", summary.warned).yellow().to_string());
    }
    parts.push(format!("{} passed", summary.passed));
    if summary.skipped > 0 {
        parts.push(format!("{} skipped", summary.skipped));
    }
    let verdict = if unreachable {
        "not checked: endpoint unreachable".red().bold().to_string()
    } else if summary.ok && !summary.complete {
        "partial run, no readiness verdict".bold().to_string()
    } else if summary.ok {
        "ready for TRST".green().bold().to_string()
    } else {
        "not ready for TRST".red().bold().to_string()
    };
    let strict = if summary.strict && summary.warned > 0 {
        dim(" (--strict: warnings fail)")
    } else {
        String::new()
    };
    format!(
        "{} {verdict}: {}{strict}",
        mark(summary.ok),
        parts.join(", ")
    )
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

#[derive(Serialize)]
struct ReportJson<'a> {
    url: &'a str,
    loopback: bool,
    project_id: &'a str,
    secret: &'a str,
    unreachable: Option<&'a Unreachable>,
    checks: Vec<CheckJson<'a>>,
    /// Ids of the checks `--only`/`--skip` left out.
    not_selected: Vec<&'static str>,
    summary: &'a Summary,
}

#[derive(Serialize)]
struct CheckJson<'a> {
    id: &'static str,
    title: &'static str,
    status: Status,
    reason: &'a str,
    fix: Option<&'a str>,
    notes: &'a [String],
    leaks: &'a [LeakFinding],
    requests: Vec<RequestJson<'a>>,
}

#[derive(Serialize)]
struct RequestJson<'a> {
    label: &'a str,
    method: &'static str,
    url: &'a str,
    event_id: Option<&'a str>,
    event_type: Option<&'a str>,
    signature: Option<&'a str>,
    body_bytes: usize,
    /// `answered`, `timeout` or `error`.
    outcome: &'static str,
    status: Option<u16>,
    elapsed_ms: Option<u128>,
    location: Option<&'a str>,
    answer_excerpt: Option<String>,
    error_kind: Option<ProbeFailure>,
    error: Option<String>,
}

fn request_json(exchange: &Exchange) -> RequestJson<'_> {
    let sent = &exchange.sent;
    let mut json = RequestJson {
        label: &sent.label,
        method: sent.method,
        url: &sent.url,
        event_id: sent.event_id.as_deref(),
        event_type: sent.event_type.as_deref(),
        signature: sent.signature.as_deref(),
        body_bytes: sent.body.len(),
        outcome: "answered",
        status: None,
        elapsed_ms: None,
        location: None,
        answer_excerpt: None,
        error_kind: None,
        error: None,
    };
    match &exchange.outcome {
        ProbeOutcome::Answered(a) => {
            json.status = Some(a.status);
            json.elapsed_ms = Some(a.elapsed.as_millis());
            json.location = a.location.as_deref();
            json.answer_excerpt = Some(shorten(&a.body, 500));
        }
        ProbeOutcome::TimedOut { .. } => {
            json.outcome = "timeout";
            json.error = Some(exchange.short_outcome());
        }
        ProbeOutcome::Failed { kind, reason } => {
            json.outcome = "error";
            json.error_kind = Some(*kind);
            json.error = Some(reason.clone());
        }
    }
    json
}

/// The whole report as one JSON object on one line.
pub fn json<W: Write>(out: &mut W, report: &Report) -> std::io::Result<()> {
    json_line(
        out,
        &ReportJson {
            url: &report.url,
            loopback: report.loopback,
            project_id: &report.project_id,
            secret: &report.secret,
            unreachable: report.unreachable.as_ref(),
            checks: report
                .results
                .iter()
                .map(|r| CheckJson {
                    id: r.id.id(),
                    title: r.id.title(),
                    status: r.status,
                    reason: &r.reason,
                    fix: r.fix.as_deref(),
                    notes: &r.notes,
                    leaks: &r.leaks,
                    requests: r.exchanges.iter().map(request_json).collect(),
                })
                .collect(),
            not_selected: report.not_selected.iter().map(|id| id.id()).collect(),
            summary: &report.summary,
        },
    )
}
