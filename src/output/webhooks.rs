//! Output of `trst-hooks webhooks`: tables and details for people, one JSON object per line for
//! scripts (the objects exactly as the API sent them, a `secret` field masked outside `create`),
//! and the unmissable one-time secret block.

mod deliveries;
mod report;
mod table;

pub use deliveries::{attempts, deliveries, test_result};
pub use report::{Reporter, attempt_line, still_pending};

use std::io::Write;
use std::path::PathBuf;

use colored::Colorize;
use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

use super::sanitize::one_line;
use crate::api::models::{Item, Webhook};
use crate::registration::marker;
use crate::secret::mask;
use table::{Cell, render, short_time};

/// Print raw API objects as JSON lines, masking any `secret` field.
pub fn json_items<T, W: Write>(out: &mut W, items: &[Item<T>]) -> std::io::Result<()> {
    for item in items {
        super::json_line(out, &masked(&item.raw))?;
    }
    Ok(())
}

/// A copy of an API object with its `secret` (if any) masked.
pub fn masked(raw: &Map<String, Value>) -> Map<String, Value> {
    let mut copy = raw.clone();
    if let Some(Value::String(secret)) = copy.get("secret") {
        let hidden = mask(secret);
        copy.insert("secret".into(), Value::String(hidden));
    }
    copy
}

fn enabled_cell(enabled: Option<bool>) -> Cell {
    match enabled {
        Some(true) => Cell::painted("yes", |s| s.green().to_string()),
        Some(false) => Cell::painted("no", |s| s.yellow().to_string()),
        None => Cell::or_dash(None),
    }
}

/// The webhook table of `list`.
pub fn webhook_table<W: Write>(
    out: &mut W,
    items: &[Item<Webhook>],
    max: usize,
) -> std::io::Result<()> {
    if items.is_empty() {
        super::line(out, "No webhooks in this project yet.")?;
        return super::line(
            out,
            super::dim(
                "create one: trst-hooks webhooks create --url https://… --event-type enrollment.completed",
            ),
        );
    }
    let rows: Vec<Vec<Cell>> = items
        .iter()
        .map(|w| {
            let v = &w.view;
            vec![
                Cell::or_dash(v.id.clone().map(|id| {
                    match v.url.as_deref().is_some_and(marker::is_temporary) {
                        true => format!("{id} (temporary)"),
                        false => id,
                    }
                })),
                Cell::or_dash(v.url.clone()),
                Cell::or_dash(Some(v.event_types.join(","))),
                enabled_cell(v.enabled),
                Cell::or_dash(v.created_at.as_deref().map(short_time)),
            ]
        })
        .collect();
    for line in render(&["ID", "URL", "EVENT TYPES", "ENABLED", "CREATED"], &rows) {
        super::line(out, line)?;
    }
    let count = items.len();
    let noun = super::plural(count, "webhook", "webhooks");
    super::line(
        out,
        super::dim(&format!("{count} {noun} (TRST allows {max} per project)")),
    )
}

/// One webhook as `key  value` lines; unknown fields follow as compact JSON.
pub fn webhook_detail<W: Write>(out: &mut W, item: &Item<Webhook>) -> std::io::Result<()> {
    let v = &item.view;
    let dash = || super::dim("-");
    let text = |t: &Option<String>| t.as_deref().map(|t| one_line(t).into_owned());
    let rows: Vec<(&str, String)> = vec![
        ("id", text(&v.id).unwrap_or_else(dash)),
        ("url", text(&v.url).unwrap_or_else(dash)),
        (
            "event types",
            if v.event_types.is_empty() {
                dash()
            } else {
                one_line(&v.event_types.join(", ")).into_owned()
            },
        ),
        (
            "enabled",
            match v.enabled {
                Some(true) => "yes".green().to_string(),
                Some(false) => "no".yellow().to_string(),
                None => dash(),
            },
        ),
        (
            "created",
            text(&v.created_at.as_deref().map(short_time)).unwrap_or_else(dash),
        ),
    ];
    let extra: Vec<(String, String)> = v
        .extra
        .iter()
        .map(|(k, val)| {
            let text = match val {
                Value::String(s) => one_line(s).into_owned(),
                other => one_line(&other.to_string()).into_owned(),
            };
            (one_line(&k.replace('_', " ")).into_owned(), text)
        })
        .collect();
    let width = rows
        .iter()
        .map(|(k, _)| k.width())
        .chain(extra.iter().map(|(k, _)| k.width()))
        .max()
        .unwrap_or(0);
    for (key, value) in rows
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .chain(extra)
    {
        let pad = " ".repeat(width.saturating_sub(key.width()));
        super::line(
            out,
            format!("{}  {}", super::dim(&format!("{key}{pad}")), value),
        )?;
    }
    Ok(())
}

