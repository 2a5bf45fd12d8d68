//! End-to-end: the listener under bad input — garbage, repeated signatures, bodies cut off,
//! huge, non-UTF-8 or not JSON, slow clients, a thousand connections at once. It keeps serving,
//! answers as documented, logs what it can, and never falls over.

use std::io::{Read, Write};

use crate::support::listen::{
    DEV, Listening, default_log, event, log_records, parse_answer, signed_post, start,
};
use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;

fn still_serving(l: &Listening) {
    assert_eq!(l.post(&event("still_ok", "t"), Some(DEV)).status, 200);
}

#[test]
fn garbage_requests_get_400_and_the_listener_keeps_serving() {
    let sb = Sandbox::new();
    let l = start(&sb, &[]);
    for garbage in [
        &b"\x00\x01\x02 garbage\r\n\r\n"[..],
        b"POST /webhooks/trst HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
        b"POST /webhooks/trst HTTP/1.1\r\nContent-Length: nope\r\n\r\n{}",
        b"POST /webhooks/trst HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    ] {
        let answer = l.raw(garbage);
        if !answer.is_empty() {
            assert_eq!(parse_answer(&answer).status, 400, "{garbage:?}");
        }
        still_serving(&l);
    }
    // A signature header holding bytes that are not text is just a bad signature.
    let mut raw = b"POST /webhooks/trst HTTP/1.1\r\nHost: x\r\nX-Webhook-Signature: sha256=\xff\xfe\r\nContent-Length: 2\r\n\r\n{}".to_vec();
    let answer = parse_answer(&l.raw(&raw));
    assert_eq!(answer.status, 401);
    raw.clear();
    let done = l.stop();
    assert_eq!(done.code, Some(0));
    assert!(done.stdout.contains("is not hex"), "{}", done.stdout);
}

#[test]
fn a_repeated_signature_header_is_401_unless_the_values_agree() {
    let sb = Sandbox::new();
    let l = start(&sb, &[]);
    let body = event("rep", "t");
    let good = reference_signature(DEV, &body);
    let other = reference_signature("whsec_other", &body);
    let path = l.path.clone();
    let twice_different = [
        ("X-Webhook-Signature", good.as_str()),
        ("x-webhook-signature", other.as_str()),
    ];
    assert_eq!(
        l.request("POST", &path, &twice_different, &body).status,
        401
    );
    let twice_same = [
        ("X-Webhook-Signature", good.as_str()),
        ("X-Webhook-Signature", good.as_str()),
    ];
    assert_eq!(l.request("POST", &path, &twice_same, &body).status, 200);
    let done = l.stop();
    assert!(
        done.stdout.contains("more than once with different values"),
        "{}",
        done.stdout
    );
    let records = log_records(&default_log(&sb));
    assert_eq!(
        records[0].header_values("X-Webhook-Signature"),
        [good.as_str(), other.as_str()]
    );
}

#[test]
fn a_body_cut_off_midway_is_reported_not_logged_and_does_not_stop_the_listener() {
    let sb = Sandbox::new();
    let l = start(&sb, &[]);
    let raw = b"POST /webhooks/trst HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"event_id\":\"cut";
    let _ = l.raw(raw);
    still_serving(&l);
    let done = l.stop();
    assert!(
        done.stdout.contains("cut off after 16 bytes"),
        "{}",
        done.stdout
    );
    let records = log_records(&default_log(&sb));
    assert_eq!(records.len(), 1, "only the complete delivery is logged");
    assert_eq!(records[0].event_id.as_deref(), Some("still_ok"));
}

