//! The one integration-test binary (one link for every end-to-end test, as ripgrep and cargo do).
//! New tests: a module file here (`tests/it/<subject>.rs`) declared below, not a new `tests/*.rs`.
//! Helpers live in `support/`, one concept a file (sandboxed command, running binary, loopback
//! servers, fake API, emulator, receivers); `use crate::support::…` them, add there, never copy.
//! Run one file's tests with `cargo test --test it <subject>::`.

mod support;

mod check;
mod check_cli;
mod check_raw_body;
mod check_summary;
mod cmd;
mod completions;
mod emulator_api;
mod emulator_delivery;
mod inspector_api;
mod inspector_browser;
mod listen_bad_input;
mod listen_basic;
mod listen_compact;
mod listen_dev_secret_hint;
mod listen_register;
mod listen_register_failures;
mod listen_reliability;
mod listen_simulate;
mod net_api_redirect;
mod net_send_dns;
mod output_sanitize;
mod output_schemas;
mod properties;
mod secrets_config_show;
mod send;
mod send_errors;
mod send_load;
mod send_replay_retry;
mod server_body_timeout;
mod server_exec;
mod server_h2c;
mod server_secret_files;
mod sign_verify;
mod trust_config;
mod vectors;
mod verify_dev_secret;
mod verify_log;
mod wait_attempts;
mod webhooks_create;
mod webhooks_crud;
mod webhooks_deliveries;
mod webhooks_emulator;
mod webhooks_faults;
mod webhooks_settings;
