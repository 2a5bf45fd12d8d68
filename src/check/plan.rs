//! What each check sends: the signed (and deliberately mis-signed) requests, built purely from
//! the secret, the project id that marks them, the time and an id generator. Every request gets a
//! fresh `event_id`, except the duplicate pair, so one check's events never look like repeats of
//! another's to a receiver that deduplicates.

use serde_json::Value;

use super::checks::CheckId;
use crate::fixtures::{self, FIXTURES, RenderError, RenderInput};
use crate::signature::{self, PREFIX};

/// The project id `check` puts in its events unless `--project-id` says otherwise, so that a
/// receiver's logs show the events came from a check.
pub const DEFAULT_PROJECT_ID: &str = "proj_trst_hooks_check";

/// The event type used to probe unknown-type handling: one TRST does not send (yet).
pub const UNKNOWN_EVENT_TYPE: &str = "trst_hooks.check.unknown_type";

/// One request to send: its body, the signature header (if any) and labels for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRequest {
    pub label: String,
    pub body: Vec<u8>,
    pub signature: Option<String>,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    /// What a correct receiver answers: 2xx (true) or a refusal (false); None: anything.
    pub expect_ack: Option<bool>,
}

/// The requests of one check, and whether they must go one after another.
#[derive(Debug, Clone)]
pub struct CheckPlan {
    pub id: CheckId,
    pub deliveries: Vec<PlannedRequest>,
    /// Send in order, each after the previous answer (duplicates, latency samples).
    pub sequential: bool,
}

/// Everything the plan needs from outside, passed in so that planning stays pure.
pub struct Ingredients<'a> {
    /// The secret to sign with (the endpoint's).
    pub secret: &'a str,
    pub project_id: &'a str,
    /// The current time, RFC 3339.
    pub now: String,
    /// Fresh ids for events and placeholders.
    pub new_id: &'a mut dyn FnMut() -> String,
}

impl Ingredients<'_> {
    /// Render a known fixture as TRST would send it, marked with our project id.
    pub(super) fn event(
        &mut self,
        event_type: &str,
        top_level_type: bool,
    ) -> Result<Value, RenderError> {
        let fixture = fixtures::find(event_type)
            .ok_or_else(|| RenderError::BadTemplate(format!("no fixture for {event_type}")))?;
        let event_id = (self.new_id)();
        fixtures::render_value(
            fixture.template(),
            RenderInput {
                event_id,
                now: self.now.clone(),
                project_id: Some(self.project_id.to_owned()),
                top_level_type,
                assignments: &[],
                fresh_id: self.new_id,
            },
        )
    }

    /// A correctly signed delivery of `value`.
    pub(super) fn signed(&self, label: impl Into<String>, value: &Value) -> PlannedRequest {
        let body = to_bytes(value);
        PlannedRequest {
            label: label.into(),
            signature: Some(signature::sign(self.secret, &body)),
            event_id: text(value, &["event_id"]),
            event_type: event_type_of(value),
            body,
            expect_ack: Some(true),
        }
    }
}

/// The first request of every run: a signed `webhook.test`, the event TRST's own test call
/// sends. It shows whether the endpoint can be reached at all.
pub fn preflight(ing: &mut Ingredients<'_>) -> Result<PlannedRequest, RenderError> {
    let value = ing.event("webhook.test", false)?;
    Ok(ing.signed("reachability (webhook.test)", &value))
}

/// The requests of the chosen checks. Transport sends nothing of its own (it judges the
/// preflight) and neither does `leaks` beyond its provocations (it reads every error answer).
pub fn plan(ids: &[CheckId], ing: &mut Ingredients<'_>) -> Result<Vec<CheckPlan>, RenderError> {
    ids.iter()
        .filter(|id| **id != CheckId::Transport)
        .map(|&id| {
            Ok(CheckPlan {
                id,
                deliveries: deliveries(id, ing)?,
                sequential: matches!(id, CheckId::Duplicates | CheckId::Latency),
            })
        })
        .collect()
}

