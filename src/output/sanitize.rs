//! The one gate between text from outside (request bodies, headers, paths, ids, event types, API
//! fields, an endpoint's answers, servers' error messages, URLs) and a person's terminal. Control
//! characters could otherwise clear the screen, retitle the window, plant hyperlinks, overwrite a
//! line with a fake `✓ valid`, or reorder what is shown (bidi controls); here they are shown
//! visibly escaped instead: `\x1b`, `\r`, `\u{9b}`, `\u{202e}`. `--json` output never goes
//! through this (it must stay exact JSON).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must never reach a terminal raw: C0 controls, DEL, C1 controls, the bidi
/// embedding/override/isolate marks (U+202A–202E, U+2066–2069, U+200E/200F, U+061C) and the
/// Unicode line and paragraph separators (U+2028/2029, which some terminals treat as a newline).
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{061c}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// A quick byte test that never misses an unsafe character: every one of them is an ASCII control
/// byte or starts with the UTF-8 lead byte 0xC2 (C1), 0xD8 (U+061C) or 0xE2 (U+2xxx).
fn may_be_unsafe(text: &str) -> bool {
    text.bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xd8 || b == 0xe2)
}

/// A field shown on one line (an id, a path, a URL, a header, an error message): every unsafe
/// character escaped, `\r` and `\n` included.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Text shown over several lines (a body, a command's output): newlines kept, every other unsafe
/// character escaped (so `\r\n` shows as `\r` at the end of a line).
pub fn multi_line(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Bytes from outside shown as text: invalid UTF-8 replaced (U+FFFD), then [`multi_line`].
pub fn bytes_multi_line(bytes: &[u8]) -> String {
    multi_line(&String::from_utf8_lossy(bytes)).into_owned()
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !may_be_unsafe(text) {
        return Cow::Borrowed(text);
    }
    if !text
        .chars()
        .any(|c| is_unsafe(c) && !(keep_newlines && c == '\n'))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c <= '\u{7f}' && is_unsafe(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Runs of whitespace (newlines included) as one space, so a body fits on its table cell or line.
/// Not a sanitiser: escape the result with [`one_line`] (it may still hold controls).
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A JSON string literal for a person: JSON's own escapes, plus `\u007f`, C1 and bidi controls as
/// `\uXXXX`, so the pretty-printed body stays valid JSON and shows no raw control.
pub fn json_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One sample of every class that must be escaped, with its escaped form.
    pub const CLASSES: &[(&str, &str)] = &[
        ("\u{1b}", "\\x1b"),
        ("\u{7}", "\\x07"),
        ("\u{0}", "\\x00"),
        ("\r", "\\r"),
        ("\t", "\\t"),
        ("\u{7f}", "\\x7f"),
        ("\u{9b}", "\\u{9b}"),
        ("\u{85}", "\\u{85}"),
        ("\u{202e}", "\\u{202e}"),
        ("\u{202a}", "\\u{202a}"),
        ("\u{2066}", "\\u{2066}"),
        ("\u{2069}", "\\u{2069}"),
        ("\u{200e}", "\\u{200e}"),
        ("\u{200f}", "\\u{200f}"),
        ("\u{61c}", "\\u{61c}"),
        ("\u{2028}", "\\u{2028}"),
    ];

    #[test]
    fn every_class_is_escaped_on_one_line() {
        for (raw, shown) in CLASSES {
            let text = format!("a{raw}b");
            assert_eq!(one_line(&text), format!("a{shown}b"), "{raw:?}");
        }
        assert_eq!(one_line("a\nb"), "a\\nb");
    }

    #[test]
    fn multi_line_keeps_newlines_only() {
        for (raw, shown) in CLASSES {
            let text = format!("a{raw}\nb");
            assert_eq!(multi_line(&text), format!("a{shown}\nb"), "{raw:?}");
        }
        assert_eq!(multi_line("x\r\ny"), "x\\r\ny");
    }

    #[test]
    fn attack_strings_lose_their_power() {
        let attack = "\u{1b}]0;title\u{7}\u{1b}[2J\u{1b}]8;;http://evil\u{1b}\\x\u{1b}]8;;\u{1b}\\\r✓ valid\u{202e}";
        let shown = one_line(attack);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        assert_eq!(
            shown,
            "\\x1b]0;title\\x07\\x1b[2J\\x1b]8;;http://evil\\x1b\\x\\x1b]8;;\\x1b\\\\r✓ valid\\u{202e}"
        );
    }

    #[test]
    fn harmless_text_is_borrowed() {
        for text in [
            "plain",
            "é ✓ → 日本",
            "\u{2014} dash \u{201c}quote\u{201d}",
            "£ ¥ Ā",
        ] {
            assert!(matches!(one_line(text), Cow::Borrowed(_)), "{text}");
        }
        assert!(matches!(multi_line("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_quote_is_valid_json_without_raw_controls() {
        for (raw, _) in CLASSES {
            let text = format!("a{raw}\"\\b");
            let quoted = json_quote(&text);
            assert!(!quoted.chars().any(is_unsafe), "{quoted}");
            let back: String = serde_json::from_str(&quoted).unwrap();
            assert_eq!(back, text);
        }
        assert_eq!(json_quote("\u{202e}"), "\"\\u202e\"");
        assert_eq!(json_quote("\u{1b}"), "\"\\u001b\"");
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(bytes_multi_line(b"a\xff\x1b"), "a\u{fffd}\\x1b");
    }
}
