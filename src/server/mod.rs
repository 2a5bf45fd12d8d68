//! The listener behind `trst-hooks listen`: an axum router that verifies, logs and answers
//! deliveries ([`router`]), served by [`serve::serve`] on a socket bound elsewhere, so tests can
//! drive the router directly. Each handled request is reported as a [`delivery::HandledRequest`] on a
//! channel; printing and counting happen there, off the request path.

pub mod body;
pub mod dedup;
pub mod delivery;
pub mod envelope;
pub mod exec;
pub mod forward;
pub mod handler;
pub mod log_line;
pub mod log_writer;
pub mod probe;
pub mod runner;
pub mod serve;
pub mod state;
pub mod stats;

use std::sync::Arc;

use axum::Router;

pub use state::{AppState, Options};

/// The listener's routes: one handler for every path and method, which answers 404/405 itself
/// (so wrong requests are shown in the terminal, not silently dropped).
pub fn router(state: Arc<AppState>) -> Router {
    Router::new().fallback(handler::handle).with_state(state)
}
