//! A fast look at a delivery body on the hot path: is it a JSON object, and what are its
//! `event_id` and `event_type`? Same answers as [`crate::event::summarize`] (tested below) without
//! building a `serde_json::Value` tree: unknown fields are skipped, not stored.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Deserialize, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What the listener needs from an event body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Peek {
    pub event_id: Option<String>,
    pub event_type: Option<String>,
}

/// Why a body is not an event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeekError {
    #[error("body is not valid JSON: {0}")]
    NotJson(String),
    #[error("body is JSON but not an object")]
    NotAnObject,
}

impl PeekError {
    /// A stable snake_case name for JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            PeekError::NotJson(_) => "not_json",
            PeekError::NotAnObject => "not_an_object",
        }
    }
}

/// Parse `body` just enough to validate it and pick out the event's id and type.
pub fn peek(body: &[u8]) -> Result<Peek, PeekError> {
    // JSON text is UTF-8; checking up front also covers strings the parser only skips over.
    let text = std::str::from_utf8(body)
        .map_err(|e| PeekError::NotJson(format!("body is not UTF-8: {e}")))?;
    match serde_json::from_str::<Top>(text) {
        Ok(top) => Ok(Peek {
            event_id: top.event_id.filter(|id| !id.is_empty()),
            event_type: top.data_type.or(top.top_type),
        }),
        Err(e) if e.classify() == serde_json::error::Category::Data => Err(PeekError::NotAnObject),
        Err(e) => Err(PeekError::NotJson(e.to_string())),
    }
}

struct Top {
    event_id: Option<String>,
    top_type: Option<String>,
    data_type: Option<String>,
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TopVisitor)
    }
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut top = Top {
            event_id: None,
            top_type: None,
            data_type: None,
        };
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::EventId => top.event_id = map.next_value::<MaybeText>()?.0,
                Key::EventType => top.top_type = map.next_value::<MaybeText>()?.0,
                Key::Data => top.data_type = map.next_value::<DataType>()?.0,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(top)
    }
}

enum Key {
    EventId,
    EventType,
    Data,
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
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A string value kept; any other JSON value accepted and dropped.
struct MaybeText(Option<String>);

impl<'de> Deserialize<'de> for MaybeText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnyVisitor { want_type: false })
            .map(MaybeText)
    }
}

/// `data.event_type` when `data` is an object holding a string there; any value accepted.
struct DataType(Option<String>);

impl<'de> Deserialize<'de> for DataType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnyVisitor { want_type: true })
            .map(DataType)
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
    use crate::event::{EnvelopeError, summarize};

    #[test]
    fn agrees_with_the_envelope_reader() {
        let bodies: &[&str] = &[
            r#"{"event_id":"e1","data":{"event_type":"enrollment.completed","x":[1,{"y":null}]}}"#,
            r#"{"event_id":"e2","event_type":"top","data":{"event_type":"inner"}}"#,
            r#"{"event_id":"e3","event_type":"top","data":{"other":1}}"#,
            r#"{"event_id":"","event_type":"top","data":7}"#,
            r#"{"event_id":5,"event_type":{"a":1},"data":[1,2]}"#,
            r#"{"event_id":"a\"b\u00e9","data":{"event_type":"t\nx"}}"#,
            r#"{"event_id":"first","event_id":"second"}"#,
            r#"{"data":{"event_type":5}, "event_type":"fallback"}"#,
            "{}",
            " {} \n",
        ];
        for body in bodies {
            let ours = peek(body.as_bytes()).expect(body);
            let theirs = summarize(body.as_bytes()).expect(body);
            assert_eq!(ours.event_id, theirs.event_id, "{body}");
            assert_eq!(ours.event_type, theirs.event_type, "{body}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_json_object() {
        for body in ["[1,2]", "\"text\"", "12", "null"] {
            assert_eq!(peek(body.as_bytes()), Err(PeekError::NotAnObject), "{body}");
            assert_eq!(summarize(body.as_bytes()), Err(EnvelopeError::NotAnObject));
        }
        for body in ["", "{", "{\"a\":1} x", "not json", "{\"a\":tru}"] {
            assert!(
                matches!(peek(body.as_bytes()), Err(PeekError::NotJson(_))),
                "{body}"
            );
            assert!(summarize(body.as_bytes()).is_err());
        }
        assert!(matches!(peek(&[0xff, b'{']), Err(PeekError::NotJson(_))));
        let bad_inside = b"{\"skipped\":\"\xff\"}";
        assert!(matches!(peek(bad_inside), Err(PeekError::NotJson(_))));
        assert!(summarize(bad_inside).is_err());
    }
}
