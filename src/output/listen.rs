//! How `listen` shows deliveries: a block per delivery for people (aligned labels, the event id
//! prominent, the diagnosis under a failed signature, the body as coloured JSON, folded unless
//! `--full`), or one JSON object per request for scripts. Renderers are pure (they return text)
//! so tests can read exactly what a person sees.

mod compact;
mod json;
pub mod summary;

pub use compact::{COMPACT_ABOVE, render_compact};

pub use json::render_json;

use std::fmt::Write as _;

use colored::Colorize;

use super::sanitize::{bytes_multi_line, multi_line, one_line};
use super::{dim, duration, json_view, mark, status_code};
use crate::defaults::SLOW_ANSWER_MS;
use crate::server::delivery::{AnswerReason, HandledRequest, Kind, Logged, Received, Rejection};
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
    /// One line per delivery ([`render_compact`]); turned on by itself past [`COMPACT_ABOVE`]/s.
    pub compact: bool,
}

/// The human block for one request, ending with a blank line.
pub fn render_human(d: &HandledRequest, view: &HumanView) -> String {
    let mut out = String::new();
    let time = d.received_at.get(11..).unwrap_or(&d.received_at);
    let head = format!("{}  {}", dim(&format!("#{}", d.seq)), dim(time));
    let request = format!("{} {}", one_line(&d.method), one_line(&d.path)).bold();
    match &d.kind {
        Kind::Rejected(why) => {
            let _ = writeln!(
                out,
                "{head}  {request}  → {}  {}",
                status_line(d.status),
                dim(&one_line(&rejection_text(why)))
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

fn received(out: &mut String, d: &HandledRequest, r: &Received, view: &HumanView) {
    let event_type = match (&r.event_type, &r.json) {
        (Some(t), _) => one_line(t).cyan().bold().to_string(),
        (None, Ok(())) => dim("(no event_type)"),
        (None, Err(_)) => dim("(not a JSON event)"),
    };
    row(out, "event", &event_type);
    let id = match &r.event_id {
        Some(id) => one_line(id).bold().to_string(),
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
        row(
            out,
            "body",
            &format!("{} {}", mark(false), one_line(&e.to_string())),
        );
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
            let which = view.secrets.get(*index).map_or("", String::as_str);
            let which = one_line(which).into_owned();
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
            let text = format!(
                "{} {}: {}",
                mark(false),
                "invalid".red().bold(),
                one_line(&e.to_string())
            );
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

fn answer(out: &mut String, d: &HandledRequest, r: &Received) {
    let mut parts = vec![status_line(d.status), dim(&duration::human(d.latency))];
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
            format!("NOT LOGGED: {}; the sender will retry", one_line(e))
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
    match &f.result {
        Ok(app) => {
            let text = format!(
                "→ {}  {}  {}",
                one_line(&f.url),
                status_line(app.status),
                dim(&duration::human(f.latency))
            );
            row(out, "forward", &text);
            let body = bytes_multi_line(&app.body);
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
            let text = format!(
                "{} {} {}",
                mark(false),
                one_line(&e.to_string()),
                dim(&format!("({what})"))
            );
            row(out, "forward", &text);
        }
    }
}

fn exec_rows(out: &mut String, e: &ExecOutcome) {
    let (ok, how, output) = match &e.result {
        Ok(Exit::Code {
            code,
            stdout,
            stderr,
        }) => (
            *code == 0,
            format!("exit {code}"),
            multi_line(&format!("{stdout}{stderr}")).into_owned(),
        ),
        Ok(Exit::Signal(signal)) => (false, format!("killed by signal {signal}"), String::new()),
        Ok(Exit::TimedOut(secs)) => (false, format!("killed after {secs} s"), String::new()),
        Err(reason) => (false, one_line(reason).into_owned(), String::new()),
    };
    let text = format!(
        "{} {}  {}  {}",
        mark(ok),
        one_line(&e.command),
        how,
        dim(&duration::human(e.duration))
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
            Ok(text) => json_view::fold(&multi_line(text), max),
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
            super::duration::human(*deadline)
        ),
    }
}

/// Writes deliveries (to stdout unless told otherwise), batching lines while more are waiting
/// (the caller flushes).
pub struct Printer<W: std::io::Write = std::io::BufWriter<std::io::Stdout>> {
    json: bool,
    view: HumanView,
    out: W,
    scratch: Vec<u8>,
    rate: compact::RateWatch,
}

impl Printer {
    /// A printer to stdout for `--json` lines or for people.
    pub fn new(json: bool, view: HumanView) -> Self {
        let out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout());
        Printer::to(out, json, view)
    }
}

impl<W: std::io::Write> Printer<W> {
    /// A printer to `out` (tests pass a `Vec<u8>`).
    pub fn to(out: W, json: bool, view: HumanView) -> Self {
        Printer {
            json,
            view,
            out,
            scratch: Vec::new(),
            rate: compact::RateWatch::default(),
        }
    }

    /// What was written, for a printer over a buffer.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// Print one request (buffered).
    pub fn delivery(&mut self, d: &HandledRequest) -> std::io::Result<()> {
        if self.json {
            self.scratch.clear();
            render_json(d, &mut self.scratch).map_err(std::io::Error::other)?;
            self.out.write_all(&self.scratch)
        } else {
            if !self.view.compact && self.rate.too_fast(std::time::Instant::now()) {
                self.view.compact = true;
                super::status(&format!(
                    "note: more than {COMPACT_ABOVE} deliveries a second: switching to one line per \
                     delivery (as --compact); --json prints everything"
                ));
            }
            let text = if self.view.compact {
                render_compact(d)
            } else {
                render_human(d, &self.view)
            };
            self.out.write_all(text.as_bytes())
        }
    }

    /// Print the closing summary (with the temporary webhook's fate, when there was one) and
    /// flush.
    pub fn summary(
        &mut self,
        stats: &crate::server::stats::Stats,
        stopped: summary::StopReason,
        expect: Option<u64>,
        webhook: Option<&summary::WebhookEnd>,
    ) -> std::io::Result<()> {
        if self.json {
            let line = summary::render_json(stats, stopped, expect, webhook);
            writeln!(self.out, "{line}")?;
        } else {
            let text = summary::render_human(stats, stopped, expect, webhook);
            write!(self.out, "{text}")?;
        }
        self.flush()
    }

    /// Push everything printed so far to stdout.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
