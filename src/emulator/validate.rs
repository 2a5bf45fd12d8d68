//! Request validation for the emulator's API, as a strict API would do it: malformed JSON, wrong
//! types, missing or unknown fields, unsupported event types and URLs TRST refuses all get a 400
//! or 422 whose message says exactly what to fix. Pure: bytes in, a typed request or an error out.
//! (Resolving a URL's host name, and the checks at delivery time, are in [`super::urls`].)

use serde_json::{Map, Value};
use url::Url;

use super::models::ApiError;
use crate::fixtures::{self, Assignment};
use crate::urlpolicy;
use crate::words::plural;

/// A validated create request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhook {
    pub url: String,
    pub event_types: Vec<String>,
    pub enabled: bool,
}

/// A validated update: only the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhookPatch {
    pub url: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

/// A validated `POST /_emulator/trigger` request.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub event_type: String,
    pub project_id: Option<String>,
    pub assignments: Vec<Assignment>,
    pub top_level_type: bool,
}

const WEBHOOK_FIELDS: &[&str] = &["url", "event_types", "enabled"];
const TRIGGER_FIELDS: &[&str] = &["event_type", "project_id", "set", "top_level_type"];
const MAX_URL_LEN: usize = 2048;

/// Parse and check a create body. `strict_urls` refuses loopback as TRST does.
pub fn create(body: &[u8], strict_urls: bool) -> Result<NewWebhook, ApiError> {
    let map = object(body, WEBHOOK_FIELDS)?;
    let url = match map.get("url") {
        None | Some(Value::Null) => {
            return Err(ApiError::invalid(
                "url is required, e.g. {\"url\": \"https://example.com/webhooks/trst\", \"event_types\": [\"enrollment.completed\"]}",
            ));
        }
        Some(v) => check_url(v, strict_urls)?,
    };
    let event_types = match map.get("event_types") {
        None | Some(Value::Null) => {
            return Err(ApiError::invalid(format!(
                "event_types is required: a list of one or more of {}",
                known_list()
            )));
        }
        Some(v) => check_event_types(v)?,
    };
    let enabled = match map.get("enabled") {
        None | Some(Value::Null) => true,
        Some(v) => check_bool("enabled", v)?,
    };
    Ok(NewWebhook {
        url,
        event_types,
        enabled,
    })
}

/// Parse and check an update body; at least one field must be given.
pub fn patch(body: &[u8], strict_urls: bool) -> Result<WebhookPatch, ApiError> {
    let map = object(body, WEBHOOK_FIELDS)?;
    let given = |name: &str| map.get(name).filter(|v| !v.is_null());
    let patch = WebhookPatch {
        url: given("url")
            .map(|v| check_url(v, strict_urls))
            .transpose()?,
        event_types: given("event_types").map(check_event_types).transpose()?,
        enabled: given("enabled")
            .map(|v| check_bool("enabled", v))
            .transpose()?,
    };
    if patch == WebhookPatch::default() {
        return Err(ApiError::invalid(
            "nothing to update: give one or more of url, event_types, enabled",
        ));
    }
    Ok(patch)
}

/// Parse and check a trigger body.
pub fn trigger(body: &[u8]) -> Result<Trigger, ApiError> {
    let map = object(body, TRIGGER_FIELDS)?;
    let event_type = match map.get("event_type") {
        Some(Value::String(t)) if fixtures::find(t).is_some() => t.clone(),
        Some(Value::String(t)) => {
            return Err(ApiError::invalid(format!(
                "unknown event type \"{t}\"; the emulator has fixtures for {}",
                known_list()
            )));
        }
        Some(other) => return Err(wrong_type("event_type", "a string", other)),
        None => return Err(ApiError::invalid("event_type is required")),
    };
    let project_id = match map.get("project_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) if !p.trim().is_empty() => Some(p.clone()),
        Some(Value::String(_)) => return Err(ApiError::invalid("project_id must not be empty")),
        Some(other) => return Err(wrong_type("project_id", "a string", other)),
    };
    let assignments = match map.get("set") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => {
                    Assignment::parse(text).map_err(|e| ApiError::invalid(e.to_string()))
                }
                other => Err(wrong_type("set[]", "a string PATH=VALUE", other)),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => return Err(wrong_type("set", "a list of PATH=VALUE strings", other)),
    };
    let top_level_type = match map.get("top_level_type") {
        None | Some(Value::Null) => false,
        Some(v) => check_bool("top_level_type", v)?,
    };
    Ok(Trigger {
        event_type,
        project_id,
        assignments,
        top_level_type,
    })
}

