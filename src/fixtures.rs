//! Event fixtures: the templates in `fixtures/events/` compiled into the binary, and rendering one
//! into the exact bytes TRST would send. Pure: the id generator and the clock are passed in.

use serde_json::{Map, Value};

/// A built-in event template.
#[derive(Debug, Clone, Copy)]
pub struct Fixture {
    pub event_type: &'static str,
    /// Whether TRST documents this type's data fields (false: our assumption).
    pub documented: bool,
    template: &'static str,
}

/// Every event type TRST is known to send, in a stable order.
pub const FIXTURES: &[Fixture] = &[
    Fixture {
        event_type: "enrollment.completed",
        documented: true,
        template: include_str!("../fixtures/events/enrollment.completed.json"),
    },
    Fixture {
        event_type: "demo.scan.success",
        documented: false,
        template: include_str!("../fixtures/events/demo.scan.success.json"),
    },
    Fixture {
        event_type: "webhook.test",
        documented: false,
        template: include_str!("../fixtures/events/webhook.test.json"),
    },
];

/// The known event type names, for help texts and "did you mean" lists.
pub fn known_types() -> Vec<&'static str> {
    FIXTURES.iter().map(|f| f.event_type).collect()
}

/// Look up a built-in fixture by event type.
pub fn find(event_type: &str) -> Option<&'static Fixture> {
    FIXTURES.iter().find(|f| f.event_type == event_type)
}

/// Errors from rendering or overriding an event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("template is not a JSON object: {0}")]
    BadTemplate(String),
    #[error("--set {0}: expected PATH=VALUE, e.g. data.member_id=m_42")]
    BadAssignment(String),
    #[error("--set {path}: \"{parent}\" is {kind}, not an object, so it has no field \"{field}\"")]
    NotAnObject {
        path: String,
        parent: String,
        kind: &'static str,
        field: String,
    },
}

/// One `--set PATH=VALUE` override: a dotted path and the value to put there.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub path: Vec<String>,
    pub value: Value,
}

impl Assignment {
    /// Parse `data.member_id=m_42`; the value is JSON when it parses as JSON, else a string.
    pub fn parse(text: &str) -> Result<Self, RenderError> {
        let bad = || RenderError::BadAssignment(text.to_owned());
        let (path, raw) = text.split_once('=').ok_or_else(bad)?;
        let path: Vec<String> = path.trim().split('.').map(str::to_owned).collect();
        if path.iter().any(String::is_empty) {
            return Err(bad());
        }
        let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_owned()));
        Ok(Assignment { path, value })
    }

    /// Put the value at the path, creating missing objects on the way.
    pub fn apply(&self, root: &mut Map<String, Value>) -> Result<(), RenderError> {
        let (last, parents) = self
            .path
            .split_last()
            .ok_or_else(|| RenderError::BadAssignment(String::new()))?;
        let mut map = root;
        for (depth, key) in parents.iter().enumerate() {
            let slot = map
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            map = match slot {
                Value::Object(inner) => inner,
                other => {
                    return Err(RenderError::NotAnObject {
                        path: self.path.join("."),
                        parent: self.path[..=depth].join("."),
                        kind: crate::event::json_kind(other),
                        field: self.path[depth + 1].clone(),
                    });
                }
            };
        }
        map.insert(last.clone(), self.value.clone());
        Ok(())
    }
}

/// What a render needs from the outside world, so that rendering itself stays pure.
pub struct RenderInput<'a> {
    /// The event id (a fresh UUID v4 in normal use).
    pub event_id: String,
    /// The current time, RFC 3339 UTC.
    pub now: String,
    /// Replaces the template's `project_id` when set.
    pub project_id: Option<String>,
    /// Also copy `data.event_type` to the top level (the docs' handler reads it there).
    pub top_level_type: bool,
    /// `--set` overrides, applied in order after everything else.
    pub assignments: &'a [Assignment],
    /// Fresh ids for `{{uuid}}` placeholders.
    pub fresh_id: &'a mut dyn FnMut() -> String,
}

/// Render a template: fill placeholders, strip `_comment` keys, apply overrides.
pub fn render_value(template: &str, input: RenderInput<'_>) -> Result<Value, RenderError> {
    let parsed: Value =
        serde_json::from_str(template).map_err(|e| RenderError::BadTemplate(e.to_string()))?;
    let Value::Object(mut root) = parsed else {
        return Err(RenderError::BadTemplate("not an object".into()));
    };
    let fresh_id = input.fresh_id;
    fill(&mut root, &input.event_id, &input.now, fresh_id);
    if let Some(project_id) = input.project_id {
        root.insert("project_id".into(), Value::String(project_id));
    }
    if input.top_level_type
        && let Some(event_type) = root.get("data").and_then(|d| d.get("event_type")).cloned()
    {
        insert_after(&mut root, "project_id", "event_type", event_type);
    }
    for assignment in input.assignments {
        assignment.apply(&mut root)?;
    }
    Ok(Value::Object(root))
}

