//! Building the event body to send: a built-in fixture or a JSON event file, with the user's
//! overrides (`--project-id`, `--event-id`, `--data`, `--set`, `--top-level-type`). Pure: ids and
//! the time are passed in, and everything goes through [`fixtures::render`] so that fixtures and
//! files follow the same rules.

use serde_json::{Map, Value};

use crate::fixtures::{self, Assignment, RenderError, RenderInput};

/// Overrides shared by fixtures and event files.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Replace `project_id`.
    pub project_id: Option<String>,
    /// Use this `event_id` instead of a fresh one (or instead of the file's).
    pub event_id: Option<String>,
    /// Also put `event_type` at the top level (contract §2).
    pub top_level_type: bool,
    /// Replace the whole `data` object (its `event_type` is kept when the new data lacks one).
    pub data: Option<Map<String, Value>>,
    /// `--set PATH=VALUE`, applied last, in order.
    pub sets: Vec<Assignment>,
}

/// What events are built from.
#[derive(Debug, Clone)]
pub enum Template {
    /// A built-in fixture: fresh `event_id` and current `timestamp` every time.
    Fixture(&'static fixtures::Fixture),
    /// The JSON object of an event file (`{{event_id}}`/`{{now}}`/`{{uuid}}` placeholders work).
    File(Map<String, Value>),
}

/// Why an event file cannot be used as an event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("is not valid JSON ({0})")]
    NotJson(String),
    #[error("is JSON but not an object (an event is a JSON object)")]
    NotAnObject,
}

/// Parse an event file (or a `--data` file) into a JSON object.
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, FileError> {
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(FileError::NotAnObject),
        Err(e) => Err(FileError::NotJson(e.to_string())),
    }
}

/// A template plus overrides, ready to produce one event after another.
#[derive(Debug, Clone)]
pub struct Builder {
    template: Template,
    overrides: Overrides,
    assignments: Vec<Assignment>,
    /// For files: keep the file's own `event_id` (single sends) or use a fresh one (load mode).
    keep_file_id: bool,
}

impl Builder {
    /// Prepare the overrides once; `keep_file_id` is false in load mode, where every request
    /// must be a distinct event.
    pub fn new(template: Template, overrides: Overrides, keep_file_id: bool) -> Self {
        let mut assignments = Vec::with_capacity(overrides.sets.len() + 1);
        if let Some(data) = &overrides.data {
            let mut data = data.clone();
            if !data.contains_key("event_type")
                && let Some(event_type) = template_type(&template)
            {
                let mut with_type = Map::with_capacity(data.len() + 1);
                with_type.insert("event_type".into(), Value::String(event_type));
                with_type.extend(data);
                data = with_type;
            }
            assignments.push(Assignment {
                path: vec!["data".into()],
                value: Value::Object(data),
            });
        }
        assignments.extend(overrides.sets.iter().cloned());
        Builder {
            template,
            overrides,
            assignments,
            keep_file_id,
        }
    }

    /// The event type the template carries, if any (for messages before anything is built).
    pub fn event_type(&self) -> Option<String> {
        template_type(&self.template)
    }

    /// Build one event's bytes. `fresh_id` makes ids (event id, `{{uuid}}`), `now` is the time.
    pub fn build(
        &self,
        fresh_id: &mut dyn FnMut() -> String,
        now: &str,
    ) -> Result<Vec<u8>, RenderError> {
        let event_id = self
            .overrides
            .event_id
            .clone()
            .unwrap_or_else(&mut *fresh_id);
        match &self.template {
            Template::Fixture(fixture) => fixture.render(self.input(event_id, now, fresh_id)),
            Template::File(map) => {
                let prepared = self.prepare_file(map, &event_id, now);
                let text = serde_json::to_string(&Value::Object(prepared))
                    .map_err(|e| RenderError::BadTemplate(e.to_string()))?;
                fixtures::render(&text, self.input(event_id, now, fresh_id))
            }
        }
    }

