//! Defaults shared by the commands that must agree with each other: `listen` serves where `send`
//! sends by default, and both follow TRST's documented conventions.

/// The receiver path TRST's docs use.
pub const WEBHOOK_PATH: &str = "/webhooks/trst";

/// The port `listen` binds by default, and so where `send` sends with no `--to`.
pub const LISTEN_PORT: u16 = 3000;

/// The host `listen` binds by default (loopback: safe on a laptop).
pub const LISTEN_HOST: &str = "127.0.0.1";

/// TRST's delivery timeout: an endpoint that has not answered by then has failed.
pub const DELIVERY_TIMEOUT_SECS: u64 = 20;

/// An answer slower than this earns a warning (TRST's docs: aim for under 1 s).
pub const SLOW_ANSWER_MS: u64 = 1000;

/// TRST's documented production API base URL.
pub const API_BASE: &str = "https://api.prod.trstinc.ca/v1";

/// The documented maximum number of webhooks per project.
pub const MAX_WEBHOOKS_PER_PROJECT: usize = 25;

/// The local listener's default URL: where `send` goes when no `--to` is given.
pub fn local_listener_url() -> String {
    format!("http://{LISTEN_HOST}:{LISTEN_PORT}{WEBHOOK_PATH}")
}
