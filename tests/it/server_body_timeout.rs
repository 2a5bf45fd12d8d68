//! End-to-end: `listen --body-timeout`: a client that keeps a body trickling in (a byte at a time,
//! never idle long enough for the per-chunk limit) is answered 408 once the total deadline passes,
//! and the request is reported.

use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::support::listen::{parse_answer, start};
use crate::support::sandbox::Sandbox;

#[test]
fn a_trickled_body_gets_408_at_the_deadline_and_is_reported() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--body-timeout", "1s"]);
    let mut stream = l.connect();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Length: 100000\r\n\r\n",
        l.path, l.addr
    );
    stream.write_all(head.as_bytes()).expect("send head");
    let done = Arc::new(AtomicBool::new(false));
    let mut writer = stream.try_clone().expect("clone");
    let stop = Arc::clone(&done);
    let trickler = std::thread::spawn(move || {
        // Pacing the sender, not synchronising the test: the answer below is what is awaited.
        while !stop.load(Ordering::Relaxed) && writer.write_all(b"x").is_ok() {
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    done.store(true, Ordering::Relaxed);
    trickler.join().expect("trickler");
    let answer = parse_answer(&raw);
    assert_eq!(answer.status, 408, "{}", answer.text());
    let finished = l.stop();
    assert!(
        finished.stdout.contains("--body-timeout"),
        "{}",
        finished.stdout
    );
    assert!(finished.stdout.contains("408"), "{}", finished.stdout);
}

#[test]
fn the_deadline_is_reported_in_json_as_too_slow() {
    let sb = Sandbox::new();
    let l = start(&sb, &["--body-timeout", "300ms", "--json"]);
    let mut stream = l.connect();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Length: 10\r\n\r\nab",
        l.path, l.addr
    );
    stream.write_all(head.as_bytes()).expect("send head");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    assert_eq!(parse_answer(&raw).status, 408);
    let finished = l.stop();
    let rejected = finished
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["record"] == "rejected")
        .expect("the request is reported");
    assert_eq!(rejected["answer"]["status"], 408);
    assert_eq!(rejected["answer"]["reason"], "too_slow");
}
