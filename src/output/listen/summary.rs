//! What `listen` says around the deliveries: the start banner and ready line (stderr), and the
//! closing summary (stdout: text for people, one `{"record":"summary"}` line with `--json`).

use std::fmt::Write as _;
use std::time::Duration;

use colored::Colorize;
use serde::Serialize;

use crate::output::duration::human;
use crate::output::sanitize::one_line;
use crate::output::{dim, mark};
use crate::server::stats::Stats;

/// What the banner shows.
pub struct Banner<'a> {
    pub url: &'a str,
    /// "whsec_ab… from $TRST_WEBHOOK_SECRET" per secret.
    pub secrets: &'a [String],
    /// "PATH · N deliveries already (M event ids)", or why there is no log.
    pub log: &'a str,
    /// Flags that change the answers, already worded ("--status 503", …).
    pub answers: &'a [String],
    /// How the run ends besides Ctrl-C (--expect, --timeout), already worded.
    pub ends: Option<&'a str>,
    /// The web inspector's URL (with its token), when it runs.
    pub inspector: Option<&'a str>,
    /// Rows after the URL (`listen --register`: the webhook and its public URL).
    pub rows: &'a [(String, String)],
}

/// The start banner on stderr; the last line is the `ready:` line tests and scripts wait for.
pub fn banner(b: &Banner<'_>) {
    let mut out = String::new();
    let _ = writeln!(out, "{}", "trst-hooks listen".bold());
    let row = |out: &mut String, label: &str, value: &str| {
        let _ = writeln!(out, "  {}{}", dim(&format!("{label:<11}")), one_line(value));
    };
    let _ = writeln!(out, "  {}{}", dim("url        "), one_line(b.url).bold());
    for (label, value) in b.rows {
        row(&mut out, label, value);
    }
    if let Some(inspector) = b.inspector {
        row(&mut out, "inspector", inspector);
    }
    for (i, secret) in b.secrets.iter().enumerate() {
        let label = if b.secrets.len() > 1 {
            format!("secret {}", i + 1)
        } else {
            "secret".into()
        };
        row(&mut out, &label, secret);
    }
    row(&mut out, "log", b.log);
    let answers = if b.answers.is_empty() {
        "200 valid · 401 bad signature · 400 not JSON · 404/405/413".to_string()
    } else {
        b.answers.join(" · ")
    };
    row(&mut out, "answers", &answers);
    let stop = match b.ends {
        Some(ends) => format!("Ctrl-C, or {ends}"),
        None => "Ctrl-C (prints a summary)".into(),
    };
    row(&mut out, "stop", &stop);
    let _ = writeln!(out, "ready: listening on {}", one_line(b.url));
    eprint!("{out}");
}

/// Why the listener stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    Signal,
    Expect,
    Timeout,
    OutputClosed,
    /// The tunnel of `listen --register` exited.
    TunnelExited,
}

/// What became of the temporary webhook of `listen --register`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookFate {
    Deleted,
    /// Someone deleted it before the listener did.
    AlreadyDeleted,
    /// `--keep`.
    Kept,
    /// The API refused or could not be reached; `error` says why.
    DeleteFailed,
}

/// The temporary webhook at the end of the run, for the summary.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookEnd {
    pub id: String,
    pub url: String,
    #[serde(rename = "result")]
    pub fate: WebhookFate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl WebhookEnd {
    /// The summary row's text.
    fn text(&self) -> String {
        let id = one_line(&self.id);
        match self.fate {
            WebhookFate::Deleted => format!("{} {id} deleted (temporary)", mark(true)),
            WebhookFate::AlreadyDeleted => {
                format!("{} {id} was already deleted", mark(true))
            }
            WebhookFate::Kept => {
                format!("{id} kept (--keep); delete it with: trst-hooks webhooks delete {id}")
            }
            WebhookFate::DeleteFailed => format!(
                "{} {id} NOT deleted ({}); delete it with: trst-hooks webhooks delete {id}",
                mark(false),
                one_line(self.error.as_deref().unwrap_or("unknown error"))
            ),
        }
    }
}

fn ms(d: Option<Duration>) -> Option<f64> {
    d.map(|d| (d.as_secs_f64() * 1e5).round() / 100.0)
}

