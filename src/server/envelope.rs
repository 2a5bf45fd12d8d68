//! A fast look at a delivery body on the hot path: is it a JSON object, and what are its
//! `event_id` and `event_type`? The same reader as [`crate::event::summarize`] (so the same
//! answers, tested below and fuzzed), keeping only these two fields.

use crate::envelope_fields::FieldsError;

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

/// Parse `body` just enough to validate it and pick out the event's id and type (the shared
/// reader of [`crate::envelope_fields`], told to keep nothing else).
pub fn peek(body: &[u8]) -> Result<Peek, PeekError> {
    match crate::envelope_fields::read(body, false) {
        Ok(fields) => Ok(Peek {
            event_id: fields.event_id.filter(|id| !id.is_empty()),
            event_type: fields.data_type.or(fields.top_type),
        }),
        Err(FieldsError::NotAnObject) => Err(PeekError::NotAnObject),
        Err(FieldsError::NotJson(why)) => Err(PeekError::NotJson(why)),
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