fn deliveries(id: CheckId, ing: &mut Ingredients<'_>) -> Result<Vec<PlannedRequest>, RenderError> {
    Ok(match id {
        CheckId::Transport => Vec::new(),
        CheckId::EventTypes | CheckId::Latency => {
            let mut out = Vec::new();
            for fixture in FIXTURES {
                let value = ing.event(fixture.event_type, false)?;
                out.push(ing.signed(fixture.event_type, &value));
            }
            out
        }
        CheckId::Signatures => signature_cases(ing)?,
        CheckId::RawBody => super::raw_body::deliveries(ing)?,
        CheckId::Duplicates => {
            let value = ing.event("enrollment.completed", false)?;
            let first = ing.signed("first delivery", &value);
            let mut second = first.clone();
            second.label = "same bytes again".into();
            vec![first, second]
        }
        CheckId::UnknownType => {
            let mut value = ing.event("webhook.test", false)?;
            if let Some(data) = value.get_mut("data").and_then(Value::as_object_mut) {
                data.insert("event_type".into(), UNKNOWN_EVENT_TYPE.into());
                data.insert(
                    "message".into(),
                    "An event type TRST does not send (yet), from trst-hooks check.".into(),
                );
            }
            vec![ing.signed(UNKNOWN_EVENT_TYPE, &value)]
        }
        CheckId::EnvelopeShapes => {
            let data_shape = ing.event("enrollment.completed", false)?;
            let mut top_shape = ing.event("enrollment.completed", true)?;
            if let Some(data) = top_shape.get_mut("data").and_then(Value::as_object_mut) {
                data.remove("event_type");
            }
            vec![
                ing.signed("event_type in data only", &data_shape),
                ing.signed("event_type at the top level only", &top_shape),
            ]
        }
        CheckId::Leaks => {
            let not_json = b"this is not JSON {".to_vec();
            let mut no_data = ing.event("webhook.test", false)?;
            if let Some(map) = no_data.as_object_mut() {
                map.remove("data");
            }
            let mut without_data = ing.signed("signed event without data", &no_data);
            without_data.expect_ack = None;
            // The error paths of verification, so `--only leaks` sees what a full run sees.
            let value = ing.event("webhook.test", false)?;
            let mut unsigned = ing.signed("unsigned event (leak probe)", &value);
            unsigned.signature = None;
            unsigned.expect_ack = Some(false);
            let value = ing.event("webhook.test", false)?;
            let mut garbled = ing.signed("signature sha256=zz (leak probe)", &value);
            garbled.signature = Some(format!("{PREFIX}zz"));
            garbled.expect_ack = Some(false);
            vec![
                unsigned,
                garbled,
                PlannedRequest {
                    label: "signed body that is not JSON".into(),
                    signature: Some(signature::sign(ing.secret, &not_json)),
                    body: not_json,
                    event_id: None,
                    event_type: None,
                    expect_ack: None,
                },
                without_data,
            ]
        }
    })
}

/// The labels of the forged cases, in the order they are sent (after the control).
pub const NO_SIGNATURE: &str = "no signature";
pub const WRONG_SECRET: &str = "wrong secret";
pub const TAMPERED: &str = "tampered body, original signature";
pub const MALFORMED: &str = "malformed signature (sha256=zz)";
pub const NO_PREFIX: &str = "right digest without sha256= prefix";
/// The correctly signed delivery the forged cases are compared with.
pub const CONTROL: &str = "correctly signed (control)";

fn signature_cases(ing: &mut Ingredients<'_>) -> Result<Vec<PlannedRequest>, RenderError> {
    let control_value = ing.event("enrollment.completed", false)?;
    let control = ing.signed(CONTROL, &control_value);

    let forged = |ing: &mut Ingredients<'_>, label: &str| -> Result<PlannedRequest, RenderError> {
        let value = ing.event("enrollment.completed", false)?;
        let mut delivery = ing.signed(label, &value);
        delivery.expect_ack = Some(false);
        Ok(delivery)
    };

    let mut missing = forged(ing, NO_SIGNATURE)?;
    missing.signature = None;

    let mut wrong = forged(ing, WRONG_SECRET)?;
    let wrong_secret = format!("whsec_trst_hooks_check_wrong_{}", (ing.new_id)());
    wrong.signature = Some(signature::sign(&wrong_secret, &wrong.body));

    // Sign one body, send another: the member id changed after signing, as an attacker would.
    let mut tampered = forged(ing, TAMPERED)?;
    let original_signature = signature::sign(ing.secret, &tampered.body);
    let mut changed: Value = serde_json::from_slice(&tampered.body).unwrap_or(Value::Null);
    if let Some(data) = changed.get_mut("data").and_then(Value::as_object_mut) {
        data.insert("member_id".into(), "mem_forged_by_trst_hooks_check".into());
    }
    tampered.body = to_bytes(&changed);
    tampered.signature = Some(original_signature);

    let mut malformed = forged(ing, MALFORMED)?;
    malformed.signature = Some(format!("{PREFIX}zz"));

    let mut no_prefix = forged(ing, NO_PREFIX)?;
    no_prefix.signature = no_prefix
        .signature
        .as_deref()
        .and_then(|s| s.strip_prefix(PREFIX))
        .map(str::to_owned);

    Ok(vec![
        control, missing, wrong, tampered, malformed, no_prefix,
    ])
}

fn to_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

