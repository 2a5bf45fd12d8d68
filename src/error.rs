//! Errors cross the CLI boundary here, once: a [`UserError`] carries its exit code and a hint;
//! anything else is a setup error (exit 2). A broken pipe is not an error (exit 0, quietly).

use std::fmt;

/// Documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// 0: everything held.
    Ok = 0,
    /// 1: a check failed, a signature was invalid, or an endpoint answered non-2xx.
    Failed = 1,
    /// 2: bad usage, unreadable input, or a setup problem (missing secret, config, …).
    Usage = 2,
}

/// An error meant for the user: one line of cause and an optional hint.
#[derive(Debug)]
pub struct UserError {
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
}

impl UserError {
    /// A usage or setup error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        UserError {
            code: Code::Usage,
            message: message.into(),
            hint: None,
        }
    }

    /// A failed check (exit 1).
    pub fn failed(message: impl Into<String>) -> Self {
        UserError {
            code: Code::Failed,
            message: message.into(),
            hint: None,
        }
    }

    /// Add a hint line.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// The line the user is told about an error: its cause chain joined by ": ", and the hint.
pub type Message = (String, Option<String>);

/// Map an error to its exit code and the message to print on stderr (none for a broken pipe).
/// Printing is the caller's (`main_entry`), so this module stays below `output`.
pub fn exit_for(err: &anyhow::Error) -> (Code, Option<Message>) {
    if is_broken_pipe(err) {
        return (Code::Ok, None);
    }
    let (code, hint) = match err.downcast_ref::<UserError>() {
        Some(user) => (user.code, user.hint.clone()),
        None => (Code::Usage, None),
    };
    let cause = err
        .chain()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join(": ");
    (code, Some((cause, hint)))
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A short reason for any IO error (files and sockets alike): "no such file", "permission
/// denied", or the system's text without the "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => strip_os_error(&e.to_string()),
    }
}

/// The system's text of an error without its "(os error N)" suffix.
pub fn strip_os_error(text: &str) -> String {
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text.to_owned(),
    }
}
