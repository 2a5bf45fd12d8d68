//! The envelope's fields read straight from the bytes, every other value skipped without being
//! built: the one reader behind [`crate::event::summarize`] (and the listener's per-request
//! `peek`), so that every command draws the line between "JSON" and "not JSON" in the same
//! place. That line is JSON's syntax (RFC 8259): a number too large for a double (`2E932`) is
//! still JSON, as it is to JavaScript's and Python's parsers.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// The envelope fields found (strings only; any other value counts as absent).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields {
    pub event_id: Option<String>,
    /// `event_type` at the top level.
    pub top_type: Option<String>,
    /// `data.event_type`, when `data` is an object holding a string there.
    pub data_type: Option<String>,
    pub project_id: Option<String>,
    pub timestamp: Option<String>,
}

/// Why bytes are not an envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldsError {
    /// Not JSON (the parser's words).
    NotJson(String),
    /// JSON, but not an object.
    NotAnObject,
}

/// Read `body`. With `all` false only `event_id` and the event types are kept (what the
/// listener needs per request); with `all` also `project_id` and `timestamp`.
pub fn read(body: &[u8], all: bool) -> Result<Fields, FieldsError> {
    // JSON text is UTF-8; checking up front also covers strings the parser only skips over.
    let text = std::str::from_utf8(body)
        .map_err(|e| FieldsError::NotJson(format!("body is not UTF-8: {e}")))?;
    let mut de = serde_json::Deserializer::from_str(text);
    let fields = de
        .deserialize_map(TopVisitor { all })
        .and_then(|fields| de.end().map(|()| fields));
    fields.map_err(|e| match e.classify() {
        serde_json::error::Category::Data => FieldsError::NotAnObject,
        _ => FieldsError::NotJson(e.to_string()),
    })
}

struct TopVisitor {
    all: bool,
}

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::EventId => &mut fields.event_id,
                Key::EventType => &mut fields.top_type,
                Key::Data => {
                    fields.data_type = map.next_value::<DataType>()?.0;
                    continue;
                }
                Key::ProjectId if self.all => &mut fields.project_id,
                Key::Timestamp if self.all => &mut fields.timestamp,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = map.next_value::<MaybeText>()?.0;
        }
        Ok(fields)
    }
}

enum Key {
    EventId,
    EventType,
    Data,
    ProjectId,
    Timestamp,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "event_id" => Key::EventId,
                    "event_type" => Key::EventType,
                    "data" => Key::Data,
                    "project_id" => Key::ProjectId,
                    "timestamp" => Key::Timestamp,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A string value kept; any other JSON value accepted and dropped. The value is first taken raw
/// (skipped the way unknown fields are, so a number no double can hold is no error), then read.
struct MaybeText(Option<String>);

impl<'de> Deserialize<'de> for MaybeText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&RawValue>::deserialize(d)?;
        let text = raw.get();
        Ok(MaybeText(if text.starts_with('"') {
            serde_json::from_str(text).ok()
        } else {
            None
        }))
    }
}

/// `data.event_type` when `data` is an object holding a string there; any value accepted (taken
/// raw first, as [`MaybeText`] does).
struct DataType(Option<String>);

impl<'de> Deserialize<'de> for DataType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&RawValue>::deserialize(d)?;
        let text = raw.get();
        if !text.starts_with('{') {
            return Ok(DataType(None));
        }
        let mut inner = serde_json::Deserializer::from_str(text);
        Ok(DataType(
            inner
                .deserialize_map(AnyVisitor { want_type: true })
                .unwrap_or_default(),
        ))
    }
}

/// Accepts any JSON value. Keeps a string (`want_type: false`), or the `event_type` string of an
/// object (`want_type: true`); everything else is skipped.
struct AnyVisitor {
    want_type: bool,
}

impl<'de> Visitor<'de> for AnyVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((!self.want_type).then(|| v.to_owned()))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<Key>()? {
            if self.want_type && matches!(key, Key::EventType) {
                found = map.next_value::<MaybeText>()?.0;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_too_large_for_a_double_is_still_json() {
        // Found by the `envelope` fuzz target: the listener accepted this, `verify` did not.
        let fields = read(br#"{"":2E932,"event_id":"e1"}"#, true).expect("JSON");
        assert_eq!(fields.event_id.as_deref(), Some("e1"));
        assert!(read(br#"{"data":{"n":-1e999,"event_type":"t"}}"#, true).is_ok());
        // Found next: a huge number where a field we keep would be.
        for body in [
            &br#"{"timestamp":1761e511}"#[..],
            br#"{"event_id":9e999,"event_type":-9e999}"#,
            br#"{"data":1e400}"#,
            br#"{"data":{"event_type":1e400}}"#,
        ] {
            let all = read(body, true).expect("JSON");
            assert_eq!(all, Fields::default(), "{body:?}");
            assert_eq!(read(body, false).expect("JSON"), Fields::default());
        }
    }

    #[test]
    fn all_reads_project_and_timestamp_too() {
        let body =
            br#"{"event_id":"e","project_id":"p","timestamp":"t","data":{"event_type":"x"}}"#;
        let some = read(body, false).expect("JSON");
        assert_eq!((some.project_id, some.timestamp), (None, None));
        let all = read(body, true).expect("JSON");
        assert_eq!(all.project_id.as_deref(), Some("p"));
        assert_eq!(all.timestamp.as_deref(), Some("t"));
        assert_eq!(all.data_type.as_deref(), Some("x"));
    }

    #[test]
    fn not_json_and_not_an_object_are_told_apart() {
        assert_eq!(read(b"[1]", true), Err(FieldsError::NotAnObject));
        assert_eq!(read(b"12", true), Err(FieldsError::NotAnObject));
        assert!(matches!(
            read(b"{\"a\":1} x", true),
            Err(FieldsError::NotJson(_))
        ));
        assert!(matches!(
            read(b"{\"s\":\"\xff\"}", true),
            Err(FieldsError::NotJson(_))
        ));
    }
}
