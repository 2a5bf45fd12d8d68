//! The engine behind `trst-hooks send`: building the exact event bytes and request TRST would
//! send, the retry schedule, load statistics, the equivalent curl command (all pure), plus the
//! HTTP client wrapper and the load runner (the network edge). `cmd::send` only wires these up.

pub mod client;
pub mod curl;
pub mod event;
pub mod http1;
pub mod load;
pub mod replay;
pub mod request;
pub mod retry;
pub mod stats;
