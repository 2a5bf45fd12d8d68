use super::*;

fn record(body: &[u8]) -> DeliveryRecord {
    sample(body)
}

#[test]
fn bodies_round_trip_byte_exact() {
    for body in [
        &b"{\"a\":\"line\\nbreak\"}\n"[..],
        b"",
        &[0xff, 0x00, 0x80, b'\n'],
    ] {
        let line = record(body).to_line();
        assert!(!line.contains('\n'));
        let back = DeliveryRecord::parse_line(&line).unwrap();
        assert_eq!(back.raw_body().unwrap(), body);
    }
}

#[test]
fn bad_lines_are_errors_not_panics() {
    assert!(DeliveryRecord::parse_line("not json").is_err());
    assert!(DeliveryRecord::parse_line("{\"v\":1}").is_err());
    let mut r = record(&[0xff]);
    r.body = "!!!".into();
    assert!(matches!(r.raw_body(), Err(LogLineError::BadBase64(_))));
    let mut r = record(b"abc");
    r.body_bytes = 5;
    assert!(matches!(
        r.raw_body(),
        Err(LogLineError::LengthMismatch { .. })
    ));
}

#[test]
fn header_lookup_is_case_insensitive() {
    let mut r = record(b"");
    r.headers
        .push(("X-Webhook-Signature".into(), "second".into()));
    assert_eq!(
        r.header_values("X-WEBHOOK-SIGNATURE"),
        vec!["sha256=00", "second"]
    );
}

#[test]
fn the_view_reads_back_every_body_the_record_wrote() {
    let bodies: [&[u8]; 6] = [
        b"{\"quote\":\"\\\"\",\"slash\":\"a/b\\\\c\"}\r\n\t",
        "caf\u{e9} \u{1f600} \u{0} \u{1f} \u{7f} \u{2028}".as_bytes(),
        b"\x08\x0c",
        b"no escapes at all",
        b"",
        &[0xff, 0xfe, b'"'],
    ];
    // One scratch buffer for every line, as `verify --log` reuses it: left dirty on purpose.
    let mut scratch = b"left over".to_vec();
    for body in bodies {
        let line = record(body).to_line();
        let view = DeliveryView::parse_line(line.as_bytes()).unwrap();
        assert_eq!(view.raw_body().unwrap(), body, "{line}");
        let (_, decoded) = DeliveryView::parse_with_body(line.as_bytes(), &mut scratch).unwrap();
        assert_eq!(decoded, body, "{line}");
    }
    // A `\u` escape (other JSON writers use them) takes the serde_json path.
    let line = record("é".as_bytes()).to_line().replace('é', "\\u00e9");
    let (_, decoded) = DeliveryView::parse_with_body(line.as_bytes(), &mut scratch).unwrap();
    assert_eq!(decoded, "é".as_bytes(), "{line}");
}

#[test]
fn a_body_that_is_not_a_string_is_unreadable() {
    let line = record(b"x")
        .to_line()
        .replace("\"body\":\"x\"", "\"body\":42");
    let view = DeliveryView::parse_line(line.as_bytes()).unwrap();
    assert!(matches!(view.raw_body(), Err(LogLineError::NotARecord(_))));
}

fn arbitrary_record() -> impl proptest::strategy::Strategy<Value = DeliveryRecord> {
    records("\\PC{0,12}|[\\x00-\\x1f\"\\\\]{0,4}", "c\u{1}")
}

/// Records whose text needs no `\u` escape (only the one-character ones): the lines the
/// fast path reads.
fn records_without_unicode_escapes() -> impl proptest::strategy::Strategy<Value = DeliveryRecord> {
    records("\\PC{0,12}|[\\n\\r\\t\\x08\\x0c\"\\\\/]{0,4}", "c")
}

