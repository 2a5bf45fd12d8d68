//! Shared test helpers: the real binary run in a sandbox (its own HOME, config and data dirs,
//! no colour, no secrets or API keys inherited from the developer's environment).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A temporary home for one test; commands built from it see nothing of the real user.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

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

    /// `trst-hooks` as a plain std command (for long-running processes such as `listen`).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin());
        self.isolate(&mut cmd);
        cmd
    }

    fn isolate(&self, cmd: &mut std::process::Command) {
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

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_trst-hooks")
}

/// HMAC-SHA256 header value computed independently of the crate's signing code (the `hmac` and
/// `sha2` crates directly), for tests that check what a command sent or accepted.
pub fn reference_signature(secret: &str, body: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Serve `app` on 127.0.0.1:0 on a thread of its own until the test process ends; its address.
pub fn serve(app: axum::Router) -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    addr
}
