//! The outside world that secret and settings resolution read: env vars, files, and a hidden
//! prompt. One trait, one real implementation ([`System`]) and one fake for tests ([`Fake`]), so
//! that the resolution rules themselves stay pure and testable.

use std::io::IsTerminal;
use std::path::Path;

/// Read-only views of the outside world, injected into secret and settings resolution.
pub trait Environment {
    /// An env var's value; `None` when unset (or not valid UTF-8).
    fn var(&self, name: &str) -> Option<String>;
    /// A whole file as text.
    fn read_file(&self, path: &Path) -> std::io::Result<String>;
    /// Ask for a secret with a hidden prompt showing `label`; `None` when nobody is at a
    /// terminal or the prompt was abandoned.
    fn prompt(&self, label: &str) -> Option<String>;
}

/// The real environment: process env vars, the file system, and a hidden dialoguer prompt that
/// is only shown when a person is at the terminal (stdin and stderr are terminals).
pub struct System;

impl Environment for System {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }

    fn read_file(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }

    fn prompt(&self, label: &str) -> Option<String> {
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            return None;
        }
        dialoguer::Password::new()
            .with_prompt(label)
            .allow_empty_password(false)
            .interact()
            .ok()
    }
}

/// An in-memory environment for unit tests: set vars, files and the prompt's answer directly.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct Fake {
    pub vars: std::collections::HashMap<String, String>,
    pub files: std::collections::HashMap<std::path::PathBuf, String>,
    /// What a person would type at the prompt; `None`: nobody at a terminal.
    pub prompt: Option<String>,
}

#[cfg(test)]
impl Fake {
    /// A fake with these env vars set.
    pub fn with_vars(pairs: &[(&str, &str)]) -> Self {
        Fake {
            vars: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
impl Environment for Fake {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }

    fn read_file(&self, path: &Path) -> std::io::Result<String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::ErrorKind::NotFound.into())
    }

    fn prompt(&self, _label: &str) -> Option<String> {
        self.prompt.clone()
    }
}

/// Another environment with its prompt left out, for reports that must never stop to ask
/// (`config show`).
pub struct WithoutPrompt<'a>(pub &'a dyn Environment);

impl Environment for WithoutPrompt<'_> {
    fn var(&self, name: &str) -> Option<String> {
        self.0.var(name)
    }

    fn read_file(&self, path: &Path) -> std::io::Result<String> {
        self.0.read_file(path)
    }

    fn prompt(&self, _label: &str) -> Option<String> {
        None
    }
}
