//! Delivery and attempt tables, and the verdict of `test --wait`.

use std::io::Write;

use colored::Colorize;

use super::table::{Cell, render, short_time};
use crate::api::models::{Attempt, Delivery, DeliveryOutcome, Item};
use crate::output;
use crate::output::sanitize::{one_line, squeeze};

fn status_cell(d: &Delivery) -> Cell {
    let text = d.status.clone().unwrap_or_else(|| "-".into());
    match d.outcome() {
        DeliveryOutcome::Succeeded => Cell::painted(text, |s| s.green().bold().to_string()),
        DeliveryOutcome::Failed => Cell::painted(text, |s| s.red().bold().to_string()),
        DeliveryOutcome::Pending => Cell::painted(text, |s| s.yellow().to_string()),
    }
}

fn code_cell(code: Option<u64>) -> Cell {
    match code.and_then(|c| u16::try_from(c).ok()) {
        Some(c) => Cell::painted(c.to_string(), |s| {
            output::status_code(s.parse().unwrap_or(0))
        }),
        None => Cell::or_dash(None),
    }
}

fn time_cell(time: Option<&str>) -> Cell {
    Cell::or_dash(time.map(short_time))
}

/// The deliveries table; `total` is how many the API returned before filtering.
pub fn deliveries<W: Write>(
    out: &mut W,
    items: &[Item<Delivery>],
    total: usize,
    webhook: &str,
) -> std::io::Result<()> {
    if items.is_empty() {
        let what = if total == 0 {
            "No deliveries for this webhook yet.".to_owned()
        } else {
            format!("No delivery matches the filter ({total} in all).")
        };
        output::line(out, what)?;
        return output::line(
            out,
            output::dim(&format!(
                "send one: trst-hooks webhooks test {} --wait",
                one_line(webhook)
            )),
        );
    }
    let rows: Vec<Vec<Cell>> = items
        .iter()
        .map(|d| {
            let v = &d.view;
            vec![
                Cell::or_dash(v.id.clone()),
                Cell::or_dash(v.event_type.clone()),
                status_cell(v),
                code_cell(v.response_code),
                Cell::or_dash(v.attempts.map(|n| n.to_string())),
                time_cell(v.created_at.as_deref()),
                time_cell(v.last_attempt_at.as_deref()),
                time_cell(v.next_attempt_at.as_deref()),
            ]
        })
        .collect();
    let headers = [
        "ID",
        "EVENT TYPE",
        "STATUS",
        "CODE",
        "ATTEMPTS",
        "CREATED",
        "LAST ATTEMPT",
        "NEXT ATTEMPT",
    ];
    for line in render(&headers, &rows) {
        output::line(out, line)?;
    }
    let shown = items.len();
    let noun = |n: usize| output::plural(n, "delivery", "deliveries");
    let summary = if shown == total {
        format!("{shown} {}", noun(shown))
    } else {
        format!("{shown} of {total} {}", noun(total))
    };
    output::line(
        out,
        output::dim(&format!(
            "{summary}; attempts of one: trst-hooks webhooks attempts {} DELIVERY_ID",
            one_line(webhook)
        )),
    )
}

/// The attempts table of one delivery.
pub fn attempts<W: Write>(
    out: &mut W,
    items: &[Item<Attempt>],
    delivery: &str,
) -> std::io::Result<()> {
    if items.is_empty() {
        return output::line(
            out,
            format!("No attempts for delivery {} yet.", one_line(delivery)),
        );
    }
    let rows: Vec<Vec<Cell>> = items
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let v = &a.view;
            let result = match v.ok() {
                Some(true) => Cell::painted("ok", |s| s.green().bold().to_string()),
                Some(false) => Cell::painted("failed", |s| s.red().bold().to_string()),
                None => Cell::or_dash(None),
            };
            let detail = v
                .error
                .clone()
                .filter(|e| !e.is_empty())
                .or_else(|| v.response_body.clone())
                .map(|t| crate::api::error::truncate(&squeeze(&t), 60));
            vec![
                Cell::plain(v.attempt.unwrap_or(i as u64 + 1).to_string()),
                time_cell(v.attempted_at.as_deref()),
                code_cell(v.status_code),
                Cell::or_dash(v.latency_ms.map(|ms| output::duration::human_ms(ms as f64))),
                result,
                Cell::or_dash(detail),
            ]
        })
        .collect();
    for line in render(
        &["#", "ATTEMPTED", "CODE", "LATENCY", "RESULT", "DETAIL"],
        &rows,
    ) {
        output::line(out, line)?;
    }
    let n = items.len();
    let noun = output::plural(n, "attempt", "attempts");
    output::line(
        out,
        output::dim(&format!("{n} {noun} of delivery {}", one_line(delivery))),
    )
}

/// The usual cause behind a test delivery's failing answer, when the code points to one.
fn failure_hint(code: u64) -> Option<&'static str> {
    match code {
        401 | 403 => Some(
            "hint: the endpoint refused the signature: it must verify with this webhook's secret \
             (shown once by `webhooks create`; e.g. `trst-hooks listen --secret-file PATH`)",
        ),
        404 => Some("hint: nothing at that path: check the webhook's URL (`webhooks get ID`)"),
        _ => None,
    }
}

/// The verdict on a followed test delivery.
pub fn test_result<W: Write>(out: &mut W, item: &Item<Delivery>) -> std::io::Result<()> {
    let v = &item.view;
    let id = one_line(v.id.as_deref().unwrap_or("(no id)"));
    let code = v
        .response_code
        .and_then(|c| u16::try_from(c).ok())
        .map(|c| format!(", your endpoint answered {}", output::status_code(c)))
        .unwrap_or_default();
    let attempts = v
        .attempts
        .map(|n| format!(" after {n} {}", output::plural(n, "attempt", "attempts")))
        .unwrap_or_default();
    match v.outcome() {
        DeliveryOutcome::Succeeded => output::line(
            out,
            format!(
                "{} test delivery {id} succeeded{attempts}{code}",
                output::mark(true)
            ),
        ),
        _ => {
            output::line(
                out,
                format!(
                    "{} test delivery {id} failed{attempts}{code}",
                    output::mark(false)
                ),
            )?;
            if let Some(hint) = v.response_code.and_then(failure_hint) {
                output::line(out, output::dim(hint))?;
            }
            if let Some(next) = v.next_attempt_at.as_deref() {
                output::line(
                    out,
                    output::dim(&format!(
                        "TRST retries it at {}",
                        short_time(&one_line(next))
                    )),
                )?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::item;

    fn delivery(json: serde_json::Value) -> Item<Delivery> {
        item(json).unwrap()
    }

    #[test]
    fn test_result_escapes_the_id() {
        colored::control::set_override(false);
        let d = delivery(serde_json::json!({
            "id": "dlv_\u{1b}[2J", "attempts": 1, "response_code": 200, "status": "succeeded",
        }));
        let mut out = Vec::new();
        test_result(&mut out, &d).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "✓ test delivery dlv_\\x1b[2J succeeded after 1 attempt, your endpoint answered 200\n"
        );
    }
}
