//! What can go wrong talking to the API, and how each failure reads to a person: one line of cause
//! (with the API's own message when its body has one) and a hint. Error bodies are not published,
//! so any JSON shape is accepted and a non-JSON body is shown raw, truncated.

use std::time::Duration;

use serde_json::Value;

use crate::error::UserError;

/// The longest slice of a raw (non-JSON or message-less) error body we show.
const RAW_BODY_LIMIT: usize = 200;

/// A failed API call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The API answered non-2xx. `message` is what its body said, if anything.
    #[error("{method} {path}: HTTP {status}")]
    Status {
        method: String,
        path: String,
        status: u16,
        message: Option<String>,
        retry_after: Option<Duration>,
    },
    /// The API answered with a redirect. It is never followed: it would hide a wrong base URL
    /// and could carry the API key to another host.
    #[error(
        "{method} {path}: the API answered {status} redirecting to {location}; redirects are not followed"
    )]
    Redirect {
        method: String,
        path: String,
        status: u16,
        location: String,
    },
    /// No answer at all.
    #[error("cannot reach {url}: {reason}")]
    Network { url: String, reason: String },
    /// A 2xx answer whose body we could not understand.
    #[error("the API answered {what} that could not be read: {reason}")]
    BadBody { what: String, reason: String },
}

/// What the failed call was about, to name it in the message.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub project: String,
    pub webhook: Option<String>,
    pub delivery: Option<String>,
}

/// Pull a human message out of an error body: `message`, `error` (a string or an object with a
/// `message`), `detail`, `errors[0].message` (or `errors[0]` as a string); else the raw text,
/// truncated; `None` for an empty body.
pub fn body_message(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(value) = serde_json::from_str::<Value>(text)
        && let Some(found) = json_message(&value)
    {
        return Some(one_line(&found));
    }
    Some(one_line(&truncate(text, RAW_BODY_LIMIT)))
}

fn json_message(value: &Value) -> Option<String> {
    let as_text = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            _ => None,
        }
    };
    if let Value::String(s) = value {
        return as_text(&Value::String(s.clone()));
    }
    let obj = value.as_object()?;
    if let Some(m) = obj.get("message").and_then(as_text) {
        return Some(m);
    }
    if let Some(error) = obj.get("error") {
        if let Some(m) = as_text(error) {
            return Some(m);
        }
        if let Some(m) = error.get("message").and_then(as_text) {
            return Some(m);
        }
    }
    if let Some(detail) = obj.get("detail") {
        if let Some(m) = as_text(detail) {
            return Some(m);
        }
        // FastAPI-style validation errors: detail is a list of {msg, loc}.
        if let Some(m) = detail
            .get(0)
            .and_then(|d| d.get("msg").or_else(|| d.get("message")))
            .and_then(as_text)
        {
            return Some(m);
        }
    }
    let first = obj.get("errors")?.get(0)?;
    as_text(first).or_else(|| first.get("message").and_then(as_text))
}