/// Render straight to the compact bytes that get signed and sent.
pub fn render(template: &str, input: RenderInput<'_>) -> Result<Vec<u8>, RenderError> {
    let value = render_value(template, input)?;
    serde_json::to_vec(&value).map_err(|e| RenderError::BadTemplate(e.to_string()))
}

impl Fixture {
    /// Render this fixture; see [`render`].
    pub fn render(&self, input: RenderInput<'_>) -> Result<Vec<u8>, RenderError> {
        render(self.template, input)
    }

    /// The template text as shipped.
    pub fn template(&self) -> &'static str {
        self.template
    }
}

fn fill(
    map: &mut Map<String, Value>,
    event_id: &str,
    now: &str,
    fresh: &mut dyn FnMut() -> String,
) {
    map.retain(|key, _| key != "_comment");
    for value in map.values_mut() {
        match value {
            Value::String(s) => match s.as_str() {
                "{{event_id}}" => *s = event_id.to_owned(),
                "{{now}}" => *s = now.to_owned(),
                "{{uuid}}" => *s = fresh(),
                _ => {}
            },
            Value::Object(inner) => fill(inner, event_id, now, fresh),
            _ => {}
        }
    }
}

fn insert_after(map: &mut Map<String, Value>, after: &str, key: &str, value: Value) {
    let mut rebuilt = Map::with_capacity(map.len() + 1);
    let mut inserted = false;
    for (k, v) in std::mem::take(map) {
        let is_anchor = k == after;
        if k != key {
            rebuilt.insert(k, v);
        }
        if is_anchor {
            rebuilt.insert(key.to_owned(), value.clone());
            inserted = true;
        }
    }
    if !inserted {
        rebuilt.insert(key.to_owned(), value);
    }
    *map = rebuilt;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(
        assignments: &'a [Assignment],
        fresh: &'a mut dyn FnMut() -> String,
    ) -> RenderInput<'a> {
        RenderInput {
            event_id: "evt-1".into(),
            now: "2026-01-02T03:04:05Z".into(),
            project_id: None,
            top_level_type: false,
            assignments,
            fresh_id: fresh,
        }
    }

    #[test]
    fn every_fixture_renders_with_its_type_and_no_comment() {
        for fixture in FIXTURES {
            let mut fresh = || "uuid-x".to_string();
            let bytes = fixture.render(input(&[], &mut fresh)).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.contains("_comment"), "{text}");
            assert!(!text.contains("{{"), "{text}");
            let summary = crate::event::summarize(text.as_bytes()).unwrap();
            assert_eq!(summary.event_type.as_deref(), Some(fixture.event_type));
            assert_eq!(summary.event_id.as_deref(), Some("evt-1"));
            assert_eq!(summary.timestamp.as_deref(), Some("2026-01-02T03:04:05Z"));
        }
    }

    #[test]
    fn envelope_key_order_is_kept() {
        let mut fresh = || "u".to_string();
        let bytes = find("enrollment.completed")
            .unwrap()
            .render(input(&[], &mut fresh))
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.starts_with(
                r#"{"event_id":"evt-1","timestamp":"2026-01-02T03:04:05Z","project_id":"#
            ),
            "{text}"
        );
    }

    #[test]
    fn overrides_and_top_level_type() {
        let sets = [
            Assignment::parse("data.member_id=null").unwrap(),
            Assignment::parse("data.extra.deep=7").unwrap(),
            Assignment::parse("data.note=hello world").unwrap(),
        ];
        let mut fresh = || "u".to_string();
        let mut inp = input(&sets, &mut fresh);
        inp.project_id = Some("proj_x".into());
        inp.top_level_type = true;
        let value = render_value(find("enrollment.completed").unwrap().template(), inp).unwrap();
        assert_eq!(value["project_id"], "proj_x");
        assert_eq!(value["event_type"], "enrollment.completed");
        assert_eq!(value["data"]["member_id"], Value::Null);
        assert_eq!(value["data"]["extra"]["deep"], 7);
        assert_eq!(value["data"]["note"], "hello world");
    }

    #[test]
    fn set_into_a_non_object_is_a_clear_error() {
        let sets = [Assignment::parse("data.device_id.x=1").unwrap()];
        let mut fresh = || "u".to_string();
        let err = render_value(
            find("enrollment.completed").unwrap().template(),
            input(&sets, &mut fresh),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "--set data.device_id.x: \"data.device_id\" is a string, not an object, so it has no field \"x\""
        );
    }

    #[test]
    fn bad_assignments() {
        assert!(Assignment::parse("no_equals").is_err());
        assert!(Assignment::parse("data..x=1").is_err());
        assert!(Assignment::parse("=1").is_err());
        assert_eq!(
            Assignment::parse("a=").unwrap().value,
            Value::String(String::new())
        );
    }
}
