//! The emulator's terminal view: one line per API call and per delivery attempt (coloured status,
//! latency, next retry), or one JSON object per line with `--json`. Also the start-up banner and
//! the `emulator trigger` summary. Never shows a secret or an API key.

use colored::Colorize;
use serde_json::json;

use super::sanitize::one_line;
use super::{dim, json_line, line, mark, status_code, status_styled as status};
use crate::emulator::Report;
use crate::emulator::client::DeliveryView;
use crate::emulator::clock::rfc3339;

/// What the banner says about a started emulator.
pub struct Banner<'a> {
    pub base_url: &'a str,
    pub database: &'a str,
    pub retries: &'a str,
    pub time_scale: f64,
    pub timeout: &'a str,
    pub auth: &'a str,
    pub rate_limit: &'a str,
    pub urls: &'a str,
    /// Any Bearer key is accepted (so the banner can suggest one to export).
    pub any_key: bool,
    /// State survives a restart (a database file, not `--in-memory`).
    pub persistent: bool,
}

/// The project ID the banner suggests (the emulator creates any project on first use).
pub const SUGGESTED_PROJECT: &str = "proj_local";
/// The API key the banner suggests when the emulator accepts any key (not a secret).
pub const SUGGESTED_KEY: &str = "local.any-key-works";

/// The start-up banner on stderr (and a `ready` JSON line on stdout with `--json`).
pub fn banner(b: &Banner<'_>, json: bool) -> std::io::Result<()> {
    let speed = if b.time_scale == 1.0 {
        String::new()
    } else {
        format!(", running {}x faster (--time-scale)", b.time_scale)
    };
    status(&format!("  database    {}", one_line(b.database)));
    status(&format!("  retries     {}{speed}", b.retries));
    status(&format!(
        "  timeout     {} per attempt (real time)",
        b.timeout
    ));
    status(&format!("  auth        {}", b.auth));
    status(&format!("  rate limit  {}", b.rate_limit));
    status(&format!("  URLs        {}", b.urls));
    status(&format!(
        "{} TRST emulator at {}",
        "ready:".green().bold(),
        one_line(b.base_url)
    ));
    // Everything `trst-hooks webhooks` needs, in one line to copy.
    if b.any_key {
        status(&format!(
            "  export TRST_API_BASE={} TRST_PROJECT_ID={SUGGESTED_PROJECT} TRST_API_KEY={SUGGESTED_KEY}",
            one_line(b.base_url)
        ));
        status(&dim("  (any project ID and any API key work here)"));
    } else {
        status(&format!(
            "  export TRST_API_BASE={} TRST_PROJECT_ID={SUGGESTED_PROJECT}",
            one_line(b.base_url)
        ));
        status(&dim(
            "  (any project ID works; TRST_API_KEY must hold the key the emulator requires)",
        ));
    }
    status(&dim(if b.persistent {
        "  times are UTC; Ctrl-C stops (pending retries resume on the next start)"
    } else {
        "  times are UTC; Ctrl-C stops (and discards the in-memory state)"
    }));
    if json {
        json_line(&json!({"type": "ready", "base_url": b.base_url, "database": b.database}))?;
    }
    Ok(())
}

/// One line for one report.
pub fn report(r: &Report, json: bool, now_ms: i64) -> std::io::Result<()> {
    if json {
        return json_line(&report_json(r, now_ms));
    }
    let time = dim(&clock_time(now_ms));
    match r {
        Report::Api {
            method,
            path,
            status: code,
            latency_ms,
        } => line(format!(
            "{time}  {}  {:<6} {}  {}  {}",
            "api".cyan(),
            one_line(method),
            one_line(path),
            status_code(*code),
            dim(&format!("{latency_ms} ms"))
        )),
        Report::Attempt {
            delivery_id,
            event_type,
            url,
            attempt,
            max_attempts,
            outcome,
            next_attempt_at,
            ..
        } => {
            let code = outcome
                .status_code
                .map(status_code)
                .unwrap_or_else(|| "---".red().bold().to_string());
            let error = outcome
                .error
                .as_deref()
                .map(|e| format!("  {}", one_line(e).red()))
                .unwrap_or_default();
            let next = match (outcome.succeeded, next_attempt_at) {
                (true, _) => "delivered".green().to_string(),
                (false, Some(at)) => {
                    format!("retry in {} at {}", wait_text(at - now_ms), clock_time(*at))
                        .yellow()
                        .to_string()
                }
                (false, None) => format!("gave up after {attempt} attempts")
                    .red()
                    .bold()
                    .to_string(),
            };
            line(format!(
                "{time}  {} {} {} {} → {}  {code}  {}  {next}{error}",
                mark(outcome.succeeded),
                one_line(delivery_id),
                dim(&format!("attempt {attempt}/{max_attempts}")),
                one_line(event_type),
                one_line(url),
                dim(&format!("{} ms", outcome.latency_ms)),
            ))
        }
        Report::Recovered { count } => {
            status(&format!(
                "recovered {count} attempt(s) cut short by the last stop; their retries are scheduled"
            ));
            Ok(())
        }
        Report::EngineError(message) => {
            super::warn(&format!("delivery engine: {message}"));
            Ok(())
        }
    }
}

fn report_json(r: &Report, now_ms: i64) -> serde_json::Value {
    let time = rfc3339(now_ms);
    match r {
        Report::Api {
            method,
            path,
            status,
            latency_ms,
        } => json!({"type": "api", "time": time, "method": method, "path": path,
                    "status": status, "latency_ms": latency_ms}),
        Report::Attempt {
            delivery_id,
            webhook_id,
            event_type,
            event_id,
            url,
            attempt,
            max_attempts,
            outcome,
            next_attempt_at,
        } => json!({"type": "attempt", "time": time, "delivery_id": delivery_id,
                    "webhook_id": webhook_id, "event_id": event_id, "event_type": event_type,
                    "url": url, "attempt": attempt, "max_attempts": max_attempts,
                    "status_code": outcome.status_code, "latency_ms": outcome.latency_ms,
                    "error": outcome.error, "succeeded": outcome.succeeded,
                    "next_attempt_at": next_attempt_at.map(rfc3339)}),
        Report::Recovered { count } => json!({"type": "recovered", "time": time, "count": count}),
        Report::EngineError(message) => {
            json!({"type": "engine_error", "time": time, "message": message})
        }
    }
}

/// A wait for humans: whole seconds from one second up, milliseconds below.
fn wait_text(ms: i64) -> String {
    let ms = u64::try_from(ms).unwrap_or(0);
    let shown = if ms >= 1000 {
        std::time::Duration::from_secs(ms.div_ceil(1000))
    } else {
        std::time::Duration::from_millis(ms)
    };
    humantime::format_duration(shown).to_string()
}

fn clock_time(ms: i64) -> String {
    let text = rfc3339(ms);
    text.get(11..23).unwrap_or(&text).to_owned()
}

/// One queued delivery from `emulator trigger`.
pub fn triggered(project_id: &str, delivery: &DeliveryView, json: bool) -> std::io::Result<()> {
    if json {
        return json_line(
            &json!({"delivery_id": delivery.id, "webhook_id": delivery.webhook_id,
            "event_id": delivery.event_id, "event_type": delivery.event_type,
            "project_id": project_id}),
        );
    }
    line(format!(
        "{} queued {} {} → {} {}",
        mark(true),
        one_line(&delivery.event_type),
        dim(&one_line(&delivery.event_id)),
        one_line(&delivery.webhook_id),
        dim(&one_line(&format!("({project_id}, {})", delivery.id)))
    ))
}
