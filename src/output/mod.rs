//! The only place that knows about colour and about where text goes: stdout carries data (human
//! text or JSON lines), stderr carries status, warnings and errors. Colour is decided once.

pub mod check;
pub mod config;
pub mod duration;
pub mod emulator;
pub mod json_view;
pub mod listen;
pub mod sanitize;
pub mod send;
pub mod sign;
pub mod verify;
pub mod webhooks;

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use colored::Colorize;

static COLOR: AtomicBool = AtomicBool::new(false);

/// `--color` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Decide colour once: `always`/`never` win; `auto` means stdout is a TTY, `NO_COLOR` is unset or
/// empty, and `TERM` is not `dumb`.
pub fn init_color(choice: ColorChoice) {
    let enabled = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
            std::io::stdout().is_terminal() && !no_color && !dumb
        }
    };
    COLOR.store(enabled, Ordering::Relaxed);
    colored::control::set_override(enabled);
}

/// Whether colour is on (for code that colours by other means than `colored`).
pub fn color_enabled() -> bool {
    COLOR.load(Ordering::Relaxed)
}

/// Where commands print data: the process's stdout, locked. Printers take any `Write` (tests
/// pass a `Vec<u8>`); commands pass this.
pub fn stdout() -> std::io::StdoutLock<'static> {
    std::io::stdout().lock()
}

/// Write one line of data; errors (a broken pipe) propagate to the caller.
pub fn line<W: Write>(out: &mut W, text: impl AsRef<str>) -> std::io::Result<()> {
    out.write_all(text.as_ref().as_bytes())?;
    out.write_all(b"\n")
}

/// Write one JSON value as one line (newline-delimited JSON).
pub fn json_line<W: Write, T: serde::Serialize>(out: &mut W, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// `error: cause` plus `hint: …` on stderr. The cause may quote a server or a file, so it is
/// escaped onto one line; the hint keeps its line breaks.
pub fn error_line(cause: &str, hint: Option<&str>) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{} {}",
        "error:".red().bold(),
        sanitize::one_line(cause)
    );
    if let Some(hint) = hint {
        let _ = writeln!(err, "  {} {}", "hint:".cyan(), sanitize::multi_line(hint));
    }
}

/// `warning: …` on stderr (escaped: warnings quote paths, URLs and answers).
pub fn warn(message: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "{} {}",
        "warning:".yellow().bold(),
        sanitize::multi_line(message)
    );
}

/// A neutral status line on stderr (where secrets came from, "ready", progress); escaped, since
/// it may quote a path or a URL. Renderers in `output` that colour parts use `status_styled`.
pub fn status(message: &str) {
    status_styled(&sanitize::multi_line(message));
}

/// A dim status line on stderr (a note beside the work), escaped like [`status`].
pub fn note(message: &str) {
    status_styled(&dim(&sanitize::multi_line(message)));
}

/// A status line already built by a renderer (its outside text escaped, its colour intended).
pub(crate) fn status_styled(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// A green check mark or a red cross.
pub fn mark(ok: bool) -> String {
    if ok {
        "✓".green().bold().to_string()
    } else {
        "✗".red().bold().to_string()
    }
}

/// The crate's one plural rule, here too so every printer finds it beside the other helpers.
pub use crate::words::plural;

/// Dim text (secondary details).
pub fn dim(text: &str) -> String {
    text.dimmed().to_string()
}

/// An HTTP status code coloured by class: 2xx green, 3xx cyan, 4xx yellow, 5xx red.
pub fn status_code(code: u16) -> String {
    let text = code.to_string();
    match code {
        200..=299 => text.green().bold().to_string(),
        300..=399 => text.cyan().bold().to_string(),
        400..=499 => text.yellow().bold().to_string(),
        _ => text.red().bold().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_json_lines_go_to_the_writer() {
        let mut out = Vec::new();
        line(&mut out, "a").unwrap();
        json_line(&mut out, &serde_json::json!({"k": "\u{1b}"})).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a\n{\"k\":\"\\u001b\"}\n");
    }
}
