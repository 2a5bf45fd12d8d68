use super::*;

const LINE: &str = r#"{"v":1,"received_at":"t","method":"POST","path":"/","remote_addr":null,"headers":[["content-type","application/json"],["x-webhook-signature","sha256=00"]],"body":"{\"a\":1}","body_encoding":"utf8","body_bytes":7,"event_id":"evt_1","event_type":null,"signature":{"valid":false,"secret_index":null,"secret":null,"reason":"mismatch","diagnosis":[{"code":"c","explanation":"e","hint":"h"}]},"duplicate":false,"response":{"status":401,"latency_ms":0.125}}"#;

fn serde(line: &str) -> Result<DeliveryView<'_>, serde_json::Error> {
    serde_json::from_str(line)
}

fn scan_view(line: &str) -> Option<DeliveryView<'_>> {
    scan(line.as_bytes(), &mut Vec::new()).map(|(view, _)| view)
}

#[test]
fn a_written_line_is_read_as_serde_reads_it() {
    let mut scratch = b"left over".to_vec();
    let (fast, text) = scan(LINE.as_bytes(), &mut scratch).expect("the fast path reads it");
    assert_eq!(scratch, br#"{"a":1}"#);
    assert_eq!(text, BodyText::InScratch);
    assert_eq!(fast, serde(LINE).unwrap());
    assert_eq!(fast.body, r#""{\"a\":1}""#);
    assert_eq!(fast.event_id.as_deref(), Some("evt_1"));
    assert_eq!(fast.event_type, None);
    assert!(matches!(fast.headers[0].0, Cow::Borrowed(_)));
}

#[test]
fn escapes_in_headers_and_ids_are_decoded() {
    let line = LINE
        .replace("evt_1", r#"e\"v\\t\/\n\r\t\b\f"#)
        .replace("sha256=00", r#"a\"b"#);
    let fast = scan_view(&line).expect("simple escapes stay on the fast path");
    assert_eq!(fast, serde(&line).unwrap());
    assert_eq!(fast.event_id.as_deref(), Some("e\"v\\t/\n\r\t\u{8}\u{c}"));
}

/// Each of these is left to serde_json, which then reads or refuses the line itself.
#[test]
fn what_it_is_not_sure_of_goes_to_serde() {
    let cases = [
        (
            "a space between tokens",
            LINE.replace(r#""v":1"#, r#""v": 1"#),
        ),
        ("a newline at the end", format!("{LINE}\n")),
        ("a \\u escape", LINE.replace("evt_1", r"\u0065vt")),
        (
            "an escaped key",
            LINE.replace(r#""event_id""#, r#""event\/id""#),
        ),
        (
            "a repeated field",
            LINE.replace(r#""v":1"#, r#""body_bytes":7"#),
        ),
        ("a missing field", LINE.replace(r#""body_bytes":7,"#, "")),
        ("a repeated body", LINE.replace(r#""v":1"#, r#""body":"""#)),
        ("a bad escape in the body", LINE.replace(r#"\"a"#, r#"\a"#)),
        (
            "a count too big",
            LINE.replace(":7,", ":99999999999999999999999,"),
        ),
        ("a fractional count", LINE.replace(":7,", ":7.0,")),
        ("a count with a leading zero", LINE.replace(":7,", ":07,")),
        (
            "a number with a leading zero",
            LINE.replace(":401", ":0401"),
        ),
        ("a number with a bare exponent", LINE.replace("0.125", "1e")),
        ("a bare minus", LINE.replace("0.125", "-")),
        ("a negative count", LINE.replace(":7,", ":-7,")),
        (
            "a body that is a number",
            LINE.replace(r#""{\"a\":1}""#, "7"),
        ),
        ("an unknown encoding", LINE.replace("utf8", "utf-8")),
        (
            "three strings in a header",
            LINE.replace(r#""sha256=00""#, r#""s","x""#),
        ),
        ("a bad escape", LINE.replace("evt_1", r"e\x")),
        ("a raw tab in a string", LINE.replace("evt_1", "e\tv")),
        (
            "a raw unit separator in a string",
            LINE.replace("evt_1", "e\u{1f}v"),
        ),
        ("trailing bytes", format!("{LINE}}}")),
        ("a truncated line", LINE[..LINE.len() - 1].to_string()),
        (
            "a number with no digits after the point",
            LINE.replace("0.125", "0."),
        ),
        (
            "a misspelled literal",
            LINE.replace(r#""duplicate":false"#, r#""duplicate":fals"#),
        ),
        (
            "deep nesting",
            LINE.replace(
                r#""v":1"#,
                &format!(r#""v":{}{}"#, "[".repeat(70), "]".repeat(70)),
            ),
        ),
    ];
    for (what, line) in cases {
        assert!(scan_view(&line).is_none(), "{what}: {line}");
    }
    assert!(
        scan(&[b'{', 0xff, b'}'], &mut Vec::new()).is_none(),
        "not UTF-8"
    );
}

#[test]
fn a_body_without_escapes_is_borrowed_from_the_line() {
    let line = LINE.replace(r#""{\"a\":1}""#, r#""plain""#);
    let mut scratch = Vec::new();
    let (view, text) = scan(line.as_bytes(), &mut scratch).expect("read");
    assert_eq!(text, BodyText::Plain(b"plain"));
    assert_eq!(view.body, r#""plain""#);
    assert!(scratch.is_empty());
}

#[test]
fn unknown_values_of_every_kind_are_skipped() {
    let line = LINE.replace(
        r#""v":1"#,
        r#""v":[1,-2.5e+3,0,1E9,true,false,null,"s\"",{},[],{"k":[{"x":{}}]}],"extra":{"a":"b"}"#,
    );
    let fast = scan_view(&line).expect("every JSON value is skipped");
    assert_eq!(fast, serde(&line).unwrap());
}
