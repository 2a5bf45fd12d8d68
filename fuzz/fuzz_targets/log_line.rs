//! The delivery-log line readers on arbitrary bytes. `verify --log` reads a line through
//! `DeliveryView`, whose hand-written fast path must read exactly as serde_json reads the same
//! struct (same view, or both refuse), and whose body decoding must give the bytes the serde
//! definition (`DeliveryRecord`) gives. Every line the record accepts, the view accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trst_hooks::delivery_log::{DeliveryRecord, DeliveryView};

fuzz_target!(|data: &[u8]| {
    let view = DeliveryView::parse_line(data);
    let serde_view = serde_json::from_slice::<DeliveryView>(data);
    assert_eq!(
        view.as_ref().ok(),
        serde_view.as_ref().ok(),
        "the fast reader and serde_json read the line differently"
    );
    let mut scratch = Vec::new();
    let with_body = DeliveryView::parse_with_body(data, &mut scratch);
    assert_eq!(
        with_body.as_ref().ok().map(|(view, _)| view),
        view.as_ref().ok().filter(|view| view.raw_body().is_ok()),
        "parse_with_body and parse_line disagree"
    );
    if let (Ok((_, body)), Ok(view)) = (&with_body, &view) {
        assert_eq!(
            view.raw_body().ok().as_deref(),
            Some(&body[..]),
            "the two body decoders differ"
        );
    }
    let record = std::str::from_utf8(data)
        .ok()
        .map(DeliveryRecord::parse_line);
    match (view, record) {
        (Ok(view), Some(Ok(record))) => {
            assert_eq!(
                view.raw_body().ok().map(|b| b.into_owned()),
                record.raw_body().ok(),
                "the two readers decode different bodies"
            );
            assert_eq!(
                view.header_values("x-webhook-signature"),
                record.header_values("x-webhook-signature"),
            );
        }
        (Err(e), Some(Ok(_))) => panic!("serde's record accepted a line the view refuses: {e}"),
        (Ok(_), None) => panic!("the view accepted a line that is not UTF-8"),
        _ => {}
    }
});
