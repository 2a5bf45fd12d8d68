//! The trust store: which working-directory config files the user has trusted, by canonical path
//! and SHA-256 of their content, kept in `<config dir>/trusted.json` (created 0600, its directory
//! 0700). As with direnv, a trusted file that changes is untrusted again until trusted anew.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Trust;

/// The store's file name inside the config directory.
pub const STORE_FILE: &str = "trusted.json";

/// The store's content: canonical path → hex SHA-256 of the content trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Store {
    #[serde(default)]
    pub files: BTreeMap<PathBuf, String>,
}

/// Why the store could not be read or written, or a file not trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    #[error("no config directory to keep the trust store in (set HOME or TRST_HOOKS_CONFIG_DIR)")]
    NoConfigDir,
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("cannot write {path}: {reason}")]
    Unwritable { path: PathBuf, reason: String },
    #[error("the trust store {path} is damaged: {reason}")]
    Damaged { path: PathBuf, reason: String },
}

/// The hex SHA-256 of a file's content, as recorded.
pub fn digest(content: &[u8]) -> String {
    hex::encode(Sha256::digest(content))
}

/// Where the store lives: `<config dir>/trusted.json`.
pub fn store_path() -> Result<PathBuf, TrustError> {
    crate::paths::config_dir()
        .map(|d| d.join(STORE_FILE))
        .ok_or(TrustError::NoConfigDir)
}

impl Store {
    /// Read the store; a missing file is an empty store.
    pub fn load(path: &Path) -> Result<Store, TrustError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Store::default()),
            Err(e) => {
                return Err(TrustError::Unreadable {
                    path: path.to_owned(),
                    reason: crate::error::io_reason(&e),
                });
            }
        };
        serde_json::from_str(&text).map_err(|e| TrustError::Damaged {
            path: path.to_owned(),
            reason: e.to_string(),
        })
    }

    /// Whether `canonical` is trusted with exactly this content.
    pub fn trusts(&self, canonical: &Path, content: &[u8]) -> bool {
        self.files
            .get(canonical)
            .is_some_and(|recorded| *recorded == digest(content))
    }

    /// Write the store through a 0600 temporary file renamed into place, in a 0700 directory.
    pub fn save(&self, path: &Path) -> Result<(), TrustError> {
        let unwritable = |e: std::io::Error| TrustError::Unwritable {
            path: path.to_owned(),
            reason: crate::error::io_reason(&e),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private_dir(dir).map_err(unwritable)?;
        }
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        let temporary = path.with_extension(format!("json.{}.tmp", std::process::id()));
        let written = write_private(&temporary, text.as_bytes())
            .and_then(|()| std::fs::rename(&temporary, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written.map_err(unwritable)
    }
}

/// How far a working-directory config file is trusted: `Trusted` only when the store holds its
/// canonical path with this content's hash. An unreadable store trusts nothing.
pub fn judge(file: &Path, content: &[u8]) -> Trust {
    let trusted = store_path()
        .and_then(|store| Store::load(&store))
        .ok()
        .zip(std::fs::canonicalize(file).ok())
        .is_some_and(|(store, canonical)| store.trusts(&canonical, content));
    if trusted {
        Trust::Trusted
    } else {
        Trust::Untrusted
    }
}

fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_sha256() {
        // `printf 'abc' | sha256sum`
        assert_eq!(
            digest(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_changed_file_is_no_longer_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let store_file = dir.path().join("cfg").join(STORE_FILE);
        let mut store = Store::load(&store_file).unwrap();
        assert!(store.files.is_empty());
        let file = PathBuf::from("/repo/trst-hooks.toml");
        store.files.insert(file.clone(), digest(b"a = 1\n"));
        store.save(&store_file).unwrap();
        let again = Store::load(&store_file).unwrap();
        assert!(again.trusts(&file, b"a = 1\n"));
        assert!(!again.trusts(&file, b"a = 2\n"));
        assert!(!again.trusts(Path::new("/other/trst-hooks.toml"), b"a = 1\n"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&store_file), 0o600);
            assert_eq!(mode(store_file.parent().unwrap()), 0o700);
        }
    }

    #[test]
    fn a_damaged_store_is_an_error_not_trust() {
        let dir = tempfile::tempdir().unwrap();
        let store_file = dir.path().join(STORE_FILE);
        std::fs::write(&store_file, "not json").unwrap();
        assert!(matches!(
            Store::load(&store_file),
            Err(TrustError::Damaged { .. })
        ));
    }
}
