//! Tolerant models of what the API returns. The field lists of deliveries and attempts are not
//! published, so every field is optional and read leniently (a number sent as a string still
//! counts), unknown fields are kept, and every item also keeps the exact object the API sent, so
//! `--json` shows all of it. Lists may come bare or wrapped in an object.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::lenient;
use crate::secret::Secret;

/// Object keys under which an API may wrap a list.
pub const LIST_KEYS: &[&str] = &[
    "data",
    "webhooks",
    "deliveries",
    "attempts",
    "items",
    "results",
];

/// One item as the API sent it, plus our typed reading of it.
#[derive(Debug, Clone)]
pub struct Item<T> {
    pub raw: Map<String, Value>,
    pub view: T,
}

/// A webhook. `secret` only comes back from create; it is read straight into the masked
/// [`Secret`] (an empty one counts as absent).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Webhook {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "lenient::strings")]
    pub event_types: Vec<String>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "secret")]
    pub secret: Option<Secret>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A webhook secret read leniently, as [`lenient::string`] does, and masked from then on.
fn secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Secret>, D::Error> {
    Ok(lenient::string(d)?
        .filter(|s| !s.is_empty())
        .map(Secret::new))
}

/// One delivery of an event to a webhook.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Delivery {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub webhook_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub event_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub event_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient::number")]
    pub attempts: Option<u64>,
    #[serde(default, deserialize_with = "lenient::number")]
    pub response_code: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub last_attempt_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub next_attempt_at: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One HTTP attempt of a delivery.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Attempt {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub delivery_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::number")]
    pub attempt: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub attempted_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::number")]
    pub status_code: Option<u64>,
    #[serde(default, deserialize_with = "lenient::number")]
    pub latency_ms: Option<u64>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub error: Option<String>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub response_body: Option<String>,
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub succeeded: Option<bool>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where a delivery stands, read from its (unpublished) status and response code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Succeeded,
    Failed,
    Pending,
}

impl Delivery {
    /// The delivery's outcome. A pending delivery whose last attempt got a non-2xx answer counts
    /// as failed: TRST will retry it, but possibly hours later.
    pub fn outcome(&self) -> DeliveryOutcome {
        match self.settled() {
            Some(outcome) => outcome,
            None if self.attempts.unwrap_or(0) > 0
                && self.response_code.is_some_and(|c| !(200..300).contains(&c)) =>
            {
                DeliveryOutcome::Failed
            }
            None => DeliveryOutcome::Pending,
        }
    }

    /// The final outcome when the status says the delivery is over (succeeded, or failed for
    /// good); `None` while it may still be attempted or retried.
    pub fn settled(&self) -> Option<DeliveryOutcome> {
        let status = self.status.as_deref().unwrap_or("").to_ascii_lowercase();
        match status.as_str() {
            "succeeded" | "success" | "successful" | "delivered" | "ok" => {
                Some(DeliveryOutcome::Succeeded)
            }
            "failed" | "failure" | "error" | "exhausted" | "abandoned" => {
                Some(DeliveryOutcome::Failed)
            }
            _ => None,
        }
    }
}

impl Attempt {
    /// Whether this attempt succeeded: `succeeded` when given, else a 2xx status code.
    pub fn ok(&self) -> Option<bool> {
        self.succeeded
            .or_else(|| self.status_code.map(|c| (200..300).contains(&c)))
    }
}

/// Why an answer could not be read as the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error("expected a JSON object, got {0}")]
    NotObject(&'static str),
    #[error("expected a list (or an object wrapping one), got {0}")]
    NotList(&'static str),
    #[error("list item {index} is {kind}, not an object")]
    ItemNotObject { index: usize, kind: &'static str },
    #[error("{0}")]
    Field(String),
}

pub use crate::event::json_kind as kind;

/// Unwrap a list: a bare array, or the first array found under one of [`LIST_KEYS`] (also one
/// level down, e.g. `{"data":{"items":[…]}}`).
pub fn unwrap_list(value: Value) -> Result<Vec<Value>, ShapeError> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(mut obj) => {
            for key in LIST_KEYS {
                match obj.remove(*key) {
                    Some(Value::Array(items)) => return Ok(items),
                    Some(inner @ Value::Object(_)) => {
                        if let Ok(items) = unwrap_list(inner) {
                            return Ok(items);
                        }
                    }
                    _ => {}
                }
            }
            Err(ShapeError::NotList("an object without a list in it"))
        }
        other => Err(ShapeError::NotList(kind(&other))),
    }
}

