//! Property tests of the signature core: sign→verify round-trips for any body and secret, and any
//! single changed byte of body or signature makes verification fail.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use trst_hooks::signature::{self, SignatureError};

proptest! {
    // Past failures are kept beside this file (properties.proptest-regressions). Said explicitly:
    // by default proptest would see main.rs here and look in tests/proptest-regressions/ instead.
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn sign_then_verify_round_trips(body in proptest::collection::vec(any::<u8>(), 0..2048), secret in ".{0,80}") {
        let header = signature::sign(&secret, &body);
        prop_assert_eq!(signature::verify(&body, Some(&header), &[secret.as_str()]), Ok(0));
    }

    #[test]
    fn any_changed_body_byte_fails(body in proptest::collection::vec(any::<u8>(), 1..1024), index in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let secret = "whsec_property";
        let header = signature::sign(secret, &body);
        let mut tampered = body.clone();
        let i = index.index(tampered.len());
        tampered[i] ^= flip;
        prop_assert_eq!(signature::verify(&tampered, Some(&header), &[secret]), Err(SignatureError::Mismatch(1)));
    }

    #[test]
    fn any_changed_signature_digit_fails(body in proptest::collection::vec(any::<u8>(), 0..512), index in 0usize..64, replacement in "[0-9a-f]") {
        let secret = "whsec_property";
        let header = signature::sign(secret, &body);
        let position = "sha256=".len() + index;
        let original = &header[position..=position];
        prop_assume!(original != replacement.as_str());
        let mut tampered = header.clone();
        tampered.replace_range(position..=position, &replacement);
        prop_assert_eq!(signature::verify(&body, Some(&tampered), &[secret]), Err(SignatureError::Mismatch(1)));
    }

    #[test]
    fn garbage_headers_never_panic(header in ".{0,200}", body in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = signature::verify(&body, Some(&header), &["whsec_x"]);
        let _ = trst_hooks::diagnosis::diagnose(&body, &header, &["whsec_x"]);
    }

    #[test]
    fn http_dump_parser_never_panics(input in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = trst_hooks::http_dump::parse(&input);
    }

    #[test]
    fn log_checker_never_panics(input in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = trst_hooks::log_check::check(&input, &["whsec_x"]);
    }

    /// The log reader decodes bodies itself (for speed); it must agree with the writer on every
    /// body, text with any escapes or binary.
    #[test]
    fn any_logged_body_reads_back_byte_exact(text in "\\PC*|[\"\\\\/\u{0}-\u{1f}a\u{7f}-\u{10ffff}]{0,40}", binary in proptest::collection::vec(any::<u8>(), 0..64)) {
        use trst_hooks::delivery_log::{DeliveryRecord, DeliveryView, FORMAT_VERSION, encode_body};
        for body in [text.as_bytes(), binary.as_slice()] {
            let (stored, encoding) = encode_body(body);
            let record = DeliveryRecord {
                v: FORMAT_VERSION,
                received_at: "t".into(),
                method: "POST".into(),
                path: "/".into(),
                remote_addr: None,
                headers: Vec::new(),
                body: stored,
                body_encoding: encoding,
                body_bytes: body.len(),
                event_id: None,
                event_type: None,
                signature: Default::default(),
                duplicate: false,
                response: Default::default(),
                exec_skipped: None,
            };
            let line = record.to_line();
            let view = DeliveryView::parse_line(line.as_bytes()).unwrap();
            let read_back = view.raw_body().unwrap();
            prop_assert_eq!(read_back.as_ref(), body);
        }
    }
}
