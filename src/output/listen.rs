//! How `listen` shows deliveries: a block per delivery for people (aligned labels, the event id
//! prominent, the diagnosis under a failed signature, the body as coloured JSON, folded unless
//! `--full`), or one JSON object per request for scripts. Renderers are pure (they return text)
//! so tests can read exactly what a person sees.

mod json;
pub mod summary;

pub use json::render_json;

use std::fmt::Write as _;

use colored::Colorize;

use super::{dim, json_view, mark, status_code};
use crate::defaults::SLOW_ANSWER_MS;
use crate::server::delivery::{AnswerReason, Delivery, Kind, Logged, Received, Rejection};
use crate::server::exec::{ExecOutcome, Exit};
use crate::server::forward::{ForwardError, ForwardOutcome};

/// Lines of body shown before folding (unless `--full`).
pub const FOLD_LINES: usize = 40;

const LABEL_WIDTH: usize = 11;
const INDENT: &str = "    ";

/// How deliveries are shown to a person.
pub struct HumanView {
    /// Show whole bodies.
    pub full: bool,
    /// "whsec_ab… from $TRST_WEBHOOK_SECRET" per secret, by index.
    pub secrets: Vec<String>,
}

/// The human block for one request, ending with a blank line.
pub fn render_human(d: &Delivery, view: &HumanView) -> String {
    let mut out = String::new();
    let time = d.received_at.get(11..).unwrap_or(&d.received_at);
    let head = format!("{}  {}", dim(&format!("#{}", d.seq)), dim(time));
    let request = format!("{} {}", d.method, d.path).bold();
    match &d.kind {
        Kind::Rejected(why) => {
            let _ = writeln!(
                out,
                "{head}  {request}  → {}  {}",
                status_line(d.status),
                dim(&rejection_text(why))
            );
        }
        Kind::Received(r) => {
            let from = d
                .remote
                .map(|a| dim(&format!("from {a}")))
                .unwrap_or_default();
            let _ = writeln!(out, "{head}  {request}  {from}");
            received(&mut out, d, r, view);
        }
    }
    out.push('\n');
    out
}

fn received(out: &mut String, d: &Delivery, r: &Received, view: &HumanView) {
    let event_type = match (&r.event_type, &r.json) {
        (Some(t), _) => t.cyan().bold().to_string(),
        (None, Ok(())) => dim("(no event_type)"),
        (None, Err(_)) => dim("(not a JSON event)"),
    };
    row(out, "event", &event_type);
    let id = match &r.event_id {
        Some(id) => id.bold().to_string(),
        None => dim("(no event_id)"),
    };
    let duplicate = match r.seen_before {
        0 => String::new(),
        1 => format!("  {}", "duplicate: delivered once before".yellow()),
        n => format!(
            "  {}",
            format!("duplicate: delivered {n} times before").yellow()
        ),
    };
    row(out, "event_id", &format!("{id}{duplicate}"));
    signature(out, r, view);
    if let Err(e) = &r.json {
        row(out, "body", &format!("{} {e}", mark(false)));
    }
    if let Some(forward) = &r.forward {
        forward_rows(out, forward);
    }
    answer(out, d, r);
    if let Some(exec) = &r.exec {
        exec_rows(out, exec);
    }
    body(out, r, view.full);
}

fn signature(out: &mut String, r: &Received, view: &HumanView) {
    match &r.verdict.outcome {
        Ok(index) => {
            let which = view.secrets.get(*index).cloned().unwrap_or_default();
            let which = if view.secrets.len() > 1 {
                format!("secret #{} {which}", index + 1)
            } else {
                which
            };
            row(
                out,
                "signature",
                &format!("{} valid  {}", mark(true), dim(&which)),
            );
        }
        Err(e) => {
            let text = format!("{} {}: {e}", mark(false), "invalid".red().bold());
            row(out, "signature", &text);
            let pad = " ".repeat(LABEL_WIDTH);
            if matches!(
                e,
                crate::signature::SignatureError::Missing
                    | crate::signature::SignatureError::Repeated
            ) {
                return;
            }
            if r.verdict.diagnosis.is_empty() {
                let cause = crate::verdict::NO_KNOWN_MISTAKE;
                let _ = writeln!(out, "{INDENT}{pad}{} {cause}", "cause:".yellow());
            }
            for mistake in &r.verdict.diagnosis {
                let cause = mistake.explanation();
                let _ = writeln!(out, "{INDENT}{pad}{} {cause}", "cause:".yellow());
                let _ = writeln!(out, "{INDENT}{pad}{}   {}", "fix:".cyan(), mistake.hint());
            }
        }
    }
}

fn answer(out: &mut String, d: &Delivery, r: &Received) {
    let ms = d.latency.as_secs_f64() * 1e3;
    let mut parts = vec![status_line(d.status), dim(&format!("{ms:.1} ms"))];
    if d.latency.as_millis() >= u128::from(SLOW_ANSWER_MS) {
        parts.push("slow: TRST wants an answer within 1 s".yellow().to_string());
    }
    match &r.reason {
        AnswerReason::FailFirst { attempt, of } => parts.push(
            format!("simulated failure {attempt} of {of} (--fail-first)")
                .yellow()
                .to_string(),
        ),
        AnswerReason::StatusFlag => parts.push(dim("(--status)")),
        AnswerReason::LogFailed(e) => parts.push(
            format!("NOT LOGGED: {e}; the sender will retry")
                .red()
                .bold()
                .to_string(),
        ),
        _ => {}
    }
    match &r.logged {
        Logged::Yes => parts.push(dim("logged")),
        Logged::Disabled => parts.push(dim("not logged (--no-log)")),
        Logged::Failed(_) => {}
    }
    row(out, "answer", &parts.join(&dim(" · ")));
}

