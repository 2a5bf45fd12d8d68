//! The one integration-test binary (one link for every end-to-end test, as ripgrep and cargo do).
//! New tests: a module file here (`tests/it/<subject>.rs`) declared below, not a new `tests/*.rs`.
//! Helpers live in `support/`, one concept a file (sandboxed command, running binary, loopback
//! servers, fake API, emulator, receivers); `use crate::support::…` them, add there, never copy.
//! Run one file's tests with `cargo test --test it <subject>::`.

mod support;

mod check;
mod check_cli;
mod completions;
mod emulator_api;
mod emulator_delivery;
mod inspector_api;
mod inspector_browser;
mod listen_bad_input;
mod listen_basic;
mod listen_reliability;
mod listen_simulate;
mod properties;
mod send;
mod send_errors;
mod send_load;
mod send_replay_retry;
mod sign_verify;
mod vectors;
mod verify_log;
mod webhooks_create;
mod webhooks_crud;
mod webhooks_deliveries;
mod webhooks_emulator;
mod webhooks_faults;
mod webhooks_settings;