/// The summary for people.
pub fn render_human(
    stats: &Stats,
    stopped: StopReason,
    expect: Option<u64>,
    webhook: Option<&WebhookEnd>,
) -> String {
    let mut out = String::new();
    let why = match stopped {
        StopReason::Signal => "stopped".to_string(),
        StopReason::Expect => format!("{} verified deliveries arrived (--expect)", stats.verified),
        StopReason::Timeout => "timeout reached".to_string(),
        StopReason::OutputClosed => "output closed".to_string(),
        StopReason::TunnelExited => "the tunnel exited".to_string(),
    };
    let _ = writeln!(out, "{} {}", "── summary".bold(), dim(&format!("({why})")));
    let row = |out: &mut String, label: &str, value: String| {
        let _ = writeln!(out, "  {}{value}", dim(&format!("{label:<12}")));
    };
    let rejected: u64 = stats.rejected.values().sum();
    let noun = crate::output::plural(stats.deliveries, "delivery", "deliveries");
    let mut requests = format!("{} ({} {noun}", stats.requests, stats.deliveries);
    if rejected > 0 {
        let _ = write!(
            requests,
            ", {rejected} rejected: {}",
            counts(&stats.rejected)
        );
    }
    requests.push(')');
    if let Some(webhook) = webhook {
        row(&mut out, "webhook", webhook.text());
    }
    row(&mut out, "requests", requests);
    let mut verified = format!("{} {}", mark(true), stats.verified);
    if !stats.event_types.is_empty() {
        let _ = write!(verified, "  {}", dim(&counts(&stats.event_types)));
    }
    if let Some(n) = expect {
        let _ = write!(verified, "  {}", dim(&format!("(expected {n})")));
    }
    row(&mut out, "verified", verified);
    if stats.invalid_total() > 0 {
        let text = format!(
            "{} {}  {}",
            mark(false),
            stats.invalid_total(),
            dim(&counts(&stats.invalid))
        );
        row(&mut out, "invalid", text);
    }
    if stats.not_json > 0 {
        row(
            &mut out,
            "not JSON",
            format!("{} {}", mark(false), stats.not_json),
        );
    }
    if stats.duplicates > 0 {
        let text = format!(
            "{} {}",
            stats.duplicates,
            dim("(same event_id again: deduplicate on it)")
        );
        row(&mut out, "duplicates", text.yellow().to_string());
    }
    if stats.log_failures > 0 {
        row(
            &mut out,
            "NOT LOGGED",
            format!("{} (answered 503)", stats.log_failures)
                .red()
                .to_string(),
        );
    }
    if !stats.statuses.is_empty() {
        let answers: Vec<String> = stats
            .statuses
            .iter()
            .map(|(s, n)| format!("{s} ×{n}"))
            .collect();
        row(&mut out, "answers", answers.join(", "));
        let quantile = |q| human(stats.latency.quantile(q).unwrap_or_default());
        row(
            &mut out,
            "answer time",
            format!("p50 {}, p99 {}", quantile(0.5), quantile(0.99)),
        );
    }
    out
}

fn counts<K: std::fmt::Display>(map: &std::collections::BTreeMap<K, u64>) -> String {
    map.iter()
        .map(|(k, n)| format!("{} {n}", one_line(&k.to_string())))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    record: &'static str,
    stopped: StopReason,
    expected: Option<u64>,
    requests: u64,
    deliveries: u64,
    verified: u64,
    invalid: &'a std::collections::BTreeMap<&'static str, u64>,
    not_json: u64,
    rejected: &'a std::collections::BTreeMap<&'static str, u64>,
    statuses: std::collections::BTreeMap<String, u64>,
    event_types: &'a std::collections::BTreeMap<String, u64>,
    duplicates: u64,
    log_failures: u64,
    p50_ms: Option<f64>,
    p99_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temporary_webhook: Option<&'a WebhookEnd>,
}

/// The summary as one JSON line (`record: "summary"`).
pub fn render_json(
    stats: &Stats,
    stopped: StopReason,
    expect: Option<u64>,
    webhook: Option<&WebhookEnd>,
) -> String {
    let json = SummaryJson {
        record: "summary",
        stopped,
        expected: expect,
        requests: stats.requests,
        deliveries: stats.deliveries,
        verified: stats.verified,
        invalid: &stats.invalid,
        not_json: stats.not_json,
        rejected: &stats.rejected,
        statuses: stats
            .statuses
            .iter()
            .map(|(s, n)| (s.to_string(), *n))
            .collect(),
        event_types: &stats.event_types,
        duplicates: stats.duplicates,
        log_failures: stats.log_failures,
        p50_ms: ms(stats.latency.quantile(0.5)),
        p99_ms: ms(stats.latency.quantile(0.99)),
        temporary_webhook: webhook,
    };
    serde_json::to_string(&json).unwrap_or_default()
}
