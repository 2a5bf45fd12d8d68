//! Storing a newly issued webhook secret: `--save-secret PATH` (a new file, mode 0600, never
//! overwritten without `--force`) and `--env-file PATH` (appends `TRST_WEBHOOK_SECRET='…'`,
//! creating the file with mode 0600). Targets are checked before the webhook is created, so a bad
//! path cannot cost the only copy of the secret. Neither follows a symbolic link (see
//! [`crate::private_file`]); an env file only ever receives a secret that is inert when sourced.

use std::path::Path;

use crate::error::UserError;
use crate::output;
use crate::private_file::{self, SecretWrite, Stored, TargetError};
use crate::secret::DEFAULT_SECRET_ENV;

/// Check that the secret can be stored where asked, before anything is created.
pub fn check_targets(
    save: Option<&Path>,
    force: bool,
    env_file: Option<&Path>,
) -> anyhow::Result<()> {
    if let Some(path) = save {
        private_file::check_secret_target(path, SecretWrite::Replace { force })
            .map_err(target_error)?;
    }
    if let Some(path) = env_file {
        private_file::check_secret_target(path, SecretWrite::Append).map_err(target_error)?;
    }
    Ok(())
}

fn target_error(e: TargetError) -> anyhow::Error {
    let hint = match &e {
        TargetError::Symlink(_) => {
            "give the real path (with --save-secret, --force replaces the link itself)"
        }
        TargetError::Exists(_) => "choose another path, or pass --force to replace it",
        TargetError::NoParent { .. } => "create the directory first",
        TargetError::NotAFile(_) | TargetError::Io { .. } => "choose another path",
    };
    let message = match &e {
        TargetError::Io { path, source } => {
            format!(
                "cannot write {}: {}",
                path.display(),
                crate::net::io_reason(source)
            )
        }
        other => other.to_string(),
    };
    UserError::usage(message).hint(hint).into()
}

/// Write the secret (plus a newline) to a new file readable by its owner only; with `force`, an
/// existing file or link at `path` is replaced (a link's target is left alone).
pub fn save_secret(path: &Path, secret: &str, force: bool) -> std::io::Result<Stored> {
    private_file::write_secret(path, format!("{secret}\n").as_bytes(), force)
}

/// Whether `.env` text already assigns `name` (`NAME=…` or `export NAME=…`).
pub fn env_defines(text: &str, name: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
        line.strip_prefix(name)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    })
}

/// Whether a secret can go into an env file as it is: printable ASCII without quotes, `$`,
/// backtick, backslash or whitespace, so that, single-quoted, no shell or dotenv loader reads
/// anything into it.
pub fn env_safe(secret: &str) -> bool {
    !secret.is_empty()
        && secret
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"'\"$`\\".contains(&b))
}

/// The `.env` line for a secret, single-quoted; `None` when the secret is not [`env_safe`].
pub fn env_line(name: &str, secret: &str) -> Option<String> {
    env_safe(secret).then(|| format!("{name}='{secret}'"))
}

/// Append `TRST_WEBHOOK_SECRET='…'` to an env file; warns when it already defines the name or is
/// readable by others. A secret that is not [`env_safe`] is refused (nothing is written).
pub fn append_env(path: &Path, secret: &str) -> std::io::Result<Stored> {
    let Some(line) = env_line(DEFAULT_SECRET_ENV, secret) else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the secret holds characters that are not safe in an env file (quotes, $, `, \\, spaces or non-ASCII)",
        ));
    };
    let existing = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    let mut text = String::new();
    if env_defines(&String::from_utf8_lossy(&existing), DEFAULT_SECRET_ENV) {
        output::warn(&format!(
            "{} already defines {DEFAULT_SECRET_ENV}; the new line is appended after it (most loaders take the last one): remove the old line",
            path.display()
        ));
    }
    if !existing.is_empty() && !existing.ends_with(b"\n") {
        text.push('\n');
    }
    text.push_str(&line);
    text.push('\n');
    let stored = private_file::append_secret(path, text.as_bytes())?;
    if !stored.is_private() {
        output::warn(&format!(
            "{} is readable by others (mode {:04o}); consider chmod 600",
            path.display(),
            stored.mode
        ));
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_definitions() {
        assert!(env_defines(
            "A=1\nTRST_WEBHOOK_SECRET=x\n",
            "TRST_WEBHOOK_SECRET"
        ));
        assert!(env_defines(
            "export TRST_WEBHOOK_SECRET = x",
            "TRST_WEBHOOK_SECRET"
        ));
        assert!(!env_defines(
            "TRST_WEBHOOK_SECRET_OLD=x\n# TRST_WEBHOOK_SECRET",
            "TRST_WEBHOOK_SECRET"
        ));
    }

    #[test]
    fn env_lines_are_single_quoted_and_only_for_inert_secrets() {
        assert_eq!(
            env_line("S", "whsec_abc+/=123").as_deref(),
            Some("S='whsec_abc+/=123'")
        );
        for bad in [
            "whsec_x$(touch pwned)",
            "whsec_x\nLD_PRELOAD=/tmp/x.so",
            "a b",
            "it's",
            "q\"q",
            "back`tick`",
            "back\\slash",
            "tab\t",
            "caf\u{e9}",
            "",
        ] {
            assert_eq!(env_line("S", bad), None, "{bad:?}");
        }
    }

    #[test]
    fn an_unsafe_secret_writes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let env = dir.path().join(".env");
        let err = append_env(&env, "whsec_x$(cmd)\nLD_PRELOAD=/x").expect_err("refused");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert!(!env.exists());
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_wide_env_file_reports_its_real_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let env = dir.path().join(".env");
        std::fs::write(&env, "A=1").expect("writes");
        std::fs::set_permissions(&env, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let stored = append_env(&env, "whsec_abc").expect("appends");
        assert_eq!(stored.mode, 0o644);
        assert_eq!(
            std::fs::read_to_string(&env).expect("reads"),
            "A=1\nTRST_WEBHOOK_SECRET='whsec_abc'\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_fail_the_pre_check() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).expect("links");
        assert!(check_targets(Some(&dangling), false, None).is_err());
        assert!(check_targets(None, false, Some(&dangling)).is_err());
        assert!(check_targets(None, true, Some(&dangling)).is_err());
        check_targets(Some(&dangling), true, None).expect("--force replaces the link");
    }
}
