//! Why a request got no (complete) answer, in one small vocabulary shared by every HTTP client in
//! the tool: a reqwest or IO error becomes a [`FailureKind`] and a short reason a person can read,
//! so `send`, `check`, `listen --forward-to`, `webhooks` and the emulator name the same failure
//! the same way.

use std::error::Error as StdError;
use std::io;

pub use crate::error::io_reason;
use crate::error::strip_os_error;

/// What kind of failure it was: enough to pick a hint or decide whether a retry can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// No answer within the time allowed.
    Timeout,
    /// Nothing listens there (TCP RST on connect).
    Refused,
    /// The host name does not resolve (or its addresses were refused by a resolver policy).
    Dns,
    /// The TLS handshake failed: certificate, protocol, or a plain HTTP server on an https URL.
    Tls,
    /// The connection was reset or closed before the answer was complete.
    Reset,
    /// Anything else.
    Other,
}

impl FailureKind {
    /// A stable snake_case name, for JSON and statistics.
    pub fn code(self) -> &'static str {
        match self {
            FailureKind::Timeout => "timeout",
            FailureKind::Refused => "connection_refused",
            FailureKind::Dns => "dns",
            FailureKind::Tls => "tls",
            FailureKind::Reset => "reset",
            FailureKind::Other => "other",
        }
    }
}

/// A classified failure: its kind, a short reason (the innermost cause, without reqwest's URL
/// or the OS error number) and whether it happened while connecting (no byte was sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub reason: String,
    pub connecting: bool,
}

/// Words that, in an error chain on an `https` URL, mean the TLS layer failed.
const TLS_WORDS: &[&str] = &[
    "tls",
    "ssl",
    "certificate",
    "handshake",
    "invalidcontenttype",
    "corrupt message",
    "alert",
    "peer",
];

/// Classify a reqwest error by looking through its chain of causes.
pub fn classify(error: &reqwest::Error) -> Failure {
    let https = error.url().is_some_and(|u| u.scheme() == "https");
    classify_chain(error, error.is_timeout(), error.is_connect(), https)
}

/// Classify an IO error from a socket (connect, read, write).
pub fn classify_io(error: &io::Error) -> Failure {
    classify_chain(error, false, false, false)
}

/// Classify an error of a plain-HTTP hyper connection (`connecting`: no byte was sent yet).
pub fn classify_hyper(error: &hyper::Error, connecting: bool) -> Failure {
    classify_chain(error, false, connecting, false)
}

fn classify_chain(
    error: &(dyn StdError + 'static),
    timed_out: bool,
    connecting: bool,
    https: bool,
) -> Failure {
    let mut text = String::new();
    let mut io_kind = None;
    let mut incomplete = false;
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(e) = current {
        text.push_str(&e.to_string().to_ascii_lowercase());
        text.push('\n');
        if let Some(io) = e.downcast_ref::<io::Error>() {
            io_kind.get_or_insert(io.kind());
        }
        if let Some(hyper) = e.downcast_ref::<hyper::Error>() {
            incomplete |= hyper.is_incomplete_message();
        }
        current = e.source();
    }
    let kind = if timed_out || io_kind == Some(io::ErrorKind::TimedOut) {
        FailureKind::Timeout
    } else if io_kind == Some(io::ErrorKind::ConnectionRefused)
        || text.contains("connection refused")
    {
        FailureKind::Refused
    } else if text.contains("dns error")
        || text.contains("failed to lookup address")
        || text.contains("name or service not known")
    {
        FailureKind::Dns
    } else if https && TLS_WORDS.iter().any(|w| text.contains(w)) {
        FailureKind::Tls
    } else if incomplete
        || matches!(
            io_kind,
            Some(
                io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::BrokenPipe
                    | io::ErrorKind::UnexpectedEof
            )
        )
    {
        FailureKind::Reset
    } else {
        FailureKind::Other
    };
    Failure {
        kind,
        reason: innermost_reason(error),
        connecting: connecting || matches!(kind, FailureKind::Refused | FailureKind::Dns),
    }
}

/// The innermost cause of an error (the one that names what went wrong: "Connection refused",
/// "invalid peer certificate: UnknownIssuer"), without the OS error number.
pub fn innermost_reason(error: &(dyn StdError + 'static)) -> String {
    let mut innermost = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    if let Some(io) = innermost.downcast_ref::<io::Error>() {
        return io_reason(io);
    }
    let text = strip_os_error(&innermost.to_string());
    match text.strip_prefix("error sending request for url (") {
        Some(_) => "the request could not be sent".to_owned(),
        None => text,
    }
}
