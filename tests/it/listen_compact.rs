//! End-to-end: `listen --compact` prints one line per delivery, and a burst too fast to read turns
//! the human view compact by itself, saying so once on stderr.

use crate::support::listen::{DEV, event, start};
use crate::support::sandbox::Sandbox;

#[test]
fn compact_prints_one_line_per_delivery() {
    let sb = Sandbox::new();
    let listening = start(&sb, &["--compact", "--no-log"]);
    assert_eq!(
        listening
            .post(&event("evt_a", "enrollment.completed"), Some(DEV))
            .status,
        200
    );
    assert_eq!(
        listening
            .post(&event("evt_b", "webhook.test"), Some("whsec_other"))
            .status,
        401
    );
    let out = listening.stop().stdout;
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("evt_")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains("valid") && lines[0].contains("enrollment.completed"),
        "{out}"
    );
    assert!(lines[0].contains("200"), "{out}");
    assert!(
        lines[1].contains("invalid") && lines[1].contains("401"),
        "{out}"
    );
    assert!(!out.contains("event_id"), "no per-delivery blocks: {out}");
}

#[test]
fn a_burst_switches_the_human_view_to_compact_and_says_so_once() {
    let sb = Sandbox::new();
    let listening = start(&sb, &["--no-log"]);
    let url = format!("http://{}{}", listening.addr, listening.path);
    sb.cmd()
        .args(["send", "enrollment.completed", "--count", "200", "-c", "8"])
        .args(["--to", url.as_str()])
        .assert()
        .success();
    let finished = listening.stop();
    let notes = finished
        .stderr
        .matches("switching to one line per delivery")
        .count();
    assert_eq!(notes, 1, "{}", finished.stderr);
    // A block starts with "#seq"; a compact line with the time.
    let starting = |first: fn(char) -> bool| {
        finished
            .stdout
            .lines()
            .filter(|l| l.chars().next().is_some_and(first))
            .count()
    };
    let blocks = starting(|c| c == '#');
    let compact = starting(|c| c.is_ascii_digit());
    assert!(blocks <= 20, "blocks only before the switch: {blocks}");
    assert_eq!(blocks + compact, 200, "{}", finished.stdout);
}