/// Read one object into an [`Item`].
pub fn item<T: for<'de> Deserialize<'de>>(value: Value) -> Result<Item<T>, ShapeError> {
    let Value::Object(raw) = value else {
        return Err(ShapeError::NotObject(kind(&value)));
    };
    let view = serde_json::from_value(Value::Object(raw.clone()))
        .map_err(|e| ShapeError::Field(e.to_string()))?;
    Ok(Item { raw, view })
}

/// Read a single object that may itself be wrapped (`{"data": {...}}`, `{"webhook": {...}}`).
pub fn single<T: for<'de> Deserialize<'de>>(
    value: Value,
    key: &str,
) -> Result<Item<T>, ShapeError> {
    if let Value::Object(obj) = &value
        && !obj.contains_key("id")
    {
        for k in ["data", key] {
            if let Some(inner @ Value::Object(_)) = obj.get(k) {
                return item(inner.clone());
            }
        }
    }
    item(value)
}

/// Read a list of objects, bare or wrapped.
pub fn list<T: for<'de> Deserialize<'de>>(value: Value) -> Result<Vec<Item<T>>, ShapeError> {
    unwrap_list(value)?
        .into_iter()
        .enumerate()
        .map(|(index, v)| match v {
            Value::Object(_) => item(v),
            other => Err(ShapeError::ItemNotObject {
                index,
                kind: kind(&other),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_bare_and_wrapped() {
        let d = json!({"id": "d1"});
        for shape in [
            json!([d]),
            json!({"data": [d]}),
            json!({"deliveries": [d], "next": null}),
            json!({"items": [d]}),
            json!({"results": [d]}),
            json!({"data": {"items": [d]}}),
        ] {
            let got: Vec<Item<Delivery>> = list(shape.clone()).unwrap();
            assert_eq!(got[0].view.id.as_deref(), Some("d1"), "{shape}");
        }
        assert!(list::<Delivery>(json!({"count": 1})).is_err());
        assert!(list::<Delivery>(json!("x")).is_err());
        assert_eq!(
            list::<Delivery>(json!([1])).unwrap_err(),
            ShapeError::ItemNotObject {
                index: 0,
                kind: "a number"
            }
        );
    }

    #[test]
    fn lenient_fields_and_unknown_fields_kept() {
        let v = json!({
            "id": 42, "status": "FAILED", "attempts": "3", "response_code": "500",
            "created_at": null, "region": "ca-central", "nested": {"a": 1}
        });
        let got: Item<Delivery> = item(v).unwrap();
        assert_eq!(got.view.id.as_deref(), Some("42"));
        assert_eq!(got.view.attempts, Some(3));
        assert_eq!(got.view.response_code, Some(500));
        assert_eq!(got.view.outcome(), DeliveryOutcome::Failed);
        assert_eq!(got.view.extra["region"], "ca-central");
        assert_eq!(got.raw["attempts"], "3", "raw keeps what the API sent");
        let empty: Item<Attempt> = item(json!({})).unwrap();
        assert_eq!(empty.view.ok(), None);
        let weird: Item<Webhook> = item(json!({"event_types": "a.b", "enabled": "true"})).unwrap();
        assert_eq!(weird.view.event_types, ["a.b"]);
        assert_eq!(weird.view.enabled, Some(true));
    }

    #[test]
    fn outcomes() {
        let d = |status: &str, attempts: u64, code: Option<u64>| Delivery {
            status: Some(status.into()),
            attempts: Some(attempts),
            response_code: code,
            ..Default::default()
        };
        assert_eq!(
            d("succeeded", 1, Some(200)).outcome(),
            DeliveryOutcome::Succeeded
        );
        assert_eq!(d("pending", 0, None).outcome(), DeliveryOutcome::Pending);
        assert_eq!(
            d("pending", 1, Some(503)).outcome(),
            DeliveryOutcome::Failed
        );
        assert_eq!(d("retrying", 2, None).outcome(), DeliveryOutcome::Pending);
    }

    #[test]
    fn single_objects_may_be_wrapped() {
        let w: Item<Webhook> = single(json!({"webhook": {"id": "w1"}}), "webhook").unwrap();
        assert_eq!(w.view.id.as_deref(), Some("w1"));
        let w: Item<Webhook> = single(json!({"data": {"id": "w2"}}), "webhook").unwrap();
        assert_eq!(w.view.id.as_deref(), Some("w2"));
        assert!(single::<Webhook>(json!([]), "webhook").is_err());
    }
}