/// The new webhook from `create`: JSON (the secret in full unless it was stored, plus
/// `secret_saved_to`), or the details, then the secret block or where it was stored.
pub fn created<W: Write>(
    out: &mut W,
    json: bool,
    created: &Item<Webhook>,
    full_secret: Option<&str>,
    saved: &[(PathBuf, u32)],
) -> std::io::Result<()> {
    if json {
        let mut raw = match full_secret {
            Some(_) => created.raw.clone(),
            None => masked(&created.raw),
        };
        if !saved.is_empty() {
            let paths: Vec<Value> = saved
                .iter()
                .map(|(p, _)| Value::String(p.display().to_string()))
                .collect();
            raw.insert("secret_saved_to".into(), Value::Array(paths));
        }
        return super::json_line(out, &raw);
    }
    let id = created.view.id.as_deref().unwrap_or("(no id)");
    done(out, &format!("created webhook {id}"))?;
    let mut shown = created.clone();
    shown.view.secret = None;
    webhook_detail(out, &shown)?;
    super::line(out, "")?;
    match full_secret {
        Some(secret) => secret_block(out, secret),
        None => {
            let hidden = created
                .view
                .secret
                .as_ref()
                .map(|s| s.masked())
                .unwrap_or_default();
            for (path, mode) in saved {
                let path = path.display();
                done(
                    out,
                    &format!("secret {hidden} saved to {path} (mode {mode:04o})"),
                )?;
            }
            Ok(())
        }
    }
}

/// The block that shows a newly issued secret once, where nobody can miss it: between two heavy
/// rules, the secret alone on its line so a triple-click copies exactly it.
pub fn secret_block<W: Write>(out: &mut W, secret: &str) -> std::io::Result<()> {
    let rule = "━".repeat(64).yellow().bold().to_string();
    super::line(out, &rule)?;
    super::line(
        out,
        format!(
            " {}",
            "WEBHOOK SECRET: shown only this once. Store it now."
                .yellow()
                .bold()
        ),
    )?;
    super::line(out, "")?;
    super::line(out, format!("    {}", one_line(secret).bold().reversed()))?;
    super::line(out, "")?;
    super::line(
        out,
        format!(
            " {}",
            super::dim(
                "Your receiver verifies X-Webhook-Signature with it, e.g. as TRST_WEBHOOK_SECRET."
            )
        ),
    )?;
    super::line(
        out,
        format!(
            " {}",
            super::dim("Next time store it directly: --save-secret PATH or --env-file .env")
        ),
    )?;
    super::line(out, &rule)
}

/// `✓ message` on stdout (the message names ids and paths, so it is escaped).
pub fn done<W: Write>(out: &mut W, message: &str) -> std::io::Result<()> {
    super::line(out, format!("{} {}", super::mark(true), one_line(message)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::item;

    fn webhook(secret: &str) -> Item<Webhook> {
        item(serde_json::json!({
            "id": "wh_1", "url": "https://example.com/hook", "event_types": ["enrollment.completed"],
            "enabled": true, "created_at": "2026-01-02T03:04:05.678Z", "secret": secret,
            "description": "a\u{1b}]0;t\u{7}b",
        }))
        .unwrap()
    }

    fn text(out: Vec<u8>) -> String {
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_and_detail() {
        colored::control::set_override(false);
        let mut out = Vec::new();
        webhook_table(&mut out, &[webhook("whsec_x")], 25).unwrap();
        let shown = text(out);
        assert!(shown.starts_with("ID    URL"), "{shown}");
        assert!(shown.contains("wh_1  https://example.com/hook  enrollment.completed  yes"));
        assert!(
            shown.ends_with("1 webhook (TRST allows 25 per project)\n"),
            "{shown}"
        );
        let mut out = Vec::new();
        webhook_detail(&mut out, &webhook("whsec_x")).unwrap();
        let shown = text(out);
        assert!(
            shown.contains("created      2026-01-02 03:04:05Z"),
            "{shown}"
        );
        assert!(shown.contains("description  a\\x1b]0;t\\x07b"), "{shown}");
    }

    #[test]
    fn json_masks_the_secret_outside_create() {
        let mut out = Vec::new();
        json_items(&mut out, &[webhook("whsec_abcdefghijklmnop")]).unwrap();
        let value: Value = serde_json::from_str(&text(out)).unwrap();
        assert_ne!(value["secret"], "whsec_abcdefghijklmnop");
        assert!(value["secret"].as_str().unwrap().starts_with("whsec_"));
        assert_eq!(value["description"], "a\u{1b}]0;t\u{7}b");
    }

    #[test]
    fn created_shows_the_secret_once_or_where_it_went() {
        colored::control::set_override(false);
        let new = webhook("whsec_abcdefghijklmnop");
        let mut out = Vec::new();
        created(&mut out, false, &new, Some("whsec_abcdefghijklmnop"), &[]).unwrap();
        let shown = text(out);
        assert!(shown.starts_with("✓ created webhook wh_1\n"), "{shown}");
        assert!(shown.contains("\n    whsec_abcdefghijklmnop\n"), "{shown}");
        let mut out = Vec::new();
        let saved = [(PathBuf::from("secret.txt"), 0o600)];
        created(&mut out, true, &new, None, &saved).unwrap();
        let value: Value = serde_json::from_str(&text(out)).unwrap();
        assert_eq!(value["secret_saved_to"], serde_json::json!(["secret.txt"]));
        assert_ne!(value["secret"], "whsec_abcdefghijklmnop");
        let mut out = Vec::new();
        let saved = [(PathBuf::from(".env"), 0o644)];
        created(&mut out, false, &new, None, &saved).unwrap();
        assert!(
            text(out).contains("saved to .env (mode 0644)"),
            "the real mode, never a false 0600"
        );
    }

    #[test]
    fn the_secret_block_escapes_a_hostile_secret() {
        colored::control::set_override(false);
        let mut out = Vec::new();
        secret_block(&mut out, "whsec_\u{1b}[2J\u{202e}").unwrap();
        let shown = text(out);
        assert!(shown.contains("    whsec_\\x1b[2J\\u{202e}\n"), "{shown}");
    }
}
