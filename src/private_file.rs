//! Files that hold delivery bodies or secrets (the delivery log, the emulator database, saved
//! webhook secrets, env files): created readable by their owner only (0600) in directories
//! created for the owner only (0700), whatever the umask. A file that already exists keeps its
//! mode, and the caller is told when that mode lets others read it, so it never claims "0600"
//! falsely. Writing a secret never follows a symbolic link: a link is refused, or with `force`
//! the link itself is replaced.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Mode of the private files this module creates.
pub const FILE_MODE: u32 = 0o600;
/// Mode of the directories this module creates.
pub const DIR_MODE: u32 = 0o700;

/// Create `dir` and its missing parents with mode 0700; directories that exist are left alone.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir)
}

/// Create the parent directory of `path` (mode 0700) when it is missing.
pub fn create_parent(path: &Path) -> io::Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => create_dir(parent),
        None => Ok(()),
    }
}

/// Open with `options`, creating the file with mode 0600 when it does not exist yet.
pub fn open(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options.open(path)
}

/// The permission bits of an open file when they let anyone but its owner in (e.g. 0o644 for a
/// file created before this module existed); `None` when the file is private.
pub fn wider_mode(file: &File) -> io::Result<Option<u32>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata()?.permissions().mode() & 0o777;
        Ok((mode & 0o077 != 0).then_some(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(None)
    }
}

/// How a secret is to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretWrite {
    /// A new file; with `force`, an existing file or link at the path is replaced.
    Replace { force: bool },
    /// Appended to a regular file, created if missing (env files).
    Append,
}

/// Why a secret cannot be written where asked.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("{0} is a symbolic link; refusing to write a secret through it")]
    Symlink(PathBuf),
    #[error("{0} already exists; refusing to overwrite it with the new secret")]
    Exists(PathBuf),
    #[error("{0} is not a regular file")]
    NotAFile(PathBuf),
    #[error("cannot write {path}: directory {parent} does not exist")]
    NoParent { path: PathBuf, parent: PathBuf },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// Check, before anything is created, that [`write_secret`] or [`append_secret`] can write
/// `path`: no link (dangling or not) unless replacing with force, no directory, an existing
/// parent, and an existing env file opened for appending.
pub fn check_secret_target(path: &Path, how: SecretWrite) -> Result<(), TargetError> {
    let io = |source| TargetError::Io {
        path: path.to_owned(),
        source,
    };
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            if how != (SecretWrite::Replace { force: true }) {
                return Err(TargetError::Symlink(path.to_owned()));
            }
        }
        Ok(meta) if !meta.is_file() => return Err(TargetError::NotAFile(path.to_owned())),
        Ok(_) => match how {
            SecretWrite::Replace { force: false } => {
                return Err(TargetError::Exists(path.to_owned()));
            }
            SecretWrite::Replace { force: true } => {}
            SecretWrite::Append => {
                open_regular(path).map_err(io)?;
            }
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) if !parent.is_dir() => Err(TargetError::NoParent {
            path: path.to_owned(),
            parent: parent.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// Where a secret went and the mode of the file that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// Permission bits of the file (0o600 unless an existing file was wider).
    pub mode: u32,
}

impl Stored {
    /// True when only the owner can read the file.
    pub fn is_private(&self) -> bool {
        self.mode & 0o077 == 0
    }
}

/// Write `contents` to a new file of mode 0600. With `force`, an existing file or symbolic link
/// at `path` is removed first (a link is replaced, its target left untouched); the new file is
/// created exclusively, so no link can be followed.
pub fn write_secret(path: &Path, contents: &[u8], force: bool) -> io::Result<Stored> {
    if force {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "is a directory",
                ));
            }
            Ok(_) => std::fs::remove_file(path)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let mut file = open(path, OpenOptions::new().write(true).create_new(true))?;
    file.write_all(contents)?;
    file.sync_all()?;
    Ok(Stored { mode: FILE_MODE })
}

