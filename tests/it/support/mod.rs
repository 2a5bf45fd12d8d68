//! Helpers shared by the integration tests, one concept a module, each written once.

pub mod browser;
pub mod check_run;
pub mod emulator;
pub mod fake_api;
pub mod handler;
pub mod inspector;
pub mod listen;
pub mod loopback;
pub mod output;
pub mod process;
pub mod receivers;
pub mod recorder;
pub mod register;
pub mod sandbox;
pub mod signature;
pub mod terminal;
pub mod webhooks_cli;
