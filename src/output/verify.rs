//! How `verify` results look: human text and JSON, for one delivery and for a whole log.

use std::io::Write;

use std::path::Path;

use colored::Colorize;
use serde::Serialize;

use super::sanitize::one_line;
use super::{dim, json_line, line, mark};
use crate::event::EventSummary;
use crate::http_dump::RawRequest;
use crate::log_check::{LineOutcome, LineResult, Summary};
use crate::secret::Sourced;
use crate::verdict::{NO_KNOWN_MISTAKE, Verdict, VerdictReport};

/// Everything shown about one verified delivery.
pub struct Single<'a> {
    pub body: &'a [u8],
    pub verdict: &'a Verdict,
    pub event: Option<&'a EventSummary>,
    pub request: Option<&'a RawRequest>,
    pub secrets: &'a [Sourced],
    pub labels: &'a [String],
}

#[derive(Serialize)]
struct SingleJson<'a> {
    #[serde(flatten)]
    verdict: VerdictReport,
    event_id: Option<&'a str>,
    event_type: Option<&'a str>,
    body_bytes: usize,
    method: Option<&'a str>,
    path: Option<&'a str>,
}

/// One JSON object for one delivery.
pub fn single_json<W: Write>(out: &mut W, view: &Single<'_>) -> std::io::Result<()> {
    json_line(
        out,
        &SingleJson {
            verdict: view.verdict.report(view.labels),
            event_id: view.event.and_then(|e| e.event_id.as_deref()),
            event_type: view.event.and_then(|e| e.event_type.as_deref()),
            body_bytes: view.body.len(),
            method: view.request.map(|r| r.method.as_str()),
            path: view.request.map(|r| r.target.as_str()),
        },
    )
}

/// The human report for one delivery.
pub fn single_human<W: Write>(out: &mut W, view: &Single<'_>) -> std::io::Result<()> {
    if let Some(request) = view.request {
        line(
            out,
            dim(&format!(
                "{} {}",
                one_line(&request.method),
                one_line(&request.target)
            )),
        )?;
        if request.trailing_bytes > 0 {
            line(
                out,
                format!(
                    "  note: {} bytes after the body were ignored (Content-Length)",
                    request.trailing_bytes
                ),
            )?;
        }
    }
    match &view.verdict.outcome {
        Ok(index) => {
            let which = match view.secrets.get(*index) {
                Some(s) if view.secrets.len() > 1 => {
                    format!(" (secret #{}: {})", index + 1, one_line(&s.describe()))
                }
                Some(s) => format!(" ({})", one_line(&s.describe())),
                None => String::new(),
            };
            line(out, format!("{} valid signature{which}", mark(true)))?;
        }
        Err(e) => {
            line(
                out,
                format!(
                    "{} {}: {}",
                    mark(false),
                    "invalid signature".red().bold(),
                    one_line(&e.to_string())
                ),
            )?;
            diagnosis_lines(out, view.verdict, "  ")?;
        }
    }
    let size = format!("{} bytes", view.body.len());
    match view.event {
        Some(event) => line(
            out,
            format!(
                "  {} {}  {} {}  {}",
                dim("event"),
                one_line(event.event_type.as_deref().unwrap_or("(no event_type)")),
                dim("id"),
                one_line(event.event_id.as_deref().unwrap_or("(no event_id)")),
                dim(&size)
            ),
        ),
        None => line(
            out,
            format!("  {}", dim(&format!("body is not a JSON event, {size}"))),
        ),
    }
}

