//! The envelope readers on arbitrary bytes: the listener's fast `peek` (no `Value` tree) must
//! give the same answers as the full `summarize` on every input: the same accept/refuse
//! decision, the same event_id and event_type. Neither may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let peeked = trst_hooks::server::envelope::peek(data);
    let summary = trst_hooks::event::summarize(data);
    match (&peeked, &summary) {
        (Ok(peek), Ok(summary)) => {
            assert_eq!(peek.event_id, summary.event_id, "event_id differs");
            assert_eq!(peek.event_type, summary.event_type, "event_type differs");
        }
        (Err(_), Err(_)) => {}
        _ => panic!("peek {peeked:?} but summarize {summary:?}"),
    }
});
