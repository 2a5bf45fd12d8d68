//! A small table renderer: cell text (from the API) escaped, columns padded by display width on
//! the plain text, colour applied after padding so escape codes never break alignment; the last
//! column is not padded (no trailing spaces).

use colored::Colorize;
use unicode_width::UnicodeWidthStr;

use crate::output::sanitize::one_line;

/// How a cell's text is coloured (after padding).
pub type Paint = fn(&str) -> String;

/// One cell: its plain text and how to paint it.
pub struct Cell {
    pub text: String,
    pub paint: Paint,
}

impl Cell {
    /// A cell printed as it is.
    pub fn plain(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            paint: |s| s.to_owned(),
        }
    }

    /// A cell painted by `paint` (a function from `output`, e.g. green for success).
    pub fn painted(text: impl Into<String>, paint: Paint) -> Self {
        Cell {
            text: text.into(),
            paint,
        }
    }

    /// `-` in dim for a missing value, else the text.
    pub fn or_dash(text: Option<String>) -> Self {
        match text {
            Some(t) if !t.is_empty() => Cell::plain(t),
            _ => Cell::painted("-", |s| s.dimmed().to_string()),
        }
    }
}

/// Render a header line and one line per row.
pub fn render(headers: &[&str], rows: &[Vec<Cell>]) -> Vec<String> {
    let rows: Vec<Vec<(String, Paint)>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .take(headers.len())
                .map(|c| (one_line(&c.text).into_owned(), c.paint))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (i, (text, _)) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(text.width());
            }
        }
    }
    let last = headers.len().saturating_sub(1);
    let line = |cells: Vec<(String, Paint)>| -> String {
        let mut out = String::new();
        for (i, (text, paint)) in cells.into_iter().enumerate() {
            let pad = widths[i].saturating_sub(text.width());
            out.push_str(&paint(&text));
            if i < last {
                out.push_str(&" ".repeat(pad + 2));
            }
        }
        out
    };
    let mut lines = vec![line(
        headers
            .iter()
            .map(|h| (h.to_string(), (|s: &str| s.bold().to_string()) as Paint))
            .collect(),
    )];
    lines.extend(rows.into_iter().map(line));
    lines
}

/// A timestamp shortened for a table: `2024-11-02 15:30:00Z` (fractions dropped).
pub fn short_time(text: &str) -> String {
    let spaced = text.replacen('T', " ", 1);
    match (spaced.find('.'), spaced.len() >= 19) {
        (Some(dot), true) if dot == 19 => {
            let tail: String = spaced[dot..]
                .chars()
                .skip(1)
                .skip_while(char::is_ascii_digit)
                .collect();
            format!("{}{tail}", &spaced[..dot])
        }
        _ => spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_on_plain_text() {
        colored::control::set_override(false);
        let lines = render(
            &["ID", "STATUS", "CODE"],
            &[
                vec![
                    Cell::plain("d_1"),
                    Cell::plain("succeeded"),
                    Cell::plain("200"),
                ],
                vec![
                    Cell::plain("d_long_id"),
                    Cell::or_dash(None),
                    Cell::or_dash(None),
                ],
            ],
        );
        assert_eq!(lines[0], "ID         STATUS     CODE");
        assert_eq!(lines[1], "d_1        succeeded  200");
        assert_eq!(lines[2], "d_long_id  -          -");
    }

    #[test]
    fn pads_by_display_width_and_escapes() {
        colored::control::set_override(false);
        let lines = render(
            &["ID", "URL"],
            &[
                vec![Cell::plain("日本"), Cell::plain("a")],
                vec![Cell::plain("e\u{301}x"), Cell::plain("b")],
                vec![Cell::plain("\u{1b}[2J"), Cell::plain("\u{202e}c")],
            ],
        );
        assert_eq!(lines[0], "ID       URL");
        assert_eq!(lines[1], "日本     a");
        assert_eq!(lines[2], "e\u{301}x       b");
        assert_eq!(lines[3], "\\x1b[2J  \\u{202e}c");
    }

    #[test]
    fn times() {
        assert_eq!(short_time("2024-11-02T15:30:00Z"), "2024-11-02 15:30:00Z");
        assert_eq!(
            short_time("2024-11-02T15:30:00.123456Z"),
            "2024-11-02 15:30:00Z"
        );
        assert_eq!(
            short_time("2024-11-02T15:30:00.5+02:00"),
            "2024-11-02 15:30:00+02:00"
        );
        assert_eq!(short_time("soon"), "soon");
    }
}
