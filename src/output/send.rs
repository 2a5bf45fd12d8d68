//! How `send` results look: the request (line, event, signature), each attempt's answer (status
//! coloured, latency, folded body), dry runs with a curl command, retries, and the load summary
//! with its histogram. Human text and newline-delimited JSON, from the same data.

mod load;

pub use load::{load_human, load_json};

use std::io::Write;

use std::time::Duration;

use colored::Colorize;
use serde::Serialize;
use serde_json::Value;

use super::sanitize::{bytes_multi_line, multi_line, one_line};
use super::{dim, json_line, json_view, line, mark, status_code};
use crate::event::EventSummary;
use crate::sender::client::{EndpointAnswer, SendError};
use crate::sender::request::Outgoing;

/// Lines of answer body shown before folding (`--full` shows all that was read).
const BODY_LINES: usize = 40;

/// One request as sent, for the human header and the JSON lines.
pub struct Sent<'a> {
    pub request: &'a Outgoing,
    pub event: &'a EventSummary,
    /// `sign with whsec_ab… from $VAR`, or why there is no or a deliberately wrong signature.
    pub signed_with: &'a str,
    /// Shown under the request: `repeat 2 of 3`, `replay of line 7 in …`.
    pub note: Option<&'a str>,
}

/// One attempt's result.
pub struct SendAttempt<'a> {
    pub attempt: u32,
    pub attempts: u32,
    pub result: &'a Result<EndpointAnswer, SendError>,
    /// Whether this result is what we hoped for (2xx, or 401 for a deliberately bad signature).
    pub ok: bool,
    pub expect_rejection: bool,
    /// A better hint than the generic one (e.g. for the default target).
    pub hint: Option<&'a str>,
}

/// The request header block (human output).
pub fn request_human<W: Write>(out: &mut W, sent: &Sent<'_>, verbose: bool) -> std::io::Result<()> {
    line(
        out,
        format!("{} {}", "POST".bold(), one_line(sent.request.url.as_str())),
    )?;
    let event_type = sent
        .event
        .event_type
        .as_deref()
        .unwrap_or("(no event_type)");
    let event_id = sent.event.event_id.as_deref().unwrap_or("(no event_id)");
    line(
        out,
        format!(
            "  {}  {}  {}",
            one_line(event_type).bold(),
            one_line(event_id),
            dim(&format!("{} bytes", sent.request.body.len()))
        ),
    )?;
    line(out, format!("  {}", dim(&one_line(sent.signed_with))))?;
    if let Some(note) = sent.note {
        line(out, format!("  {}", dim(&one_line(note))))?;
    }
    if verbose {
        header_lines(out, &sent.request.headers)?;
    }
    Ok(())
}

/// One attempt's answer (human output).
pub fn attempt_human<W: Write>(
    out: &mut W,
    a: &SendAttempt<'_>,
    verbose: bool,
    full: bool,
) -> std::io::Result<()> {
    let prefix = if a.attempts > 1 {
        format!("{} attempt {}/{}  ", mark(a.ok), a.attempt, a.attempts)
    } else {
        format!("{} ", mark(a.ok))
    };
    let answer = match a.result {
        Err(e) => {
            line(out, format!("{prefix}{}", one_line(&e.to_string()).red()))?;
            return line(
                out,
                format!(
                    "  {} {}",
                    "hint:".cyan(),
                    one_line(a.hint.unwrap_or(e.hint()))
                ),
            );
        }
        Ok(answer) => answer,
    };
    line(
        out,
        format!(
            "{prefix}{} {}  {}",
            status_code(answer.status),
            one_line(answer.reason.unwrap_or("")),
            latency(answer.latency)
        ),
    )?;
    if let Some(hint) = a.hint {
        line(out, format!("  {} {}", "hint:".cyan(), one_line(hint)))?;
    }
    if let Some(location) = answer.location() {
        line(
            out,
            format!(
                "  {} redirect to {} (not followed: TRST is given the final URL; update --to)",
                "→".cyan(),
                one_line(location)
            ),
        )?;
    }
    if a.expect_rejection {
        let verdict = match (a.ok, answer.is_success()) {
            (true, _) => "rejected as expected".green().to_string(),
            (false, true) => "the endpoint ACCEPTED a request with a bad or missing signature: it must answer 401".red().bold().to_string(),
            (false, false) => format!("expected 401 Unauthorized for a bad or missing signature, got {}", answer.status),
        };
        line(out, format!("  {verdict}"))?;
    }
    if verbose {
        line(out, dim(&format!("  {}", one_line(&answer.version))))?;
        header_lines(out, &answer.headers)?;
    }
    body_human(out, answer, full)
}

/// `  name: value` per header (names and values from outside, so escaped).
fn header_lines<W: Write>(out: &mut W, headers: &[(String, String)]) -> std::io::Result<()> {
    for (name, value) in headers {
        line(
            out,
            format!(
                "  {} {}",
                dim(&format!("{}:", one_line(name))),
                one_line(value)
            ),
        )?;
    }
    Ok(())
}

