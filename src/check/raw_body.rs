//! The `raw-body` check: correctly signed events whose bytes a JSON parser would not give back
//! (pretty-printed, `\u00e9` and `\/` escapes, keys out of order, `1.0` and `1e3`, raw non-ASCII
//! text). A receiver that verifies the raw body acknowledges them all; one that parses first and
//! verifies a re-serialised body (Express's `express.json()` then `JSON.stringify(req.body)`)
//! refuses some. Every other probe is compact, key-ordered ASCII, which re-serialises to the same
//! bytes, so only this check sees that mistake. The wording of the mistake and its fix comes from
//! [`crate::diagnosis`], which names the same mistake when `verify` or `listen` sees it.

use serde_json::{Map, Value};

use super::acks::{ack_fix, not_acknowledged};
use super::checks::{CheckId, JudgeContext};
use super::plan::{Ingredients, PlannedRequest};
use super::report::{CheckResult, Exchange, Status};
use crate::diagnosis::{RESERIALISED_BODY, VERIFY_RAW_BODY, ascii_json};
use crate::fixtures::RenderError;
use crate::signature;

/// The compact, key-ordered body sent first: if this one is refused, nothing can be judged.
pub const CONTROL: &str = "compact body (control)";
pub const PRETTY: &str = "pretty-printed";
pub const ESCAPED: &str = "\\u00e9 and \\/ escapes";
pub const REORDERED: &str = "keys out of order";
pub const NUMBERS: &str = "numbers written 1.0 and 1e3";
pub const NON_ASCII: &str = "non-ASCII text";

/// Text with accents, a slash and characters outside Latin-1, put in `data.note`.
const NOTE: &str = "Zoë Ångström / café 東京";

/// Stand-ins replaced by number literals after serialising (serde_json would write `1000.0`).
const ONE_POINT_ZERO: &str = "@@trst-hooks-1.0@@";
const ONE_E_THREE: &str = "@@trst-hooks-1e3@@";

/// The control, then one correctly signed event per form; each with a fresh event_id.
pub(super) fn deliveries(ing: &mut Ingredients<'_>) -> Result<Vec<PlannedRequest>, RenderError> {
    let control = ing.event("enrollment.completed", false)?;
    let mut out = vec![ing.signed(CONTROL, &control)];

    let value = with_note(ing.event("enrollment.completed", false)?);
    out.push(resigned(ing, PRETTY, &value, pretty(&value)));

    let value = with_note(ing.event("enrollment.completed", false)?);
    let escaped = ascii_json(&value, ",", ":", true);
    out.push(resigned(ing, ESCAPED, &value, escaped.into_bytes()));

    let value = with_note(ing.event("enrollment.completed", false)?);
    out.push(resigned(ing, REORDERED, &value, compact(&reversed(&value))));

    let mut value = ing.event("enrollment.completed", false)?;
    if let Some(data) = value.get_mut("data").and_then(Value::as_object_mut) {
        data.insert("match_score".into(), ONE_POINT_ZERO.into());
        data.insert("liveness_ms".into(), ONE_E_THREE.into());
    }
    let text = String::from_utf8_lossy(&compact(&value))
        .replace(&format!("\"{ONE_POINT_ZERO}\""), "1.0")
        .replace(&format!("\"{ONE_E_THREE}\""), "1e3");
    out.push(resigned(ing, NUMBERS, &value, text.into_bytes()));

    let value = with_note(ing.event("enrollment.completed", false)?);
    out.push(resigned(ing, NON_ASCII, &value, compact(&value)));
    Ok(out)
}

/// A delivery of `value` whose body is `body` (the same event, written differently), signed.
fn resigned(ing: &Ingredients<'_>, label: &str, value: &Value, body: Vec<u8>) -> PlannedRequest {
    let mut delivery = ing.signed(label, value);
    delivery.signature = Some(signature::sign(ing.secret, &body));
    delivery.body = body;
    delivery
}

fn with_note(mut value: Value) -> Value {
    if let Some(data) = value.get_mut("data").and_then(Value::as_object_mut) {
        data.insert("note".into(), NOTE.into());
    }
    value
}

fn compact(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

fn pretty(value: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

/// Every object's keys in reverse order, at every level (so not in insertion or sorted order).
fn reversed(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .rev()
                .map(|(k, v)| (k.clone(), reversed(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

/// Judge the answers: all acknowledged passes; a refused form (with 401/403) is the
/// re-serialisation mistake; a refused control makes the check inconclusive.
pub(super) fn judge(own: &[Exchange], ctx: &JudgeContext<'_>) -> CheckResult {
    let id = CheckId::RawBody;
    let Some(control) = own.iter().find(|e| e.sent.label == CONTROL) else {
        return CheckResult::new(id, Status::Skip, "not run");
    };
    let forms: Vec<&Exchange> = own.iter().filter(|e| e.sent.label != CONTROL).collect();
    if let Some(why) = not_acknowledged(control) {
        return CheckResult::new(
            id,
            Status::Warn,
            format!("inconclusive: the compact control event was not acknowledged either ({why})"),
        )
        .fix(ack_fix(
            &[control],
            ctx,
            "answer 2xx to correctly signed events",
        ));
    }
    let refused: Vec<(&Exchange, String)> = forms
        .iter()
        .filter_map(|e| not_acknowledged(e).map(|why| (*e, why)))
        .collect();
    let labels = |list: &[&Exchange]| -> String {
        list.iter()
            .map(|e| e.sent.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if refused.is_empty() {
        return CheckResult::new(
            id,
            Status::Pass,
            format!(
                "all {} bodies a JSON parser would rewrite were acknowledged ({})",
                forms.len(),
                labels(&forms)
            ),
        );
    }
    let listing = refused
        .iter()
        .map(|(e, why)| format!("{} → {why}", e.sent.label))
        .collect::<Vec<_>>()
        .join(", ");
    let signature_refusal = refused
        .iter()
        .any(|(e, _)| matches!(e.status(), Some(401 | 403)));
    let counts = format!(
        "{} of {} correctly signed bodies refused ({listing})",
        refused.len(),
        forms.len()
    );
    if signature_refusal {
        return CheckResult::new(id, Status::Fail, format!("{counts}: {RESERIALISED_BODY}"))
            .fix(VERIFY_RAW_BODY);
    }
    let refused: Vec<&Exchange> = refused.iter().map(|(e, _)| *e).collect();
    CheckResult::new(id, Status::Fail, counts).fix(ack_fix(
        &refused,
        ctx,
        "accept any valid JSON formatting: verify the raw bytes, then parse them with a standard JSON parser",
    ))
}

#[cfg(test)]
#[path = "raw_body_tests.rs"]
mod tests;