/// Append `contents` to the regular file at `path`, creating it with mode 0600 when missing. A
/// symbolic link is refused, also when it points to nothing. The existing file's mode is kept and
/// returned, so the caller can warn when others can read it.
pub fn append_secret(path: &Path, contents: &[u8]) -> io::Result<Stored> {
    let created = open(path, OpenOptions::new().append(true).create_new(true));
    let mut file = match created {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => open_regular(path)?,
        Err(e) => return Err(e),
    };
    file.write_all(contents)?;
    file.sync_all()?;
    Ok(Stored {
        mode: wider_mode(&file)?.unwrap_or(FILE_MODE),
    })
}

/// Open an existing regular file for appending without going through a symbolic link: the file
/// opened must be the very file `lstat` saw, so a link swapped in meanwhile is caught too.
fn open_regular(path: &Path) -> io::Result<File> {
    let before = std::fs::symlink_metadata(path)?;
    if before.file_type().is_symlink() {
        return Err(symlink_error());
    }
    if !before.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let file = OpenOptions::new().append(true).open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let after = file.metadata()?;
        if (after.dev(), after.ino()) != (before.dev(), before.ino()) {
            return Err(symlink_error());
        }
    }
    Ok(file)
}

fn symlink_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "is a symbolic link (not followed when writing a secret)",
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .expect("stat")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn new_files_and_dirs_are_private() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a/b/secret");
        create_parent(&file).expect("dirs");
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&dir.path().join("a/b")), 0o700);
        let stored = write_secret(&file, b"s\n", false).expect("writes");
        assert!(stored.is_private());
        assert_eq!(mode(&file), 0o600);
        let env = dir.path().join("a/.env");
        assert_eq!(append_secret(&env, b"X=1\n").expect("appends").mode, 0o600);
        assert_eq!(mode(&env), 0o600);
    }

    #[test]
    fn an_existing_wide_file_is_reported_not_hidden() {
        let dir = tempfile::tempdir().expect("temp dir");
        let env = dir.path().join(".env");
        std::fs::write(&env, "A=1\n").expect("writes");
        std::fs::set_permissions(&env, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let stored = append_secret(&env, b"X=1\n").expect("appends");
        assert_eq!(stored.mode, 0o644);
        assert!(!stored.is_private());
        assert_eq!(std::fs::read_to_string(&env).expect("reads"), "A=1\nX=1\n");
    }

    #[test]
    fn links_are_refused_or_replaced_never_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("target");
        std::fs::write(&target, "keep").expect("writes");
        let link = dir.path().join("link");
        symlink(&target, &link).expect("links");
        let dangling = dir.path().join("dangling");
        symlink(dir.path().join("nowhere"), &dangling).expect("links");

        for how in [SecretWrite::Replace { force: false }, SecretWrite::Append] {
            for path in [&link, &dangling] {
                assert!(matches!(
                    check_secret_target(path, how),
                    Err(TargetError::Symlink(_))
                ));
            }
        }
        assert!(append_secret(&link, b"x").is_err());
        assert!(append_secret(&dangling, b"x").is_err());
        assert!(!dir.path().join("nowhere").exists());
        assert!(write_secret(&link, b"x", false).is_err());

        check_secret_target(&link, SecretWrite::Replace { force: true }).expect("force");
        write_secret(&link, b"new", true).expect("replaces the link");
        assert_eq!(std::fs::read_to_string(&target).expect("reads"), "keep");
        assert_eq!(std::fs::read_to_string(&link).expect("reads"), "new");
        assert_eq!(mode(&link), 0o600);
    }

    #[test]
    fn pre_checks() {
        let dir = tempfile::tempdir().expect("temp dir");
        let existing = dir.path().join("f");
        std::fs::write(&existing, "x").expect("writes");
        let replace = SecretWrite::Replace { force: false };
        assert!(matches!(
            check_secret_target(&existing, replace),
            Err(TargetError::Exists(_))
        ));
        check_secret_target(&existing, SecretWrite::Replace { force: true }).expect("ok");
        check_secret_target(&existing, SecretWrite::Append).expect("ok");
        assert!(matches!(
            check_secret_target(dir.path(), SecretWrite::Append),
            Err(TargetError::NotAFile(_))
        ));
        assert!(matches!(
            check_secret_target(&dir.path().join("no/such"), replace),
            Err(TargetError::NoParent { .. })
        ));
    }
}