fn text(value: &Value, path: &[&str]) -> Option<String> {
    let mut at = value;
    for key in path {
        at = at.get(key)?;
    }
    at.as_str().map(str::to_owned)
}

fn event_type_of(value: &Value) -> Option<String> {
    text(value, &["data", "event_type"]).or_else(|| text(value, &["event_type"]))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::signature::verify;

    /// The secret [`with_plan`] signs with.
    pub(in crate::check) const SECRET: &str = "whsec_plan_test";

    /// Plan `ids` with fixed time and counting ids, and hand the plans to `f`.
    pub(in crate::check) fn with_plan<T>(
        ids: &[CheckId],
        f: impl FnOnce(Vec<CheckPlan>) -> T,
    ) -> T {
        let mut n = 0;
        let mut new_id = move || {
            n += 1;
            format!("id-{n}")
        };
        let mut ing = Ingredients {
            secret: SECRET,
            project_id: DEFAULT_PROJECT_ID,
            now: "2026-01-02T03:04:05Z".into(),
            new_id: &mut new_id,
        };
        f(plan(ids, &mut ing).unwrap())
    }

    fn find(plans: &[CheckPlan], id: CheckId) -> &CheckPlan {
        plans.iter().find(|p| p.id == id).unwrap()
    }

    #[test]
    fn every_event_is_marked_and_ids_do_not_repeat_except_duplicates() {
        with_plan(CheckId::ALL, |plans| {
            let mut ids = Vec::new();
            for plan in &plans {
                for d in &plan.deliveries {
                    if let Ok(v) = serde_json::from_slice::<Value>(&d.body) {
                        assert_eq!(v["project_id"], DEFAULT_PROJECT_ID, "{}", d.label);
                    }
                    if plan.id != CheckId::Duplicates {
                        ids.extend(d.event_id.clone());
                    }
                }
            }
            let before = ids.len();
            ids.sort();
            ids.dedup();
            assert_eq!(before, ids.len(), "event ids repeat across checks");
            let dup = find(&plans, CheckId::Duplicates);
            assert!(dup.sequential);
            assert_eq!(dup.deliveries[0].body, dup.deliveries[1].body);
            assert_eq!(dup.deliveries[0].signature, dup.deliveries[1].signature);
        });
    }

    #[test]
    fn signature_cases_are_what_they_claim() {
        with_plan(&[CheckId::Signatures], |plans| {
            let cases = &plans[0].deliveries;
            let by = |label: &str| cases.iter().find(|d| d.label == label).unwrap();
            let check = |d: &PlannedRequest| verify(&d.body, d.signature.as_deref(), &[SECRET]);
            assert_eq!(check(by(CONTROL)), Ok(0));
            assert!(by(NO_SIGNATURE).signature.is_none());
            assert!(check(by(WRONG_SECRET)).is_err());
            let tampered = by(TAMPERED);
            assert!(check(tampered).is_err());
            assert!(String::from_utf8_lossy(&tampered.body).contains("mem_forged"));
            assert_eq!(by(MALFORMED).signature.as_deref(), Some("sha256=zz"));
            let bare = by(NO_PREFIX);
            let hex = bare.signature.as_deref().unwrap();
            assert_eq!(hex.len(), 64, "the right digest, only the prefix missing");
            assert_eq!(
                format!("{PREFIX}{hex}"),
                signature::sign(SECRET, &bare.body)
            );
            assert!(
                cases[1..].iter().all(|d| d.expect_ack == Some(false)),
                "forged cases expect a refusal"
            );
        });
    }

    #[test]
    fn shapes_unknown_type_and_every_known_type() {
        with_plan(
            &[
                CheckId::EnvelopeShapes,
                CheckId::UnknownType,
                CheckId::EventTypes,
            ],
            |plans| {
                let shapes = &find(&plans, CheckId::EnvelopeShapes).deliveries;
                let data: Value = serde_json::from_slice(&shapes[0].body).unwrap();
                let top: Value = serde_json::from_slice(&shapes[1].body).unwrap();
                assert!(data.get("event_type").is_none() && data["data"]["event_type"].is_string());
                assert!(top["event_type"].is_string() && top["data"].get("event_type").is_none());
                let unknown = &find(&plans, CheckId::UnknownType).deliveries[0];
                assert_eq!(unknown.event_type.as_deref(), Some(UNKNOWN_EVENT_TYPE));
                let types: Vec<_> = find(&plans, CheckId::EventTypes)
                    .deliveries
                    .iter()
                    .map(|d| d.event_type.clone().unwrap())
                    .collect();
                assert_eq!(types, fixtures::known_types());
            },
        );
    }

    #[test]
    fn transport_sends_nothing_of_its_own() {
        with_plan(&[CheckId::Transport], |plans| assert!(plans.is_empty()));
    }
}