fn body_human<W: Write>(out: &mut W, answer: &EndpointAnswer, full: bool) -> std::io::Result<()> {
    if answer.body.is_empty() {
        return line(out, dim("  (empty body)"));
    }
    let max = (!full).then_some(BODY_LINES);
    let shown = match serde_json::from_slice::<Value>(&answer.body) {
        Ok(value) if !answer.truncated => json_view::render_folded(&value, max),
        _ => json_view::fold(&bytes_multi_line(&answer.body), max),
    };
    line(out, shown)?;
    if answer.truncated {
        let total = match answer.content_length {
            Some(n) => format!(" of {}", bytes(n)),
            None => String::new(),
        };
        line(
            out,
            dim(&format!(
                "… answer truncated: showed the first {}{total}",
                bytes(answer.body.len() as u64)
            )),
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct AttemptJson<'a> {
    attempt: u32,
    attempts: u32,
    ok: bool,
    method: &'static str,
    url: &'a str,
    event_type: Option<&'a str>,
    event_id: Option<&'a str>,
    request_bytes: usize,
    request_headers: &'a [(String, String)],
    expect_rejection: bool,
    status: Option<u16>,
    latency_ms: Option<f64>,
    location: Option<&'a str>,
    response_headers: Option<&'a [(String, String)]>,
    response_body: Option<String>,
    response_body_truncated: bool,
    error: Option<String>,
    error_code: Option<&'static str>,
    hint: Option<&'a str>,
}

/// One JSON line per attempt.
pub fn attempt_json<W: Write>(
    out: &mut W,
    sent: &Sent<'_>,
    a: &SendAttempt<'_>,
) -> std::io::Result<()> {
    let answer = a.result.as_ref().ok();
    let error = a.result.as_ref().err();
    json_line(
        out,
        &AttemptJson {
            attempt: a.attempt,
            attempts: a.attempts,
            ok: a.ok,
            method: "POST",
            url: sent.request.url.as_str(),
            event_type: sent.event.event_type.as_deref(),
            event_id: sent.event.event_id.as_deref(),
            request_bytes: sent.request.body.len(),
            request_headers: &sent.request.headers,
            expect_rejection: a.expect_rejection,
            status: answer.map(|r| r.status),
            latency_ms: answer.map(|r| millis(r.latency)),
            location: answer.and_then(EndpointAnswer::location),
            response_headers: answer.map(|r| r.headers.as_slice()),
            response_body: answer.map(|r| String::from_utf8_lossy(&r.body).into_owned()),
            response_body_truncated: answer.is_some_and(|r| r.truncated),
            error: error.map(ToString::to_string),
            error_code: error.map(SendError::code),
            hint: a.hint.or(error.map(SendError::hint)),
        },
    )
}

/// The note on stderr before a retry.
pub fn retry_wait(delay: Duration, next: u32, of: u32) {
    super::status_styled(&dim(&format!(
        "  retrying in {} (attempt {next}/{of})…",
        latency(delay)
    )));
}

#[derive(Serialize)]
struct DryRunJson<'a> {
    dry_run: bool,
    method: &'static str,
    url: &'a str,
    headers: &'a [(String, String)],
    body: String,
    body_encoding: &'static str,
    event_type: Option<&'a str>,
    event_id: Option<&'a str>,
    curl: &'a str,
}

/// `--dry-run`: the exact request and an equivalent curl command.
pub fn dry_run<W: Write>(
    out: &mut W,
    sent: &Sent<'_>,
    curl: &str,
    json: bool,
) -> std::io::Result<()> {
    let request = sent.request;
    if json {
        let (body, body_encoding) = crate::delivery_log::encode_body(&request.body);
        return json_line(
            out,
            &DryRunJson {
                dry_run: true,
                method: "POST",
                url: request.url.as_str(),
                headers: &request.headers,
                body,
                body_encoding: match body_encoding {
                    crate::delivery_log::BodyEncoding::Utf8 => "utf8",
                    crate::delivery_log::BodyEncoding::Base64 => "base64",
                },
                event_type: sent.event.event_type.as_deref(),
                event_id: sent.event.event_id.as_deref(),
                curl,
            },
        );
    }
    line(
        out,
        dim(&format!(
            "# dry run: nothing sent. {}",
            one_line(sent.signed_with)
        )),
    )?;
    line(
        out,
        format!("POST {} HTTP/1.1", one_line(request.url.path())),
    )?;
    line(
        out,
        format!("Host: {}", one_line(&host_header(&request.url))),
    )?;
    for (name, value) in &request.headers {
        line(out, format!("{}: {}", one_line(name), one_line(value)))?;
    }
    line(out, format!("Content-Length: {}", request.body.len()))?;
    line(out, "Accept: */*")?;
    line(out, "")?;
    match std::str::from_utf8(&request.body) {
        Ok(text) => line(out, multi_line(text))?,
        Err(_) => line(
            out,
            dim(&format!("({} bytes, not UTF-8)", request.body.len())),
        )?,
    }
    line(out, "")?;
    line(out, dim("# the same request with curl:"))?;
    line(out, multi_line(curl))
}

fn host_header(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// A latency or a wait, in the one style of [`super::duration::human`].
pub fn latency(d: Duration) -> String {
    super::duration::human(d)
}

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// `512 B`, `64.0 KiB`, `10.0 MiB`.
pub fn bytes(n: u64) -> String {
    match n {
        0..1024 => format!("{n} B"),
        1024..1_048_576 => format!("{:.1} KiB", n as f64 / 1024.0),
        _ => format!("{:.1} MiB", n as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(bytes(10 * 1_048_576), "10.0 MiB");
        assert_eq!(bytes(65536), "64.0 KiB");
        assert_eq!(latency(Duration::from_micros(3250)), "3.2 ms");
        assert_eq!(latency(Duration::from_millis(1250)), "1.25 s");
        assert_eq!(latency(Duration::from_millis(1201)), "1.2 s");
    }
}
