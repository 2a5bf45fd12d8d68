//! The networking engine every HTTP client in the tool shares: one client builder with one proxy
//! and one redirect policy ([`client`]), one vocabulary for failures ([`failure`]), a capped body
//! reader ([`body`]), the backoff formula ([`backoff`]) and a resolver that checks addresses
//! before connecting ([`resolve`]). `send`, `check`, `listen --forward-to`, the `webhooks` API
//! client and the emulator build on it instead of carrying their own copies.

pub mod backoff;
pub mod body;
pub mod client;
pub mod failure;
pub mod resolve;

pub use body::{CappedBody, read_capped};
pub use failure::{
    Failure, FailureKind, classify, classify_hyper, classify_io, innermost_reason, io_reason,
};

#[cfg(test)]
mod tests;
