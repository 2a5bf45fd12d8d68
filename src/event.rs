//! Reading TRST's event envelope tolerantly (contract §2): `event_type` may sit in `data` (the
//! event reference) or at the top level (the docs' handler example), ids are opaque strings, and an
//! unknown event type is never an error. Pure: takes bytes, returns what it could find.

use serde_json::{Map, Value};

use crate::envelope_fields::FieldsError;

/// Where an event's `event_type` was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeLocation {
    Data,
    TopLevel,
}

/// The identifying fields of an event, as far as the body provides them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EventSummary {
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub type_location: Option<TypeLocation>,
    pub project_id: Option<String>,
    pub timestamp: Option<String>,
}

/// Why a body could not be read as an event at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("body is not valid JSON: {0}")]
    NotJson(String),
    #[error("body is JSON but not an object")]
    NotAnObject,
}

/// Parse a body and pull out the envelope fields. Missing fields are `None`, not errors.
pub fn summarize(body: &[u8]) -> Result<EventSummary, EnvelopeError> {
    let fields = crate::envelope_fields::read(body, true).map_err(|e| match e {
        FieldsError::NotJson(why) => EnvelopeError::NotJson(why),
        FieldsError::NotAnObject => EnvelopeError::NotAnObject,
    })?;
    let type_location = match (&fields.data_type, &fields.top_type) {
        (Some(_), _) => Some(TypeLocation::Data),
        (None, Some(_)) => Some(TypeLocation::TopLevel),
        (None, None) => None,
    };
    Ok(EventSummary {
        event_id: fields.event_id.filter(|id| !id.is_empty()),
        event_type: fields.data_type.or(fields.top_type),
        type_location,
        project_id: fields.project_id,
        timestamp: fields.timestamp,
    })
}

/// The same as [`summarize`] for an already parsed object.
pub fn summarize_object(map: &Map<String, Value>) -> EventSummary {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let in_data = map
        .get("data")
        .and_then(|d| d.get("event_type"))
        .and_then(Value::as_str);
    let top = map.get("event_type").and_then(Value::as_str);
    let (event_type, type_location) = match (in_data, top) {
        (Some(t), _) => (Some(t.to_owned()), Some(TypeLocation::Data)),
        (None, Some(t)) => (Some(t.to_owned()), Some(TypeLocation::TopLevel)),
        (None, None) => (None, None),
    };
    EventSummary {
        event_id: text(map.get("event_id")).filter(|id| !id.is_empty()),
        event_type,
        type_location,
        project_id: text(map.get("project_id")),
        timestamp: text(map.get("timestamp")),
    }
}

impl EventSummary {
    /// Envelope fields the contract requires but this event lacks, for a gentle warning.
    pub fn missing_fields(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.event_id.is_none() {
            missing.push("event_id");
        }
        if self.event_type.is_none() {
            missing.push("data.event_type");
        }
        if self.project_id.is_none() {
            missing.push("project_id");
        }
        if self.timestamp.is_none() {
            missing.push("timestamp");
        }
        missing
    }
}

/// The JSON kind of a value ("a string", "an object", …), for messages about unexpected input.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_data_event_type() {
        let s = summarize(br#"{"event_type":"top","data":{"event_type":"inner"}}"#).unwrap();
        assert_eq!(s.event_type.as_deref(), Some("inner"));
        assert_eq!(s.type_location, Some(TypeLocation::Data));
    }

    #[test]
    fn falls_back_to_top_level() {
        let s = summarize(br#"{"event_id":"e","event_type":"top","data":{}}"#).unwrap();
        assert_eq!(s.event_type.as_deref(), Some("top"));
        assert_eq!(s.type_location, Some(TypeLocation::TopLevel));
        assert_eq!(s.event_id.as_deref(), Some("e"));
    }

    #[test]
    fn unknown_types_and_missing_fields_are_fine() {
        let s = summarize(br#"{"data":{"event_type":"brand.new"}}"#).unwrap();
        assert_eq!(s.event_type.as_deref(), Some("brand.new"));
        assert_eq!(
            s.missing_fields(),
            vec!["event_id", "project_id", "timestamp"]
        );
    }

    #[test]
    fn rejects_non_objects_and_garbage() {
        assert_eq!(summarize(b"[1,2]"), Err(EnvelopeError::NotAnObject));
        assert!(matches!(
            summarize(b"{nope"),
            Err(EnvelopeError::NotJson(_))
        ));
        assert!(matches!(
            summarize(b"\xff\xfe"),
            Err(EnvelopeError::NotJson(_))
        ));
    }
}
