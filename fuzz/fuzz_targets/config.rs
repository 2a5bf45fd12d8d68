//! The config file parser (`trst-hooks.toml`, a file from whatever folder the tool runs in) on
//! arbitrary text: it must answer with a config or an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = trst_hooks::config::parse(text, std::path::Path::new("trst-hooks.toml"));
});
