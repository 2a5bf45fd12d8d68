//! Pretty, coloured JSON for people (listen and send show bodies with it). Folds long bodies to a
//! number of lines so one big delivery does not flood the terminal. Strings and keys are quoted
//! with every control character escaped, so a body cannot drive the terminal.

use colored::Colorize;
use serde_json::Value;

/// Render `value` indented by two spaces, coloured when colour is on, keys in original order.
pub fn render(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out
}

/// Render and keep at most `max_lines` lines, noting how many were folded away.
pub fn render_folded(value: &Value, max_lines: Option<usize>) -> String {
    let text = render(value);
    fold(&text, max_lines)
}

/// Keep the first `max_lines` lines of `text` and say how many more there were.
pub fn fold(text: &str, max_lines: Option<usize>) -> String {
    let Some(max) = max_lines else {
        return text.to_owned();
    };
    let total = text.lines().count();
    if total <= max {
        return text.to_owned();
    }
    let mut kept: Vec<&str> = text.lines().take(max).collect();
    let note = format!("… {} more lines (--full shows all)", total - max);
    let note = note.dimmed().to_string();
    kept.push(&note);
    kept.join("\n")
}

fn write_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            let members = map.iter().map(|(key, item)| (Some(key.as_str()), item));
            write_container(out, ('{', '}'), members, indent);
        }
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            let elements = items.iter().map(|item| (None, item));
            write_container(out, ('[', ']'), elements, indent);
        }
        Value::String(s) => out.push_str(&quote(s).green().to_string()),
        Value::Number(n) => out.push_str(&n.to_string().yellow().to_string()),
        Value::Bool(b) => out.push_str(&b.to_string().magenta().to_string()),
        Value::Null => out.push_str(&"null".magenta().to_string()),
    }
}

/// A non-empty object or array, one member per line: keys (objects only) in blue, then the value.
fn write_container<'a>(
    out: &mut String,
    (open, close): (char, char),
    members: impl ExactSizeIterator<Item = (Option<&'a str>, &'a Value)>,
    indent: usize,
) {
    let len = members.len();
    out.push(open);
    out.push('\n');
    for (i, (key, item)) in members.enumerate() {
        push_indent(out, indent + 1);
        if let Some(key) = key {
            out.push_str(&quote(key).blue().bold().to_string());
            out.push_str(": ");
        }
        write_value(out, item, indent + 1);
        if i + 1 < len {
            out.push(',');
        }
        out.push('\n');
    }
    push_indent(out, indent);
    out.push(close);
}

/// Keys and strings come from outside: quoted with every control escaped (still valid JSON).
fn quote(s: &str) -> String {
    super::sanitize::json_quote(s)
}

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_pretty_json_without_colour() {
        colored::control::set_override(false);
        let value: Value =
            serde_json::from_str(r#"{"b":1,"a":[true,null,"x\"y"],"e":{}}"#).unwrap();
        assert_eq!(
            render(&value),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }

    #[test]
    fn escapes_controls_in_keys_and_strings() {
        colored::control::set_override(false);
        let value = serde_json::json!({"k\u{1b}": "a\u{9b}b\u{202e}c\u{7f}"});
        let shown = render(&value);
        assert!(
            !shown
                .chars()
                .any(|c| c != '\n' && super::super::sanitize::is_unsafe(c))
        );
        assert_eq!(shown, "{\n  \"k\\u001b\": \"a\\u009bb\\u202ec\\u007f\"\n}");
        let back: Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn folds_long_output() {
        colored::control::set_override(false);
        let text = "1\n2\n3\n4";
        assert_eq!(
            fold(text, Some(2)),
            "1\n2\n… 2 more lines (--full shows all)"
        );
        assert_eq!(fold(text, None), text);
        assert_eq!(fold(text, Some(4)), text);
    }
}
