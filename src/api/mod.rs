//! The TRST management API (contract §4): settings resolution, a retrying HTTP client, tolerant
//! models, error mapping, and the pure rules behind them (retry decisions, list unwrapping,
//! picking the test delivery to follow).

pub mod client;
pub mod error;
pub mod lenient;
pub mod models;
pub mod retry;
pub mod settings;
pub mod wait;
