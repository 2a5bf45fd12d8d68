//! The real binary run in a sandbox (its own HOME, config and data dirs,
//! no colour, no secrets or API keys inherited from the developer's environment).

use std::path::{Path, PathBuf};

/// A temporary home for one test; commands built from it see nothing of the real user.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    /// A fresh, empty sandbox (removed when dropped).
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Its directory (the HOME and working directory of the commands).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A file inside the sandbox, written with `contents`.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    /// `trst-hooks` as an assert_cmd command, run inside the sandbox.
    pub fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_cmd())
    }

    /// `trst-hooks COMMAND` with `secret` in `TRST_WEBHOOK_SECRET`, the usual way to give one.
    pub fn with_secret(&self, command: &str, secret: &str) -> assert_cmd::Command {
        let mut cmd = self.cmd();
        cmd.arg(command).env("TRST_WEBHOOK_SECRET", secret);
        cmd
    }

    /// `trst-hooks` as a plain std command (for long-running processes such as `listen`).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_trst-hooks"));
        self.isolate(&mut cmd);
        cmd
    }

    /// Give `cmd` this sandbox's home, config and data dirs, and none of the user's secrets.
    pub fn isolate(&self, cmd: &mut std::process::Command) {
        let home = self.dir.path();
        cmd.current_dir(home)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("TRST_HOOKS_CONFIG_DIR", home.join("config"))
            .env("TRST_HOOKS_DATA_DIR", home.join("data"))
            .env("NO_COLOR", "1")
            .env_remove("TRST_WEBHOOK_SECRET")
            .env_remove("TRST_API_KEY")
            .env_remove("TRST_API_BASE")
            .env_remove("TRST_PROJECT_ID")
            .env_remove("CLICOLOR_FORCE");
    }
}

/// The permission bits of a file (secrets must be 0600).
#[cfg(unix)]
pub fn file_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o777
}
