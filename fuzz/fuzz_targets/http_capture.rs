//! The raw HTTP capture parser (`verify capture.txt`) on arbitrary bytes: it must answer with a
//! request or an error, never panic, and a parsed request's body must be a slice of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = trst_hooks::http_dump::looks_like_request(data);
    if let Ok(request) = trst_hooks::http_dump::parse(data) {
        assert!(request.body.len() <= data.len());
        let _ = request.header_values("x-webhook-signature");
    }
});
