//! The delivery-log line readers on arbitrary bytes: the fast borrowed reader (`DeliveryView`,
//! used by `verify --log`) is checked against the serde reader (`DeliveryRecord`) on every
//! input: they accept the same lines and decode the same raw body and headers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trst_hooks::delivery_log::{DeliveryRecord, DeliveryView};

fuzz_target!(|data: &[u8]| {
    let view = DeliveryView::parse_line(data);
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
        (Ok(_), None) => panic!("the borrowed reader accepted a line that is not UTF-8"),
        (Ok(_), Some(Err(e))) => panic!("the borrowed reader accepted a line serde refuses: {e}"),
        (Err(_), Some(Ok(_))) => panic!("serde accepted a line the borrowed reader refuses"),
        (Err(_), _) => {}
    }
});
