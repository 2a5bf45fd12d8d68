//! Storing a newly issued webhook secret: `--save-secret PATH` (a new file, mode 0600, never
//! overwritten without `--force`) and `--env-file PATH` (appends `TRST_WEBHOOK_SECRET=…`, creating
//! the file with mode 0600). Targets are checked before the webhook is created, so a bad path
//! cannot cost the only copy of the secret.

use std::io::Write;
use std::path::Path;

use crate::error::UserError;
use crate::output;
use crate::secret::DEFAULT_SECRET_ENV;

/// Check that the secret can be stored where asked, before anything is created.
pub fn check_targets(
    save: Option<&Path>,
    force: bool,
    env_file: Option<&Path>,
) -> anyhow::Result<()> {
    if let Some(path) = save {
        if path.exists() && !force {
            return Err(UserError::usage(format!(
                "{} already exists; refusing to overwrite it with the new secret",
                path.display()
            ))
            .hint("choose another path, or pass --force to replace it")
            .into());
        }
        if path.is_dir() {
            return Err(UserError::usage(format!("{} is a directory", path.display())).into());
        }
        check_parent(path)?;
    }
    if let Some(path) = env_file {
        if path.exists() {
            std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(|e| {
                    UserError::usage(format!(
                        "cannot append to {}: {}",
                        path.display(),
                        crate::net::io_reason(&e)
                    ))
                })?;
        } else {
            check_parent(path)?;
        }
    }
    Ok(())
}

fn check_parent(path: &Path) -> anyhow::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => return Ok(()),
    };
    if !parent.is_dir() {
        return Err(UserError::usage(format!(
            "cannot write {}: directory {} does not exist",
            path.display(),
            parent.display()
        ))
        .hint("create the directory first")
        .into());
    }
    Ok(())
}

/// Write the secret (plus a newline) to a file readable by its owner only.
pub fn save_secret(path: &Path, secret: &str, force: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    // An overwritten file keeps its old mode: tighten it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(secret.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
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

/// The `.env` line for a secret, quoted only when the value needs it.
pub fn env_line(name: &str, secret: &str) -> String {
    let plain = secret
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-.:/+=@".contains(c));
    if plain {
        format!("{name}={secret}")
    } else {
        format!(
            "{name}=\"{}\"",
            secret.replace('\\', "\\\\").replace('"', "\\\"")
        )
    }
}

/// Append `TRST_WEBHOOK_SECRET=…` to an env file; warns when it already defines the name or is
/// readable by others.
pub fn append_env(path: &Path, secret: &str) -> std::io::Result<()> {
    let existing = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    let mut text = String::new();
    if let Some(bytes) = &existing {
        let old = String::from_utf8_lossy(bytes);
        if env_defines(&old, DEFAULT_SECRET_ENV) {
            output::warn(&format!(
                "{} already defines {DEFAULT_SECRET_ENV}; the new line is appended after it (most loaders take the last one): remove the old line",
                path.display()
            ));
        }
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            text.push('\n');
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = file.metadata() {
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    output::warn(&format!(
                        "{} is readable by others (mode {mode:o}); consider chmod 600",
                        path.display()
                    ));
                }
            }
        }
    }
    text.push_str(&env_line(DEFAULT_SECRET_ENV, secret));
    text.push('\n');
    file.write_all(text.as_bytes())?;
    file.sync_all()
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
    fn env_lines_quote_only_when_needed() {
        assert_eq!(env_line("S", "whsec_abc123"), "S=whsec_abc123");
        assert_eq!(env_line("S", "a b\"c"), "S=\"a b\\\"c\"");
    }
}