/// At most `limit` characters, with an ellipsis when cut.
pub fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit).collect();
    format!("{cut}…")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl ApiError {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The one-line error a person sees, with a hint and the exit code (1: the API said no;
    /// 2: it could not be reached or understood, a setup problem).
    pub fn to_user_error(&self, subject: &Subject) -> UserError {
        let (status, message, retry_after) = match self {
            ApiError::Status {
                status,
                message,
                retry_after,
                ..
            } => (*status, message.as_deref(), *retry_after),
            ApiError::Network { url, reason } => {
                return UserError::usage(format!("cannot reach the TRST API at {url}: {reason}"))
                    .hint("check --base-url / TRST_API_BASE and your network");
            }
            ApiError::Redirect { .. } => {
                return UserError::usage(self.to_string()).hint(
                    "check --base-url / TRST_API_BASE: give the API's final URL (the key is never sent on to a redirect)",
                );
            }
            ApiError::BadBody { .. } => {
                return UserError::failed(self.to_string()).hint(
                    "is --base-url pointing at the TRST API? run with -v to see the exchange",
                );
            }
        };
        let said = message.map(|m| format!(": {m}")).unwrap_or_default();
        let project = &subject.project;
        let (cause, hint) = match status {
            401 => (
                format!("the API key was refused (401){said}"),
                "check TRST_API_KEY or --api-key-file: the whole key is used, <key_id>.<secret>".to_owned(),
            ),
            403 => (
                format!("the API key may not access project {project} (403){said}"),
                "use a key scoped to this project (or an organization admin key), or check --project".to_owned(),
            ),
            404 => {
                let what = match (&subject.webhook, &subject.delivery) {
                    (Some(w), Some(d)) => format!("project {project}, webhook {w} or delivery {d}"),
                    (Some(w), None) => format!("project {project} or webhook {w}"),
                    _ => format!("project {project}"),
                };
                (
                    format!("not found (404): {what}{said}"),
                    "list the webhooks with `trst-hooks webhooks list`; check --project and --base-url".to_owned(),
                )
            }
            400 | 422 => (
                format!("the API refused the request ({status}){said}"),
                "check the values given (URL: https, public host; event types)".to_owned(),
            ),
            409 => {
                let disabled = message.is_some_and(|m| m.contains("disabled"));
                let hint = match (disabled, subject.webhook.as_deref()) {
                    (true, Some(w)) => format!(
                        "enable it first: `trst-hooks webhooks update {w} --enable`"
                    ),
                    _ => "the project or webhook is not in a state that allows it (at most 25 webhooks per project; a disabled webhook takes no test: `trst-hooks webhooks update ID --enable`)".to_owned(),
                };
                (
                    format!("the API refused the request (409 conflict){said}"),
                    hint,
                )
            }
            429 => (
                format!("rate limited by the API (429){said}"),
                match retry_after {
                    Some(after) => format!(
                        "the API asks to wait {}; sandbox projects allow 5 requests per minute",
                        crate::words::human(Duration::from_secs(after.as_secs().max(1)))
                    ),
                    None => "wait a minute and retry; sandbox projects allow 5 requests per minute".to_owned(),
                },
            ),
            500..=599 => (
                format!("the TRST API failed ({status}){said}"),
                "a temporary problem on TRST's side; retry later".to_owned(),
            ),
            _ => (
                format!("the API answered HTTP {status}{said}"),
                "run with -v to see the exchange".to_owned(),
            ),
        };
        UserError::failed(cause).hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_from_many_shapes() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#"{"message":"bad url"}"#, Some("bad url")),
            (r#"{"error":"nope"}"#, Some("nope")),
            (r#"{"error":{"code":"x","message":"deep"}}"#, Some("deep")),
            (
                r#"{"detail":"Not authenticated"}"#,
                Some("Not authenticated"),
            ),
            (
                r#"{"detail":[{"loc":["url"],"msg":"invalid url"}]}"#,
                Some("invalid url"),
            ),
            (
                r#"{"errors":[{"message":"first"},{"message":"second"}]}"#,
                Some("first"),
            ),
            (r#"{"errors":["plain"]}"#, Some("plain")),
            (r#""just a string""#, Some("just a string")),
            (
                "<html>\n<b>Bad   Gateway</b></html>",
                Some("<html> <b>Bad Gateway</b></html>"),
            ),
            ("", None),
            ("   \n", None),
        ];
        for (body, want) in cases {
            assert_eq!(body_message(body.as_bytes()).as_deref(), *want, "{body}");
        }
        // JSON without a known message field is shown raw.
        assert_eq!(
            body_message(br#"{"code":7}"#).as_deref(),
            Some(r#"{"code":7}"#)
        );
    }

    #[test]
    fn long_raw_bodies_are_truncated() {
        let body = "x".repeat(1000);
        let got = body_message(body.as_bytes()).unwrap();
        assert_eq!(got.chars().count(), RAW_BODY_LIMIT + 1);
        assert!(got.ends_with('…'));
        assert_eq!(
            body_message(&[0xff, 0xfe, b'a']).as_deref(),
            Some("\u{fffd}\u{fffd}a")
        );
    }

    fn status(code: u16, message: Option<&str>) -> ApiError {
        ApiError::Status {
            method: "GET".into(),
            path: "/x".into(),
            status: code,
            message: message.map(str::to_owned),
            retry_after: None,
        }
    }

    #[test]
    fn each_status_reads_clearly() {
        let subject = Subject {
            project: "proj_1".into(),
            webhook: Some("wh_1".into()),
            delivery: None,
        };
        let e = status(401, None).to_user_error(&subject);
        assert!(e.message.contains("API key was refused"), "{}", e.message);
        let e = status(403, None).to_user_error(&subject);
        assert!(e.message.contains("project proj_1"), "{}", e.message);
        let e = status(404, None).to_user_error(&subject);
        assert!(e.message.contains("webhook wh_1"), "{}", e.message);
        let e = status(422, Some("url must be https")).to_user_error(&subject);
        assert!(e.message.ends_with(": url must be https"), "{}", e.message);
        assert_eq!(e.code, crate::error::Code::Failed);
        let e = status(409, Some("project proj_1 already has 25 webhooks")).to_user_error(&subject);
        assert!(
            e.message
                .contains("(409 conflict): project proj_1 already has 25"),
            "{}",
            e.message
        );
        assert_eq!(e.code, crate::error::Code::Failed);
        let e = status(409, Some("webhook wh_1 is disabled")).to_user_error(&subject);
        let hint = e.hint.clone().unwrap_or_default();
        assert!(
            hint.contains("trst-hooks webhooks update wh_1 --enable") && !hint.contains("PATCH"),
            "{hint}"
        );
        let e = ApiError::Network {
            url: "http://x".into(),
            reason: "refused".into(),
        }
        .to_user_error(&subject);
        assert_eq!(e.code, crate::error::Code::Usage);
    }
}