    fn input<'a>(
        &'a self,
        event_id: String,
        now: &str,
        fresh_id: &'a mut dyn FnMut() -> String,
    ) -> RenderInput<'a> {
        RenderInput {
            event_id,
            now: now.to_owned(),
            project_id: self.overrides.project_id.clone(),
            top_level_type: self.overrides.top_level_type,
            assignments: &self.assignments,
            fresh_id,
        }
    }

    /// A file keeps its `event_id` and `timestamp` unless `--event-id` is given (or load mode
    /// needs a fresh id); missing ones are added at the front, in envelope order.
    fn prepare_file(
        &self,
        map: &Map<String, Value>,
        event_id: &str,
        now: &str,
    ) -> Map<String, Value> {
        let has_id = map
            .get("event_id")
            .and_then(Value::as_str)
            .is_some_and(|id| !id.is_empty());
        let replace_id = self.overrides.event_id.is_some() || !self.keep_file_id || !has_id;
        let mut front = Map::new();
        let mut out = map.clone();
        if replace_id {
            let id = Value::String(event_id.to_owned());
            if out.contains_key("event_id") {
                out.insert("event_id".into(), id); // keeps the key's position
            } else {
                front.insert("event_id".into(), id);
            }
        }
        if !out.contains_key("timestamp") {
            front.insert("timestamp".into(), Value::String(now.to_owned()));
        }
        if front.is_empty() {
            return out;
        }
        front.extend(out);
        front
    }
}

/// Placeholders used while compiling: plain ASCII, so JSON serialisation leaves them intact.
const SLOT_ID: &str = "trst-hooks:slot:event-id:5c1e";
const SLOT_NOW: &str = "trst-hooks:slot:now:5c1e";
const SLOT_UUID: &str = "trst-hooks:slot:uuid:5c1e";

/// One piece of a compiled event.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(Vec<u8>),
    Id,
    Now,
    Uuid,
}

/// A [`Builder`] rendered once with slots where the per-event values go. Load mode builds
/// thousands of events per second, and re-parsing the template for each cost more than signing.
/// Produces exactly the bytes [`Builder::build`] would for the same ids and time.
#[derive(Debug, Clone)]
pub struct Compiled {
    parts: Vec<Part>,
    fixed_id: bool,
    len: usize,
}

impl Builder {
    /// Render once with slots (see [`Compiled`]).
    pub fn compile(&self) -> Result<Compiled, RenderError> {
        let fixed_id = self.overrides.event_id.is_some();
        let mut first = !fixed_id;
        let mut slots = || {
            if std::mem::take(&mut first) {
                SLOT_ID.to_owned()
            } else {
                SLOT_UUID.to_owned()
            }
        };
        let bytes = self.build(&mut slots, SLOT_NOW)?;
        let mut parts = Vec::new();
        let mut rest = bytes.as_slice();
        loop {
            let next = [
                (SLOT_ID, Part::Id),
                (SLOT_NOW, Part::Now),
                (SLOT_UUID, Part::Uuid),
            ]
            .into_iter()
            .filter_map(|(slot, part)| {
                memchr::memmem::find(rest, slot.as_bytes()).map(|at| (at, slot.len(), part))
            })
            .min_by_key(|(at, _, _)| *at);
            let Some((at, len, part)) = next else {
                parts.push(Part::Text(rest.to_vec()));
                break;
            };
            parts.push(Part::Text(rest[..at].to_vec()));
            parts.push(part);
            rest = &rest[at + len..];
        }
        Ok(Compiled {
            parts,
            fixed_id,
            len: bytes.len(),
        })
    }
}

impl Compiled {
    /// Build one event: a fresh id (unless `--event-id` fixed it), `now`, fresh `{{uuid}}`s.
    pub fn build(&self, fresh_id: &mut dyn FnMut() -> String, now: &str) -> Vec<u8> {
        let event_id = if self.fixed_id {
            String::new()
        } else {
            fresh_id()
        };
        let mut out = Vec::with_capacity(self.len + 64);
        for part in &self.parts {
            match part {
                Part::Text(text) => out.extend_from_slice(text),
                Part::Id => out.extend_from_slice(event_id.as_bytes()),
                Part::Now => out.extend_from_slice(now.as_bytes()),
                Part::Uuid => out.extend_from_slice(fresh_id().as_bytes()),
            }
        }
        out
    }
}

fn template_type(template: &Template) -> Option<String> {
    match template {
        Template::Fixture(f) => Some(f.event_type.to_owned()),
        Template::File(map) => crate::event::summarize_object(map).event_type,
    }
}

#[cfg(test)]
#[path = "event_tests.rs"]
mod tests;