fn forward_rows(out: &mut String, f: &ForwardOutcome) {
    let ms = f.latency.as_secs_f64() * 1e3;
    match &f.result {
        Ok(app) => {
            let text = format!(
                "→ {}  {}  {}",
                f.url,
                status_line(app.status),
                dim(&format!("{ms:.1} ms"))
            );
            row(out, "forward", &text);
            let body = String::from_utf8_lossy(&app.body);
            let pad = " ".repeat(LABEL_WIDTH);
            for line in body.lines().take(5) {
                let _ = writeln!(out, "{INDENT}{pad}{}", dim(line));
            }
            if app.truncated || body.lines().count() > 5 {
                let _ = writeln!(out, "{INDENT}{pad}{}", dim("…"));
            }
        }
        Err(e) => {
            let what = match e {
                ForwardError::Unreachable { .. } => "answered 502",
                ForwardError::TimedOut(_) => "answered 504",
            };
            let text = format!("{} {e} {}", mark(false), dim(&format!("({what})")));
            row(out, "forward", &text);
        }
    }
}

fn exec_rows(out: &mut String, e: &ExecOutcome) {
    let ms = e.duration.as_secs_f64() * 1e3;
    let (ok, how, output) = match &e.result {
        Ok(Exit::Code {
            code,
            stdout,
            stderr,
        }) => (
            *code == 0,
            format!("exit {code}"),
            format!("{stdout}{stderr}"),
        ),
        Ok(Exit::Signal(signal)) => (false, format!("killed by signal {signal}"), String::new()),
        Ok(Exit::TimedOut(secs)) => (false, format!("killed after {secs} s"), String::new()),
        Err(reason) => (false, reason.clone(), String::new()),
    };
    let text = format!(
        "{} {}  {}  {}",
        mark(ok),
        e.command,
        how,
        dim(&format!("{ms:.1} ms"))
    );
    row(out, "exec", &text);
    let pad = " ".repeat(LABEL_WIDTH);
    let lines: Vec<&str> = output.lines().collect();
    for line in &lines[lines.len().saturating_sub(5)..] {
        let _ = writeln!(out, "{INDENT}{pad}{}", dim(&format!("| {line}")));
    }
}

fn body(out: &mut String, r: &Received, full: bool) {
    let max = (!full).then_some(FOLD_LINES);
    let text = match serde_json::from_slice::<serde_json::Value>(&r.body) {
        Ok(value) => json_view::render_folded(&value, max),
        Err(_) => match std::str::from_utf8(&r.body) {
            Ok("") => dim("(empty body)"),
            Ok(text) => json_view::fold(text, max),
            Err(_) => dim(&format!(
                "({} bytes, not UTF-8; the log keeps them as base64)",
                r.body.len()
            )),
        },
    };
    for line in text.lines() {
        let _ = writeln!(out, "{INDENT}{line}");
    }
}

fn row(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(
        out,
        "{INDENT}{}{value}",
        dim(&format!("{label:<LABEL_WIDTH$}"))
    );
}

/// `200 OK`, coloured by class.
fn status_line(status: u16) -> String {
    let reason = axum::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("{} {}", status_code(status), reason)
}

pub(crate) fn rejection_text(why: &Rejection) -> String {
    match why {
        Rejection::WrongPath { expected } => {
            format!("deliveries go to {expected} (--any-path accepts every path)")
        }
        Rejection::WrongMethod => "webhooks are POSTed".into(),
        Rejection::TooLarge { limit, declared } => match declared {
            Some(size) => format!("body of {size} bytes is over --max-body {limit}"),
            None => format!("body grew past --max-body {limit} bytes"),
        },
        Rejection::CutOff { received, reason } => {
            format!("body cut off after {received} bytes ({reason}); not logged")
        }
        Rejection::Stalled { received } => {
            format!("client stopped sending after {received} bytes; not logged")
        }
        Rejection::TooSlow { received, deadline } => format!(
            "body not complete after {} (--body-timeout), {received} bytes received; not logged",
            humantime::format_duration(*deadline)
        ),
    }
}

/// Writes deliveries to stdout, batching lines while more are waiting (the caller flushes).
pub struct Printer {
    json: bool,
    view: HumanView,
    out: std::io::BufWriter<std::io::Stdout>,
    scratch: Vec<u8>,
}

impl Printer {
    /// A printer for `--json` lines or for people.
    pub fn new(json: bool, view: HumanView) -> Self {
        Printer {
            json,
            view,
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            scratch: Vec::new(),
        }
    }

    /// Print one request (buffered).
    pub fn delivery(&mut self, d: &Delivery) -> std::io::Result<()> {
        use std::io::Write;
        if self.json {
            self.scratch.clear();
            render_json(d, &mut self.scratch).map_err(std::io::Error::other)?;
            self.out.write_all(&self.scratch)
        } else {
            self.out.write_all(render_human(d, &self.view).as_bytes())
        }
    }

    /// Print the closing summary and flush.
    pub fn summary(
        &mut self,
        stats: &crate::server::stats::Stats,
        stopped: summary::StopReason,
        expect: Option<u64>,
    ) -> std::io::Result<()> {
        use std::io::Write;
        if self.json {
            writeln!(self.out, "{}", summary::render_json(stats, stopped, expect))?;
        } else {
            write!(
                self.out,
                "{}",
                summary::render_human(stats, stopped, expect)
            )?;
        }
        self.flush()
    }

    /// Push everything printed so far to stdout.
    pub fn flush(&mut self) -> std::io::Result<()> {
        use std::io::Write;
        self.out.flush()
    }
}
