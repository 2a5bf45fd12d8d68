//! The `X-Webhook-Signature` parser on arbitrary text: never panics, and a header it accepts
//! round-trips (formatting the digest it returned gives a header it accepts with the same digest).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(digest) = trst_hooks::signature::parse_header(text) {
        let again = format!("sha256={}", hex::encode(digest));
        assert_eq!(trst_hooks::signature::parse_header(&again).ok(), Some(digest));
    }
    let values: Vec<&str> = text.split('\n').collect();
    let _ = trst_hooks::signature::single_header(&values);
});
