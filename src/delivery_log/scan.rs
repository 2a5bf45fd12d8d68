//! The fast path of [`DeliveryView::parse_line`]: a hand-written reader for lines as the log's
//! one writer ([`super::write_line`]) produces them. `verify --log` reads hundreds of thousands
//! of lines, and a general JSON parse was a quarter of its time.
//!
//! The body's escapes are decoded in the same pass that finds its end, into a buffer the caller
//! reuses for every line.
//!
//! It reads strictly less than JSON: anything it is not sure of (whitespace between tokens, a
//! control byte, a `\u` escape, an escaped key, a repeated field it reads, a number it cannot
//! hold, deep nesting, bytes that are not UTF-8) makes it give up, and serde_json reads the line
//! instead. So it never accepts a line serde refuses nor reads one differently; a property test
//! and the `log_line` fuzz target compare the two on written and damaged lines.

use std::borrow::Cow;

use super::{BodyEncoding, DeliveryView};

/// Nesting deeper than this is left to serde_json (whose own limit is 128).
const MAX_DEPTH: usize = 64;

/// Where the text of the body string is, once its escapes are decoded.
#[derive(Debug, PartialEq)]
pub(super) enum BodyText<'a> {
    /// It held no escape: the text is in the line.
    Plain(&'a [u8]),
    /// Decoded into the caller's buffer.
    InScratch,
}

/// The view of `line` and where its body's text is (`scratch` is cleared first and holds it
/// when it had escapes), or `None` when serde_json should read the line.
pub(super) fn scan<'a>(
    line: &'a [u8],
    scratch: &mut Vec<u8>,
) -> Option<(DeliveryView<'a>, BodyText<'a>)> {
    scratch.clear();
    // Both checks run over the whole line at memory speed; after them a string token can be
    // cut out with `memchr` alone.
    let text = std::str::from_utf8(line).ok()?;
    if line.iter().fold(false, |control, &b| control | (b < 0x20)) {
        return None;
    }
    let mut cursor = Cursor { text, at: 0 };
    let found = cursor.record(scratch)?;
    (cursor.at == text.len()).then_some(found)
}

/// The fields a view needs, each at most once.
#[derive(Default)]
struct Fields<'a> {
    headers: Option<Vec<(Cow<'a, str>, Cow<'a, str>)>>,
    body: Option<(&'a str, BodyText<'a>)>,
    body_encoding: Option<BodyEncoding>,
    body_bytes: Option<usize>,
    event_id: Option<Option<Cow<'a, str>>>,
    event_type: Option<Option<Cow<'a, str>>>,
}

