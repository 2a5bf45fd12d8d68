//! Helpers shared by the integration tests, one concept a module.

pub mod check_receivers;
pub mod common;
pub mod emulator_common;
pub mod fake_api;
pub mod listen_support;
pub mod send_server;
pub mod webhooks_emulator_common;
