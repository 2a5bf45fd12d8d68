//! What `send` sends: an event built from a fixture or a JSON file (with overrides), every known
//! type (`--all`), a raw file's bytes, or a delivery replayed from a `listen` log.

use std::path::{Path, PathBuf};

use super::Args;
use crate::error::UserError;
use crate::fixtures::{self, Assignment};
use crate::sender::event::{self, Builder, Overrides, Template};
use crate::sender::replay::{self, Pick};
use crate::{clock, output, paths};

/// One thing to send (once, or `--repeat` times).
pub enum Unit {
    /// Built fresh from a template: new event_id and timestamp.
    Event(Builder),
    /// These exact bytes.
    Fixed {
        body: Vec<u8>,
        /// Shown under the request line.
        note: String,
        /// With `--keep-signature`: the signature the delivery came with (if it had one).
        kept_signature: Option<String>,
    },
}

impl Unit {
    /// The body to send now.
    pub fn body(&self) -> anyhow::Result<Vec<u8>> {
        match self {
            Unit::Event(builder) => builder
                .build(&mut clock::new_event_id, &clock::now_rfc3339())
                .map_err(|e| {
                    UserError::usage(e.to_string())
                        .hint(
                            "--set writes into objects only; pick a path whose parents are objects",
                        )
                        .into()
                }),
            Unit::Fixed { body, .. } => Ok(body.clone()),
        }
    }
}

/// Everything the command line asks to send, in order.
pub fn units(args: &Args) -> anyhow::Result<Vec<Unit>> {
    if let Some(log) = &args.replay {
        return Ok(vec![replayed(args, log.as_deref())?]);
    }
    if let Some(raw) = &args.raw {
        let body = super::super::read_input(raw)?;
        return Ok(vec![Unit::Fixed {
            note: format!("raw bytes of {}, sent exactly", raw.display()),
            body,
            kept_signature: None,
        }]);
    }
    if args.all {
        let overrides = overrides(args)?;
        return Ok(fixtures::FIXTURES
            .iter()
            .map(|f| Unit::Event(Builder::new(Template::Fixture(f), overrides.clone(), true)))
            .collect());
    }
    Ok(vec![Unit::Event(builder(args, true)?)])
}

/// The builder for the positional event (fixture or file). `keep_file_id` is false in load mode.
pub fn builder(args: &Args, keep_file_id: bool) -> anyhow::Result<Builder> {
    let Some(name) = &args.event else {
        return Err(UserError::usage("nothing to send")
            .hint(format!(
                "give an event type ({}), a JSON event file, --raw FILE, --all or --replay",
                fixtures::known_types().join(", ")
            ))
            .into());
    };
    let template = template(name)?;
    Ok(Builder::new(template, overrides(args)?, keep_file_id))
}

fn template(name: &str) -> anyhow::Result<Template> {
    if let Some(fixture) = fixtures::find(name) {
        return Ok(Template::Fixture(fixture));
    }
    let path = Path::new(name);
    let looks_like_file =
        path.exists() || name == "-" || name.ends_with(".json") || name.contains('/');
    if !looks_like_file {
        return Err(UserError::usage(format!(
            "unknown event type \"{name}\" (and no file by that name)"
        ))
        .hint(format!(
            "{}known event types: {}; or give a JSON event file",
            crate::cmd::suggest::event_type(name),
            fixtures::known_types().join(", ")
        ))
        .into());
    }
    let bytes = super::super::read_input(path)?;
    let map = event::parse_object(&bytes).map_err(|e| {
        UserError::usage(format!("{name} {e}")).hint(format!(
            "to send a file byte for byte without parsing it: trst-hooks send --raw {name}"
        ))
    })?;
    if crate::event::summarize_object(&map).event_type.is_none() {
        output::warn(&format!(
            "{name} has no event_type (neither in data nor at the top level)"
        ));
    }
    Ok(Template::File(map))
}

fn overrides(args: &Args) -> anyhow::Result<Overrides> {
    let sets = args
        .set
        .iter()
        .map(|s| Assignment::parse(s))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| UserError::usage(e.to_string()))?;
    let data = match &args.data {
        None => None,
        Some(path) => {
            let bytes = super::super::read_input(path)?;
            Some(event::parse_object(&bytes).map_err(|e| {
                UserError::usage(format!("--data {} {e}", path.display()))
                    .hint("--data takes a file holding the JSON object to use as data")
            })?)
        }
    };
    Ok(Overrides {
        project_id: args.project_id.clone(),
        event_id: args.event_id.clone(),
        top_level_type: args.top_level_type,
        data,
        sets,
    })
}

fn replayed(args: &Args, log: Option<&Path>) -> anyhow::Result<Unit> {
    let path: PathBuf = match log.map(Path::to_path_buf).or_else(paths::default_log) {
        Some(path) => path,
        None => {
            return Err(
                UserError::usage("no home directory to find the default log in")
                    .hint("give the log path: --replay PATH")
                    .into(),
            );
        }
    };
    let pick = match (&args.event_id, args.last) {
        (Some(id), _) => Pick::EventId(id.clone()),
        (None, true) => Pick::Last,
        (None, false) => {
            return Err(
                UserError::usage("--replay needs to know which delivery to resend")
                    .hint("add --last, or --event-id ID")
                    .into(),
            );
        }
    };
    let content = super::super::read_input(&path)?;
    let text = String::from_utf8_lossy(&content);
    let found = replay::pick(&text, &pick).map_err(|e| {
        UserError::usage(format!("{}: {e}", path.display()))
            .hint("list what the log holds with: trst-hooks verify --log PATH -v")
    })?;
    let kept_signature = if args.keep_signature {
        let value = found
            .record
            .header_values(crate::signature::HEADER_NAME)
            .first()
            .map(|v| (*v).to_owned());
        if value.is_none() {
            output::warn("the logged delivery carried no signature; sending it without one");
        }
        value
    } else {
        None
    };
    Ok(Unit::Fixed {
        note: format!(
            "replay of {} line {} (received {}), original bytes{}",
            path.display(),
            found.line,
            found.record.received_at,
            if args.keep_signature {
                ", original signature"
            } else {
                ", signed again"
            }
        ),
        body: found.body,
        kept_signature,
    })
}