/// Records with every string drawn from `pattern` and `code` as the diagnosis's code.
fn records(
    pattern: &'static str,
    code: &'static str,
) -> impl proptest::strategy::Strategy<Value = DeliveryRecord> {
    use proptest::prelude::*;
    let text = move || pattern;
    (
        (text(), text(), proptest::option::of(text())),
        proptest::collection::vec((text(), text()), 0..4),
        proptest::collection::vec(any::<u8>(), 0..64),
        (proptest::option::of(text()), proptest::option::of(text())),
        (
            any::<bool>(),
            proptest::option::of(0usize..4),
            proptest::option::of(text()),
        ),
        (
            any::<bool>(),
            any::<u16>(),
            // As listen measures it: whole microseconds, in milliseconds.
            (0u64..100_000_000).prop_map(|us| us as f64 / 1000.0),
            proptest::option::of(text()),
        ),
    )
        .prop_map(|(strings, headers, body, ids, sig, tail)| {
            let (received_at, path, remote_addr) = strings;
            let (text, body_encoding) = encode_body(&body);
            let (valid, secret_index, reason) = sig;
            let (duplicate, status, latency_ms, exec_skipped) = tail;
            DeliveryRecord {
                v: FORMAT_VERSION,
                received_at,
                method: "POST".into(),
                path,
                remote_addr,
                headers,
                body: text,
                body_encoding,
                body_bytes: body.len(),
                event_id: ids.0,
                event_type: ids.1,
                signature: SignatureOutcome {
                    valid,
                    secret_index,
                    secret: reason.clone(),
                    reason,
                    diagnosis: vec![DiagnosisNote {
                        code: code.into(),
                        explanation: "e\n".into(),
                        hint: "h\"".into(),
                    }],
                },
                duplicate,
                response: ResponseRecord { status, latency_ms },
                exec_skipped,
            }
        })
}

proptest::proptest! {
    /// The one writer's line parses back into the serde record it was written from, and the
    /// fast borrowed reader agrees with serde on that same line.
    #[test]
    fn written_lines_read_back_alike_through_serde_and_the_view(record in arbitrary_record()) {
        let line = record.to_line();
        proptest::prop_assert!(!line.contains('\n'));
        let back = DeliveryRecord::parse_line(&line).expect("every line parses");
        proptest::prop_assert_eq!(&back, &record);
        let view = DeliveryView::parse_line(line.as_bytes()).expect("the view parses");
        proptest::prop_assert_eq!(
            view.raw_body().expect("decodes").into_owned(),
            back.raw_body().expect("decodes")
        );
        proptest::prop_assert_eq!(view.body_bytes, back.body_bytes);
        proptest::prop_assert_eq!(view.body_encoding, back.body_encoding);
        proptest::prop_assert_eq!(view.event_id.as_deref(), back.event_id.as_deref());
        proptest::prop_assert_eq!(view.event_type.as_deref(), back.event_type.as_deref());
        for (name, _) in &back.headers {
            proptest::prop_assert_eq!(view.header_values(name), back.header_values(name));
        }
    }

    /// The hand-written fast path never reads a line differently from serde_json, whole or
    /// damaged (cut short, a byte replaced, a byte inserted): where it reads one, serde reads
    /// the same view and the same body text. And it is the one that reads what the writer
    /// writes (bar `\u` escapes).
    #[test]
    fn the_fast_path_agrees_with_serde_on_written_and_damaged_lines(
        record in records_without_unicode_escapes(),
        at in proptest::prelude::any::<proptest::sample::Index>(),
        byte in proptest::prop_oneof![
            0u8..0x20,
            proptest::sample::select(b"\"\\/,:{}[]-.0eEtfnu \x7f".to_vec()),
            proptest::prelude::any::<u8>(),
        ],
    ) {
        let line = record.to_line().into_bytes();
        let mut scratch = Vec::new();
        if !line.windows(2).any(|pair| pair == b"\\u") {
            proptest::prop_assert!(scan::scan(&line, &mut scratch).is_some());
        }
        let at = at.index(line.len());
        let mut replaced = line.clone();
        replaced[at] = byte;
        let mut inserted = line.clone();
        inserted.insert(at, byte);
        for variant in [line.clone(), line[..at].to_vec(), replaced, inserted] {
            let shown = String::from_utf8_lossy(&variant).into_owned();
            if let Some((fast, text)) = scan::scan(&variant, &mut scratch) {
                let text = match text {
                    scan::BodyText::Plain(text) => text.to_vec(),
                    scan::BodyText::InScratch => scratch.clone(),
                };
                let slow = serde_json::from_slice::<DeliveryView>(&variant);
                proptest::prop_assert_eq!(Some(&fast), slow.as_ref().ok(), "{}", shown);
                let slow_text = serde_json::from_str::<String>(fast.body);
                proptest::prop_assert_eq!(
                    Some(text),
                    slow_text.ok().map(String::into_bytes),
                    "{}",
                    shown
                );
            }
        }
    }
}