/// Fill `slot` once; a second value for the same field is serde's to refuse.
fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn eat_word(&mut self, word: &str) -> Option<()> {
        self.text[self.at..]
            .starts_with(word)
            .then(|| self.at += word.len())
    }

    /// The top-level object: known fields read, every other value checked and skipped.
    fn record(&mut self, scratch: &mut Vec<u8>) -> Option<(DeliveryView<'a>, BodyText<'a>)> {
        let mut fields = Fields::default();
        self.eat(b'{')?;
        if self.eat(b'}').is_none() {
            loop {
                let (key, escaped) = self.string(None)?;
                if escaped {
                    return None;
                }
                self.eat(b':')?;
                match key {
                    "headers" => once(&mut fields.headers, self.headers()?)?,
                    "body" => {
                        let start = self.at;
                        let (inner, escaped) = self.string(Some(scratch))?;
                        let text = if escaped {
                            BodyText::InScratch
                        } else {
                            BodyText::Plain(inner.as_bytes())
                        };
                        once(&mut fields.body, (&self.text[start..self.at], text))?;
                    }
                    "body_encoding" => once(&mut fields.body_encoding, self.encoding()?)?,
                    "body_bytes" => once(&mut fields.body_bytes, self.count()?)?,
                    "event_id" => once(&mut fields.event_id, self.optional_text()?)?,
                    "event_type" => once(&mut fields.event_type, self.optional_text()?)?,
                    _ => self.skip_value(0)?,
                }
                if self.eat(b'}').is_some() {
                    break;
                }
                self.eat(b',')?;
            }
        }
        let (body, text) = fields.body?;
        let view = DeliveryView {
            headers: fields.headers?,
            body,
            body_encoding: fields.body_encoding?,
            body_bytes: fields.body_bytes?,
            event_id: fields.event_id.flatten(),
            event_type: fields.event_type.flatten(),
        };
        Some((view, text))
    }

    /// A string token: its text between the quotes, and whether it held an escape. With
    /// `decoded`, the text is also appended there with its escapes decoded, in the same pass that
    /// seeks the end. Only one-character escapes are read; a `\u` is left to serde_json.
    fn string(&mut self, mut decoded: Option<&mut Vec<u8>>) -> Option<(&'a str, bool)> {
        self.eat(b'"')?;
        let start = self.at;
        let bytes = self.text.as_bytes();
        let mut copied = start;
        loop {
            self.at += memchr::memchr2(b'"', b'\\', &bytes[self.at..])?;
            if bytes[self.at] == b'"' {
                break;
            }
            let plain = one_char_escape(*bytes.get(self.at + 1)?)?;
            if let Some(out) = decoded.as_deref_mut() {
                out.extend_from_slice(&bytes[copied..self.at]);
                out.push(plain);
            }
            self.at += 2;
            copied = self.at;
        }
        let escaped = copied != start;
        if escaped && let Some(out) = decoded {
            out.extend_from_slice(&bytes[copied..self.at]);
        }
        let inner = &self.text[start..self.at];
        self.at += 1;
        Some((inner, escaped))
    }

    /// A string's value, borrowed unless it holds escapes.
    fn text(&mut self) -> Option<Cow<'a, str>> {
        // Allocates only when an escape is met.
        let mut decoded = Vec::new();
        let (inner, escaped) = self.string(Some(&mut decoded))?;
        Some(if escaped {
            // Escapes decode to ASCII inside text already checked as UTF-8.
            Cow::Owned(String::from_utf8(decoded).ok()?)
        } else {
            Cow::Borrowed(inner)
        })
    }

    fn optional_text(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.eat_word("null").is_some() {
            return Some(None);
        }
        self.text().map(Some)
    }

    /// `[[name, value], …]`.
    fn headers(&mut self) -> Option<Vec<(Cow<'a, str>, Cow<'a, str>)>> {
        let mut headers = Vec::new();
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(headers);
        }
        loop {
            self.eat(b'[')?;
            let name = self.text()?;
            self.eat(b',')?;
            let value = self.text()?;
            self.eat(b']')?;
            headers.push((name, value));
            if self.eat(b']').is_some() {
                return Some(headers);
            }
            self.eat(b',')?;
        }
    }

    fn encoding(&mut self) -> Option<BodyEncoding> {
        match self.string(None)? {
            ("utf8", false) => Some(BodyEncoding::Utf8),
            ("base64", false) => Some(BodyEncoding::Base64),
            _ => None,
        }
    }

    /// A whole number that fits a `usize` (anything else is serde's to refuse or read).
    fn count(&mut self) -> Option<usize> {
        self.number()?.parse().ok()
    }

    /// A number token exactly as JSON defines it, as text.
    fn number(&mut self) -> Option<&'a str> {
        let start = self.at;
        self.eat(b'-');
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.').is_some() {
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Some(&self.text[start..self.at])
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    /// Check one value of any kind and move past it.
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string(None).map(drop),
            b'{' => {
                self.at += 1;
                if self.eat(b'}').is_some() {
                    return Some(());
                }
                loop {
                    self.string(None)?;
                    self.eat(b':')?;
                    self.skip_value(depth + 1)?;
                    if self.eat(b'}').is_some() {
                        return Some(());
                    }
                    self.eat(b',')?;
                }
            }
            b'[' => {
                self.at += 1;
                if self.eat(b']').is_some() {
                    return Some(());
                }
                loop {
                    self.skip_value(depth + 1)?;
                    if self.eat(b']').is_some() {
                        return Some(());
                    }
                    self.eat(b',')?;
                }
            }
            b't' => self.eat_word("true"),
            b'f' => self.eat_word("false"),
            b'n' => self.eat_word("null"),
            _ => self.number().map(drop),
        }
    }
}

/// The byte a one-character JSON escape stands for, by the byte after its backslash (`n` for
/// `\n`); `None` for `\u` and for anything that is no escape. The one table the log's readers use.
pub(super) fn one_char_escape(after_backslash: u8) -> Option<u8> {
    Some(match after_backslash {
        b'"' => b'"',
        b'\\' => b'\\',
        b'/' => b'/',
        b'b' => 0x08,
        b'f' => 0x0c,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        _ => return None,
    })
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