fn object(body: &[u8], allowed: &[&str]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::invalid(
            "request body is empty; send a JSON object",
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid(format!("request body is not valid JSON: {e}")))?;
    let Value::Object(map) = value else {
        return Err(ApiError::invalid(format!(
            "request body must be a JSON object, not {}",
            kind(&value)
        )));
    };
    let unknown: Vec<&str> = map
        .keys()
        .map(String::as_str)
        .filter(|k| !allowed.contains(k))
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::invalid(format!(
            "unknown {} {}; allowed fields: {}",
            plural(unknown.len(), "field", "fields"),
            quoted(&unknown),
            allowed.join(", ")
        )));
    }
    Ok(map)
}

fn check_url(value: &Value, strict: bool) -> Result<String, ApiError> {
    let Value::String(text) = value else {
        return Err(wrong_type("url", "a string", value));
    };
    if text.len() > MAX_URL_LEN {
        return Err(ApiError::invalid(format!(
            "url is longer than {MAX_URL_LEN} characters"
        )));
    }
    let url = Url::parse(text.trim())
        .map_err(|e| ApiError::invalid(format!("url \"{text}\" is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ApiError::new(
            422,
            "url_refused",
            format!(
                "url must be https:// (http:// is accepted on loopback), not {}://",
                url.scheme()
            ),
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ApiError::new(
            422,
            "url_refused",
            format!("url refused: {}", urlpolicy::UrlProblem::Credentials),
        ));
    }
    if !strict && urlpolicy::is_loopback(&url) {
        return Ok(text.trim().to_owned());
    }
    let problems = urlpolicy::trst_problems(&url);
    if let Some(first) = problems.first() {
        let hint = if !strict && matches!(first, urlpolicy::UrlProblem::NotHttps) {
            " (the emulator also accepts http:// on loopback)"
        } else if strict && urlpolicy::is_loopback(&url) {
            " (started with --strict-urls; drop it to allow loopback)"
        } else {
            ""
        };
        return Err(ApiError::new(
            422,
            "url_refused",
            format!("url {url} refused: {first}{hint}"),
        ));
    }
    Ok(text.trim().to_owned())
}

fn check_event_types(value: &Value) -> Result<Vec<String>, ApiError> {
    let Value::Array(items) = value else {
        return Err(wrong_type("event_types", "a list of strings", value));
    };
    if items.is_empty() {
        return Err(ApiError::invalid(format!(
            "event_types is empty; subscribe to one or more of {}",
            known_list()
        )));
    }
    let mut types: Vec<String> = Vec::with_capacity(items.len());
    let mut unknown = Vec::new();
    for item in items {
        let Value::String(t) = item else {
            return Err(wrong_type("event_types[]", "a string", item));
        };
        if fixtures::find(t).is_none() {
            unknown.push(t.as_str());
        } else if !types.contains(t) {
            types.push(t.clone());
        }
    }
    if !unknown.is_empty() {
        return Err(ApiError::invalid(format!(
            "unsupported {} {}; supported: {}",
            plural(unknown.len(), "event type", "event types"),
            quoted(&unknown),
            known_list()
        )));
    }
    Ok(types)
}

fn check_bool(name: &str, value: &Value) -> Result<bool, ApiError> {
    value
        .as_bool()
        .ok_or_else(|| wrong_type(name, "true or false", value))
}

fn wrong_type(name: &str, expected: &str, got: &Value) -> ApiError {
    ApiError::invalid(format!("{name} must be {expected}, not {}", kind(got)))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn known_list() -> String {
    fixtures::known_types().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(r: Result<impl std::fmt::Debug, ApiError>) -> (u16, String) {
        let e = r.unwrap_err();
        (e.status, e.message)
    }

    #[test]
    fn a_good_create_request() {
        let w = create(
            br#"{"url":"http://127.0.0.1:3000/webhooks/trst","event_types":["enrollment.completed","enrollment.completed"]}"#,
            false,
        )
        .unwrap();
        assert_eq!(w.url, "http://127.0.0.1:3000/webhooks/trst");
        assert_eq!(w.event_types, vec!["enrollment.completed"]);
        assert!(w.enabled);
    }

    #[test]
    fn bad_bodies_say_what_is_wrong() {
        let et = r#""event_types":["webhook.test"]"#;
        assert!(msg(create(b"", false)).1.contains("empty"));
        assert!(msg(create(b"{nope", false)).1.contains("not valid JSON"));
        assert!(msg(create(b"[1]", false)).1.contains("not a list"));
        assert!(
            msg(create(format!("{{{et}}}").as_bytes(), false))
                .1
                .contains("url is required")
        );
        let (code, text) = msg(create(format!(r#"{{"url":5,{et}}}"#).as_bytes(), false));
        assert_eq!(
            (code, text.as_str()),
            (400, "url must be a string, not a number")
        );
        let (_, text) = msg(create(
            format!(r#"{{"url":"https://a.example.com","colour":1,{et}}}"#).as_bytes(),
            false,
        ));
        assert!(text.contains("unknown field \"colour\""), "{text}");
        let (_, text) = msg(create(
            br#"{"url":"https://a.example.com","event_types":["nope.x"]}"#,
            false,
        ));
        assert!(
            text.contains("\"nope.x\"") && text.contains("enrollment.completed"),
            "{text}"
        );
        let (_, text) = msg(create(
            format!(r#"{{"url":"https://a.example.com","enabled":"yes",{et}}}"#).as_bytes(),
            false,
        ));
        assert_eq!(text, "enabled must be true or false, not a string");
        assert!(
            msg(create(
                br#"{"url":"https://a.example.com","event_types":[]}"#,
                false
            ))
            .1
            .contains("empty")
        );
    }

    #[test]
    fn urls_follow_trst_except_loopback() {
        let body = |u: &str| format!(r#"{{"url":"{u}","event_types":["webhook.test"]}}"#);
        assert!(create(body("http://localhost:3000/x").as_bytes(), false).is_ok());
        let (code, text) = msg(create(body("http://localhost:3000/x").as_bytes(), true));
        assert_eq!(code, 422);
        assert!(text.contains("--strict-urls"), "{text}");
        assert_eq!(
            msg(create(body("http://example.com/x").as_bytes(), false)).0,
            422
        );
        assert_eq!(
            msg(create(body("https://10.0.0.2/x").as_bytes(), false)).0,
            422
        );
        assert_eq!(
            msg(create(body("ftp://example.com/x").as_bytes(), false)).0,
            422
        );
        assert_eq!(msg(create(body("not a url").as_bytes(), false)).0, 400);
        assert!(create(body("https://hooks.example.com/x").as_bytes(), true).is_ok());
    }

    #[test]
    fn patches_need_a_field() {
        assert!(msg(patch(b"{}", false)).1.contains("nothing to update"));
        assert_eq!(
            patch(br#"{"enabled":false}"#, false).unwrap().enabled,
            Some(false)
        );
    }

    #[test]
    fn triggers() {
        let t = trigger(br#"{"event_type":"enrollment.completed","set":["data.member_id=null"]}"#)
            .unwrap();
        assert_eq!(t.assignments.len(), 1);
        assert!(
            msg(trigger(br#"{"event_type":"x.y"}"#))
                .1
                .contains("unknown event type")
        );
        assert!(
            msg(trigger(br#"{"event_type":"webhook.test","set":["oops"]}"#))
                .1
                .contains("PATH=VALUE")
        );
    }
}
