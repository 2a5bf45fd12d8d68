//! Output of `trst-hooks webhooks`: tables and details for people, one JSON object per line for
//! scripts (the objects exactly as the API sent them, a `secret` field masked outside `create`),
//! and the unmissable one-time secret block.

mod deliveries;
mod report;
mod table;

pub use deliveries::{attempts, deliveries, test_result};
pub use report::{Reporter, attempt_line, still_pending};

use colored::Colorize;
use serde_json::{Map, Value};

use crate::api::models::{Item, Webhook};
use crate::secret::mask;
use table::{Cell, render, short_time};

/// Print raw API objects as JSON lines, masking any `secret` field.
pub fn json_items<T>(items: &[Item<T>]) -> std::io::Result<()> {
    for item in items {
        super::json_line(&masked(&item.raw))?;
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
pub fn webhook_table(items: &[Item<Webhook>], max: usize) -> std::io::Result<()> {
    if items.is_empty() {
        super::line("No webhooks in this project yet.")?;
        return super::line(super::dim(
            "create one: trst-hooks webhooks create --url https://… --event-type enrollment.completed",
        ));
    }
    let rows: Vec<Vec<Cell>> = items
        .iter()
        .map(|w| {
            let v = &w.view;
            vec![
                Cell::or_dash(v.id.clone()),
                Cell::or_dash(v.url.clone()),
                Cell::or_dash(Some(v.event_types.join(","))),
                enabled_cell(v.enabled),
                Cell::or_dash(v.created_at.as_deref().map(short_time)),
            ]
        })
        .collect();
    for line in render(&["ID", "URL", "EVENT TYPES", "ENABLED", "CREATED"], &rows) {
        super::line(line)?;
    }
    let count = items.len();
    let noun = super::plural(count, "webhook", "webhooks");
    super::line(super::dim(&format!(
        "{count} {noun} (TRST allows {max} per project)"
    )))
}

/// One webhook as `key  value` lines; unknown fields follow as compact JSON.
pub fn webhook_detail(item: &Item<Webhook>) -> std::io::Result<()> {
    let v = &item.view;
    let dash = || super::dim("-");
    let rows: Vec<(&str, String)> = vec![
        ("id", v.id.clone().unwrap_or_else(dash)),
        ("url", v.url.clone().unwrap_or_else(dash)),
        (
            "event types",
            if v.event_types.is_empty() {
                dash()
            } else {
                v.event_types.join(", ")
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
            v.created_at.as_deref().map(short_time).unwrap_or_else(dash),
        ),
    ];
    let extra: Vec<(String, String)> = v
        .extra
        .iter()
        .map(|(k, val)| {
            let text = match val {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.replace('_', " "), text)
        })
        .collect();
    let width = rows
        .iter()
        .map(|(k, _)| k.len())
        .chain(extra.iter().map(|(k, _)| k.len()))
        .max()
        .unwrap_or(0);
    for (key, value) in rows
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .chain(extra)
    {
        super::line(format!(
            "{}  {value}",
            super::dim(&format!("{key:<width$}"))
        ))?;
    }
    Ok(())
}

/// The block that shows a newly issued secret once, where nobody can miss it: between two heavy
/// rules, the secret alone on its line so a triple-click copies exactly it.
pub fn secret_block(secret: &str) -> std::io::Result<()> {
    let rule = "━".repeat(64).yellow().bold().to_string();
    super::line(&rule)?;
    super::line(format!(
        " {}",
        "WEBHOOK SECRET: shown only this once. Store it now."
            .yellow()
            .bold()
    ))?;
    super::line("")?;
    super::line(format!("    {}", secret.bold().reversed()))?;
    super::line("")?;
    super::line(format!(
        " {}",
        super::dim(
            "Your receiver verifies X-Webhook-Signature with it, e.g. as TRST_WEBHOOK_SECRET."
        )
    ))?;
    super::line(format!(
        " {}",
        super::dim("Next time store it directly: --save-secret PATH or --env-file .env")
    ))?;
    super::line(&rule)
}

/// `✓ message` on stdout.
pub fn done(message: &str) -> std::io::Result<()> {
    super::line(format!("{} {message}", super::mark(true)))
}
