//! End-to-end: a delivery that got a 2xx is never lost. `kill -9` in the middle of concurrent
//! deliveries, restart on the same log: every acknowledged delivery is there exactly once and no
//! line is torn. And a graceful stop lets in-flight deliveries finish.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::listen::{default_log, event, log_records, signed_post, start};
use crate::support::process::PATIENCE;
use crate::support::sandbox::Sandbox;

/// POST one signed event; None when the listener is gone.
fn try_post(addr: SocketAddr, id: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(PATIENCE)).ok()?;
    stream
        .write_all(&signed_post(&event(id, "reliability.test")))
        .ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn kill_9_midway_loses_no_acknowledged_delivery_and_leaves_no_torn_line() {
    const THREADS: usize = 8;
    const PER_THREAD: usize = 100;
    let sb = Sandbox::new();
    let mut l = start(&sb, &["--json"]);
    let addr = l.addr;
    let (acked_tx, acked_rx) = mpsc::channel::<String>();
    let senders: Vec<_> = (0..THREADS)
        .map(|t| {
            let acked = acked_tx.clone();
            std::thread::spawn(move || {
                for i in 0..PER_THREAD {
                    let id = format!("rel_{t}_{i}");
                    match try_post(addr, &id) {
                        Some(status) if (200..300).contains(&status) => {
                            let _ = acked.send(id);
                        }
                        Some(status) => panic!("unexpected answer {status}"),
                        None => return,
                    }
                }
            })
        })
        .collect();
    drop(acked_tx);
    let mut acked = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    while acked.len() < 150 && Instant::now() < deadline {
        match acked_rx.recv_timeout(PATIENCE) {
            Ok(id) => acked.push(id),
            Err(_) => break,
        }
    }
    assert!(acked.len() >= 150, "deliveries flowed before the kill");
    l.kill9();
    for sender in senders {
        sender.join().expect("sender thread");
    }
    acked.extend(acked_rx.try_iter());
    assert!(acked.len() < THREADS * PER_THREAD, "the kill came mid-way");

    // Restart on the same log: it must open (lock released, any torn tail repaired).
    let again = start(&sb, &["--json"]);
    assert_eq!(try_post(again.addr, "after_restart"), Some(200));
    let done = again.stop();
    assert_eq!(done.code, Some(0), "{}", done.stderr);

    let records = log_records(&default_log(&sb));
    let mut counts = std::collections::HashMap::new();
    for record in &records {
        assert_eq!(
            record.raw_body().expect("body"),
            event(record.event_id.as_deref().unwrap_or(""), "reliability.test")
        );
        *counts
            .entry(record.event_id.clone().unwrap_or_default())
            .or_insert(0) += 1;
    }
    for id in &acked {
        assert_eq!(
            counts.get(id),
            Some(&1),
            "{id} acknowledged but logged {:?} times",
            counts.get(id)
        );
    }
    assert_eq!(counts.get("after_restart"), Some(&1));
    sb.cmd()
        .args(["verify", "--log", "--dev-secret"])
        .assert()
        .success();
}

#[test]
fn sigterm_lets_an_in_flight_delivery_finish_and_be_logged() {
    let sb = Sandbox::new();
    let mut l = start(
        &sb,
        &[
            "--exec",
            "touch started; while [ ! -f go ]; do sleep 0.01; done",
        ],
    );
    let addr = l.addr;
    let client = std::thread::spawn(move || try_post(addr, "in_flight"));
    let started = sb.path().join("started");
    let deadline = Instant::now() + PATIENCE;
    while !started.exists() {
        assert!(
            Instant::now() < deadline,
            "the delivery never reached --exec"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    l.signal("TERM");
    l.wait_stderr("stopping");
    std::fs::write(sb.path().join("go"), "").expect("release the command");
    assert_eq!(client.join().expect("client"), Some(200));
    let done = l.wait();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(
        done.stdout.contains("in_flight") && done.stdout.contains("summary"),
        "{}",
        done.stdout
    );
    let records = log_records(&default_log(&sb));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].event_id.as_deref(), Some("in_flight"));
}