/// The "cause:" / "fix:" lines under a failed verdict (also used by `listen`).
pub fn diagnosis_lines<W: Write>(
    out: &mut W,
    verdict: &Verdict,
    indent: &str,
) -> std::io::Result<()> {
    if verdict.is_valid() {
        return Ok(());
    }
    if matches!(
        verdict.outcome,
        Err(crate::signature::SignatureError::Missing | crate::signature::SignatureError::Repeated)
    ) {
        return Ok(());
    }
    if verdict.diagnosis.is_empty() {
        return line(
            out,
            format!("{indent}{} {NO_KNOWN_MISTAKE}", "cause:".yellow()),
        );
    }
    for mistake in &verdict.diagnosis {
        line(
            out,
            format!("{indent}{} {}", "cause:".yellow(), mistake.explanation()),
        )?;
        line(
            out,
            format!("{indent}{}   {}", "fix:".cyan(), mistake.hint()),
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct LogLineJson<'a> {
    record: &'static str,
    line: usize,
    event_id: Option<&'a str>,
    event_type: Option<&'a str>,
    duplicate: bool,
    #[serde(flatten)]
    verdict: Option<VerdictReport>,
    error: Option<String>,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    record: &'static str,
    deliveries: usize,
    valid: usize,
    invalid: usize,
    invalid_by_reason: serde_json::Map<String, serde_json::Value>,
    unreadable_lines: usize,
    duplicates: Vec<DuplicateJson<'a>>,
}

#[derive(Serialize)]
struct DuplicateJson<'a> {
    event_id: &'a str,
    count: usize,
}

/// One JSON line per log line, then `{"record":"summary",…}`.
pub fn log_json<W: Write>(
    out: &mut W,
    results: &[LineResult],
    summary: &Summary,
    labels: &[String],
) -> std::io::Result<()> {
    for result in results {
        let json = match &result.outcome {
            LineOutcome::Checked {
                event_id,
                event_type,
                verdict,
                duplicate,
            } => LogLineJson {
                record: "delivery",
                line: result.line,
                event_id: event_id.as_deref(),
                event_type: event_type.as_deref(),
                duplicate: *duplicate,
                verdict: Some(verdict.report(labels)),
                error: None,
            },
            LineOutcome::Unreadable(e) => LogLineJson {
                record: "unreadable",
                line: result.line,
                event_id: None,
                event_type: None,
                duplicate: false,
                verdict: None,
                error: Some(e.to_string()),
            },
        };
        json_line(out, &json)?;
    }
    json_line(
        out,
        &SummaryJson {
            record: "summary",
            deliveries: summary.deliveries,
            valid: summary.valid,
            invalid: summary.invalid,
            invalid_by_reason: summary
                .invalid_by_reason
                .iter()
                .map(|(code, n)| ((*code).to_owned(), serde_json::Value::from(*n)))
                .collect(),
            unreadable_lines: summary.unreadable_lines,
            duplicates: summary
                .duplicates
                .iter()
                .map(|(id, count)| DuplicateJson {
                    event_id: id,
                    count: *count,
                })
                .collect(),
        },
    )
}

/// Failures (and with `verbose` every delivery) line by line, then the summary.
pub fn log_human<W: Write>(
    out: &mut W,
    path: &Path,
    results: &[LineResult],
    summary: &Summary,
    secrets: &[Sourced],
    verbose: bool,
) -> std::io::Result<()> {
    for result in results {
        let number = dim(&format!("line {:>6}", result.line));
        match &result.outcome {
            LineOutcome::Checked {
                event_id,
                event_type,
                verdict,
                duplicate,
            } => {
                if verdict.is_valid() && !verbose {
                    continue;
                }
                let what = format!(
                    "{} {}{}",
                    one_line(event_type.as_deref().unwrap_or("(no event_type)")),
                    dim(&one_line(event_id.as_deref().unwrap_or("(no event_id)"))),
                    if *duplicate {
                        " duplicate".yellow().to_string()
                    } else {
                        String::new()
                    }
                );
                match &verdict.outcome {
                    Ok(_) => line(out, format!("{number} {} {what}", mark(true)))?,
                    Err(e) => {
                        line(
                            out,
                            format!(
                                "{number} {} {what}: {}",
                                mark(false),
                                one_line(&e.to_string())
                            ),
                        )?;
                        diagnosis_lines(out, verdict, "             ")?;
                    }
                }
            }
            LineOutcome::Unreadable(e) => line(
                out,
                format!(
                    "{number} {} unreadable line: {}",
                    mark(false),
                    one_line(&e.to_string())
                ),
            )?,
        }
    }
    let secrets_text: Vec<String> = secrets.iter().map(Sourced::describe).collect();
    line(
        out,
        dim(&format!(
            "{} checked with {}",
            one_line(&path.display().to_string()),
            one_line(&secrets_text.join(", "))
        )),
    )?;
    let mut parts = vec![format!("{} valid", summary.valid)];
    let reasons: Vec<String> = summary
        .invalid_by_reason
        .iter()
        .map(|(c, n)| format!("{n} {c}"))
        .collect();
    if summary.invalid > 0 {
        parts.push(
            format!("{} invalid ({})", summary.invalid, reasons.join(", "))
                .red()
                .to_string(),
        );
    } else {
        parts.push("0 invalid".into());
    }
    if summary.unreadable_lines > 0 {
        parts.push(
            format!(
                "{} unreadable {}",
                summary.unreadable_lines,
                super::plural(summary.unreadable_lines, "line", "lines")
            )
            .red()
            .to_string(),
        );
    }
    line(
        out,
        format!(
            "{} {} {}: {}",
            mark(summary.all_valid()),
            summary.deliveries,
            super::plural(summary.deliveries, "delivery", "deliveries"),
            parts.join(", ")
        ),
    )?;
    if !summary.duplicates.is_empty() {
        let shown: Vec<String> = summary
            .duplicates
            .iter()
            .take(5)
            .map(|(id, n)| format!("{} ×{n}", one_line(id)))
            .collect();
        let more = summary.duplicates.len().saturating_sub(5);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        line(
            out,
            format!(
                "  {} {} {} delivered more than once (TRST delivers at least once: deduplicate on event_id): {}{more}",
                "duplicates:".yellow(),
                summary.duplicates.len(),
                super::plural(summary.duplicates.len(), "event_id", "event_ids"),
                shown.join(", ")
            ),
        )?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