#[test]
fn ten_megabyte_bodies_get_413_whether_declared_or_streamed() {
    let sb = Sandbox::new();
    let l = start(&sb, &[]);
    let big = vec![b'x'; 10 * 1024 * 1024];
    let declared = l.post(&big, Some(DEV));
    assert_eq!(declared.status, 413);
    // Chunked, so the size is only found out while reading.
    let mut stream = l.connect();
    stream
        .write_all(b"POST /webhooks/trst HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        .expect("send head");
    let mut answer = Vec::new();
    for chunk in big.chunks(256 * 1024) {
        let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
        if stream.write_all(&frame).is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let _ = stream.read_to_end(&mut answer);
    assert_eq!(parse_answer(&answer).status, 413);
    // A raw client that declares a huge body and never sends it still gets its answer at once.
    let answer = parse_answer(
        &l.raw(b"POST /webhooks/trst HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n"),
    );
    assert_eq!(answer.status, 413);
    still_serving(&l);
    let done = l.stop();
    assert!(done.stdout.contains("over --max-body"), "{}", done.stdout);
    assert_eq!(log_records(&default_log(&sb)).len(), 1);
}

#[test]
fn non_utf8_and_invalid_json_bodies_get_400_and_are_logged_byte_exact() {
    let sb = Sandbox::new();
    let l = start(&sb, &[]);
    let binary = vec![0xff, 0x00, 0xfe, b'\n', b'{', 0x80];
    assert_eq!(l.post(&binary, Some(DEV)).status, 400);
    assert_eq!(l.post(b"{\"event_id\": oops", Some(DEV)).status, 400);
    assert_eq!(l.post(b"[1,2,3]", Some(DEV)).status, 400);
    assert_eq!(
        l.post(b"{\"event_id\": oops", None).status,
        401,
        "signature first"
    );
    let done = l.stop();
    assert!(done.stdout.contains("not UTF-8"), "{}", done.stdout);
    assert!(done.stdout.contains("not valid JSON"));
    assert!(done.stdout.contains("JSON but not an object"));
    let records = log_records(&default_log(&sb));
    assert_eq!(records.len(), 4);
    assert_eq!(records[0].raw_body().expect("decodes"), binary);
    assert_eq!(
        records[1].raw_body().expect("decodes"),
        b"{\"event_id\": oops"
    );
    // The signatures in the log still verify (the log is the bytes as received).
    let out = sb
        .cmd()
        .args(["verify", "--log", "--dev-secret", "--json"])
        .assert()
        .code(1);
    let summary = String::from_utf8_lossy(&out.get_output().stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_owned();
    let summary: serde_json::Value = serde_json::from_str(&summary).expect("summary");
    assert_eq!(summary["valid"], 3);
    assert_eq!(summary["invalid"], 1);
}

#[test]
fn a_slow_client_does_not_hold_up_the_others() {
    let sb = Sandbox::new();
    let l = start(&sb, &[]);
    let body = event("slow", "t");
    let signature = reference_signature(DEV, &body);
    let mut slow = l.connect();
    slow.write_all(b"POST /webhooks/trst HTTP/1.1\r\nHost: x\r\n")
        .expect("half the head");
    still_serving(&l);
    let rest = format!(
        "X-Webhook-Signature: {signature}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    slow.write_all(rest.as_bytes())
        .expect("the rest of the head");
    slow.write_all(&body[..10]).expect("part of the body");
    still_serving(&l);
    slow.write_all(&body[10..]).expect("the rest of the body");
    let mut answer = Vec::new();
    slow.read_to_end(&mut answer).expect("answer");
    assert_eq!(parse_answer(&answer).status, 200);
    l.stop();
}

#[test]
fn a_thousand_concurrent_connections_are_all_answered_and_logged() {
    const N: usize = 1000;
    let sb = Sandbox::new();
    let l = start(&sb, &["--json"]);
    let addr = l.addr;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let statuses: Vec<u16> = runtime.block_on(async move {
        // Open every connection first, then send on all of them at once.
        let mut streams = Vec::with_capacity(N);
        for _ in 0..N {
            streams.push(tokio::net::TcpStream::connect(addr).await.expect("connect"));
        }
        let tasks: Vec<_> = streams
            .into_iter()
            .enumerate()
            .map(|(i, mut stream)| {
                tokio::spawn(async move {
                    use tokio::io::{AsyncReadExt, AsyncWriteExt};
                    let request = signed_post(&event(&format!("c{i}"), "t"));
                    stream.write_all(&request).await.expect("send");
                    let mut answer = Vec::new();
                    stream.read_to_end(&mut answer).await.expect("read");
                    parse_answer(&answer).status
                })
            })
            .collect();
        let mut statuses = Vec::with_capacity(N);
        for task in tasks {
            statuses.push(task.await.expect("task"));
        }
        statuses
    });
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let done = l.stop();
    let deliveries = done
        .stdout
        .lines()
        .filter(|line| line.starts_with("{\"record\":\"delivery\""))
        .count();
    assert_eq!(deliveries, N);
    let mut ids: Vec<String> = log_records(&default_log(&sb))
        .into_iter()
        .filter_map(|r| r.event_id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), N);
}
