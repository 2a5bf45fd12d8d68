//! The JSON re-serialisations frameworks commonly produce, and writers for them: what
//! [`super::diagnose`] tries when a signature covers a re-serialised body, and the ASCII writer
//! `check` uses to build bodies a re-serialiser would change.

use serde_json::Value;

/// The JSON re-serialisations frameworks commonly produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonStyle {
    Compact,
    Pretty,
    PythonDefault,
    SortedCompact,
    SortedPretty,
    SortedPythonDefault,
}

impl JsonStyle {
    pub(super) const ALL: [JsonStyle; 6] = [
        JsonStyle::Compact,
        JsonStyle::Pretty,
        JsonStyle::PythonDefault,
        JsonStyle::SortedCompact,
        JsonStyle::SortedPretty,
        JsonStyle::SortedPythonDefault,
    ];

    pub(super) fn describe(self) -> &'static str {
        match self {
            JsonStyle::Compact => "compact JSON (JSON.stringify / serde_json style)",
            JsonStyle::Pretty => "pretty-printed JSON",
            JsonStyle::PythonDefault => "Python json.dumps style (\", \" and \": \")",
            JsonStyle::SortedCompact => "compact JSON with keys sorted",
            JsonStyle::SortedPretty => "pretty-printed JSON with keys sorted",
            JsonStyle::SortedPythonDefault => "Python json.dumps(sort_keys=True) style",
        }
    }
}

/// `value` written as `style` writes it.
pub(super) fn render_json(value: &Value, style: JsonStyle) -> Vec<u8> {
    let sorted;
    let value = match style {
        JsonStyle::SortedCompact | JsonStyle::SortedPretty | JsonStyle::SortedPythonDefault => {
            sorted = sort_keys(value);
            &sorted
        }
        _ => value,
    };
    match style {
        JsonStyle::Compact | JsonStyle::SortedCompact => {
            serde_json::to_vec(value).unwrap_or_default()
        }
        JsonStyle::Pretty | JsonStyle::SortedPretty => {
            serde_json::to_vec_pretty(value).unwrap_or_default()
        }
        JsonStyle::PythonDefault | JsonStyle::SortedPythonDefault => {
            ascii_json(value, ", ", ": ", false).into_bytes()
        }
    }
}

fn sort_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sort_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

/// JSON with every non-ASCII character escaped as `\uXXXX` (UTF-16 units), the given item and
/// key separators, and `/` written `\/` when `escape_slash`. Python's `json.dumps` default is
/// `(", ", ": ", false)`; `check` writes `(",", ":", true)` to get bytes no serialiser gives back.
pub fn ascii_json(value: &Value, item_sep: &str, key_sep: &str, escape_slash: bool) -> String {
    let mut out = String::new();
    write_ascii(&mut out, value, item_sep, key_sep, escape_slash);
    out
}

fn write_ascii(out: &mut String, value: &Value, item_sep: &str, key_sep: &str, slash: bool) {
    match value {
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_string(out, k, slash);
                out.push_str(key_sep);
                write_ascii(out, v, item_sep, key_sep, slash);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_ascii(out, v, item_sep, key_sep, slash);
            }
            out.push(']');
        }
        Value::String(s) => write_string(out, s, slash),
        other => out.push_str(&other.to_string()),
    }
}

fn write_string(out: &mut String, s: &str, escape_slash: bool) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if escape_slash => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
