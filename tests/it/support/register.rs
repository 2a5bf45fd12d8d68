//! `trst-hooks listen --register` for the tests: the real binary pointed at an API (the emulator
//! or the fake) through the environment, started and followed like any running binary.

use std::net::SocketAddr;
use std::process::Command;

use crate::support::process::{Finished, Running};
use crate::support::sandbox::Sandbox;

/// The API key the listener sends (the emulator accepts any).
pub const KEY: &str = "key_reg.s3cr3t-api-key-never-printed";

/// `listen --register --no-ui ARGS…` with the API at `base` for `project`.
pub fn command(sb: &Sandbox, base: &str, project: &str, key: &str, args: &[&str]) -> Command {
    let mut cmd = sb.std_cmd();
    cmd.env("TRST_API_KEY", key)
        .env("TRST_API_BASE", base)
        .env("TRST_PROJECT_ID", project)
        .env("TRST_HOOKS_RETRY_SCALE", "0.001")
        .args(["listen", "--register", "--no-ui"])
        .args(args);
    cmd
}

/// A started `listen --register` and the URL of its ready line.
pub struct Registered {
    pub process: Running,
    pub url: String,
}

/// Start `cmd` and wait for the ready line; how it ended when it exits first.
pub fn start(cmd: Command) -> Result<Registered, Finished> {
    let (process, url) = Running::spawn_ready(cmd, "ready: listening on ")?;
    Ok(Registered { process, url })
}

impl Registered {
    /// The bound address (from the ready line).
    pub fn addr(&self) -> SocketAddr {
        let rest = self.url.strip_prefix("http://").expect("http URL");
        rest[..rest.find('/').expect("a path")]
            .parse()
            .expect("host:port")
    }
}

/// A port nothing listens on right now (bound, then released), for `--port P --public-url …P`.
pub fn free_port() -> u16 {
    crate::support::loopback::closed_addr().port()
}
