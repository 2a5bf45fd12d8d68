//! Text from outside never reaches the terminal raw (issue 13, finding 2): every human renderer,
//! run as the real binary through a pipe and under a pseudo-terminal (`script`, the coloured
//! path), shows control, C1, DEL and bidi characters escaped; `--json` stays exact JSON.
//! A raw loopback HTTP server (`output_support`) stands in for endpoints and the TRST API.

use crate::support::terminal::{Answer, DEV, MODES, Mode, Sandbox, post, serve, start_listen};

/// Every class that must be escaped, with the text it must show as.
const ATTACK: &[(&str, &str)] = &[
    ("\u{1b}]0;title\u{7}", "\\x1b]0;title\\x07"),
    ("\u{1b}[2J", "\\x1b[2J"),
    (
        "\u{1b}]8;;http://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\",
        "\\x1b]8;;http://evil.example/\\x1b\\link\\x1b]8;;\\x1b\\",
    ),
    ("\r✓ valid", "\\r✓ valid"),
    ("\u{202e}", "\\u{202e}"),
    ("\u{9b}", "\\u{9b}"),
    ("\u{7f}", "\\x7f"),
    ("\u{2066}\u{200f}\u{61c}", "\\u{2066}\\u{200f}\\u{61c}"),
];

/// In pretty-printed JSON the same characters show as JSON escapes.
const ATTACK_IN_JSON: &[&str] = &[
    "\\u001b]0;title\\u0007",
    "\\u001b[2J",
    "\\r✓ valid",
    "\\u202e",
    "\\u009b",
    "\\u007f",
    "\\u2066\\u200f\\u061c",
];

fn attack() -> String {
    ATTACK
        .iter()
        .map(|(raw, _)| *raw)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a person sees: colour sequences removed, the terminal's `\r\n` as `\n`. Panics when any
/// other control, C1, DEL or bidi character is left, naming it.
fn assert_clean(mode: Mode, output: &str) -> String {
    let sgr = regex::Regex::new("\u{1b}\\[[0-9;]*m").expect("regex");
    let text = sgr.replace_all(output, "").replace("\r\n", "\n");
    for (i, c) in text.char_indices() {
        let bad = matches!(c, '\u{0}'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}');
        assert!(
            !bad,
            "{mode:?}: raw {c:?} at {i} in:\n{}",
            text.escape_debug()
        );
    }
    if mode == Mode::Pty {
        assert!(
            sgr.is_match(output),
            "the terminal run should be coloured:\n{output}"
        );
    }
    text
}

fn assert_shows(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "missing {w:?} in:\n{text}");
    }
}

fn escaped_forms() -> Vec<&'static str> {
    ATTACK.iter().map(|(_, shown)| *shown).collect()
}

/// A JSON event whose id and type carry the attack.
fn attack_event() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "event_id": attack(),
        "event_type": attack(),
        "project_id": "proj_1",
        "data": {"note": attack()},
    }))
    .expect("json")
}

/// An endpoint whose answers carry the attack: a JSON body, a header value (bidi and C1 are
/// legal header bytes), and a text body on `/text`.
fn hostile_endpoint(_method: &str, path: &str) -> Answer {
    let headers = vec![("X-Evil".to_owned(), "a\u{202e}b\u{9b}c".to_owned())];
    if path.starts_with("/text") {
        return (
            "500 Internal Server Error".into(),
            headers,
            attack().into_bytes(),
        );
    }
    let body = serde_json::to_vec(&serde_json::json!({"error": attack()})).expect("json");
    ("500 Internal Server Error".into(), headers, body)
}

/// The TRST API, answering with webhooks whose every field carries the attack.
fn hostile_api(method: &str, path: &str) -> Answer {
    let webhook = serde_json::json!({
        "id": format!("wh_{}", attack()),
        "url": format!("https://example.com/{}", attack()),
        "event_types": [attack()],
        "enabled": true,
        "created_at": attack(),
        "description": attack(),
        "secret": format!("whsec_{}", attack()),
    });
    let json = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    let body = match (method, path.ends_with("/webhooks")) {
        ("GET", true) => serde_json::to_vec(&serde_json::json!([webhook])),
        ("POST", true) => serde_json::to_vec(&webhook),
        ("GET", false) => serde_json::to_vec(&webhook),
        _ => {
            let error = serde_json::json!({"error": {"message": attack()}});
            return (
                "422 Unprocessable Entity".into(),
                json,
                serde_json::to_vec(&error).expect("json"),
            );
        }
    }
    .expect("json");
    let status = if method == "POST" {
        "201 Created"
    } else {
        "200 OK"
    };
    (status.into(), json, body)
}

#[test]
fn listen_shows_a_hostile_delivery_escaped() {
    for mode in MODES {
        let sb = Sandbox::new();
        let log = sb.path().join("deliveries.jsonl");
        let log_arg = log.to_str().expect("utf-8");
        let listener = start_listen(&sb, mode, &["--expect", "1", "--log", log_arg]);
        let (addr, path) = (listener.addr, listener.path.clone());
        // Unsigned: the event id and type hold the attack.
        assert_eq!(post(addr, &path, &attack_event(), &[]), 401);
        // Not JSON: the raw body is the attack.
        assert_eq!(post(addr, &path, attack().as_bytes(), &[]), 401);
        // Signed and valid, so `--expect 1` ends the run; its type lands in the summary.
        assert_eq!(listener.post_signed(DEV, &attack_event()), 200);
        let shown = assert_clean(mode, &listener.finish());
        assert_shows(&shown, &escaped_forms());
        assert_shows(&shown, ATTACK_IN_JSON);
        assert!(shown.contains("── summary"), "{shown}");

        // The same log, read back by `verify --log -v` and replayed by `send --dry-run`.
        let verify = sb.run(
            mode,
            &["verify", "--log", log_arg, "--verbose", "--dev-secret"],
            &[],
        );
        assert_shows(&assert_clean(mode, &verify), &escaped_forms());
        let dry = sb.run(
            mode,
            &[
                "send",
                "--replay",
                log_arg,
                "--last",
                "--dry-run",
                "--dev-secret",
            ],
            &[],
        );
        let dry = assert_clean(mode, &dry);
        assert!(dry.contains("dry run"), "{dry}");
        // The replayed body is JSON as logged (its ESC already `\u001b`); what JSON leaves raw
        // (bidi, C1, DEL) is escaped.
        assert_shows(&dry, &["\\u001b]0;title", "\\u{202e}", "\\u{9b}", "\\x7f"]);
    }
}

#[test]
fn verify_of_a_hostile_body_is_escaped() {
    for mode in MODES {
        let sb = Sandbox::new();
        let body = sb.file("event.json", attack_event());
        let body = body.to_str().expect("utf-8");
        let zero = format!("sha256={}", "00".repeat(32));
        let shown = sb.run(
            mode,
            &["verify", body, "--signature", &zero, "--dev-secret"],
            &[],
        );
        let shown = assert_clean(mode, &shown);
        assert!(shown.contains("invalid signature"), "{shown}");
        assert_shows(&shown, &escaped_forms());
    }
}

#[test]
fn send_shows_a_hostile_answer_escaped() {
    let addr = serve(hostile_endpoint);
    for mode in MODES {
        let sb = Sandbox::new();
        for path in ["/json", "/text"] {
            let url = format!("http://{addr}{path}");
            let shown = sb.run(
                mode,
                &[
                    "send",
                    "enrollment.completed",
                    "--to",
                    &url,
                    "--dev-secret",
                    "--verbose",
                    "--full",
                ],
                &[],
            );
            let shown = assert_clean(mode, &shown);
            assert_shows(&shown, &["500", "a\\u{202e}b\\u{9b}c"]);
            if path == "/text" {
                assert_shows(&shown, &escaped_forms());
            } else {
                assert_shows(&shown, ATTACK_IN_JSON);
            }
        }
    }
}

#[test]
fn send_json_keeps_the_answer_exact() {
    let addr = serve(hostile_endpoint);
    let sb = Sandbox::new();
    let url = format!("http://{addr}/text");
    let out = sb
        .command(
            Mode::Pipe,
            &[
                "send",
                "enrollment.completed",
                "--to",
                &url,
                "--dev-secret",
                "--json",
            ],
        )
        .output()
        .expect("run");
    let line = String::from_utf8(out.stdout).expect("utf-8");
    let value: serde_json::Value =
        serde_json::from_str(line.lines().next().expect("a line")).expect("JSON");
    assert_eq!(value["response_body"], attack());
}

#[test]
fn check_shows_a_hostile_endpoint_escaped() {
    let addr = serve(hostile_endpoint);
    for mode in MODES {
        let sb = Sandbox::new();
        let url = format!("http://{addr}/text");
        let shown = sb.run(mode, &["check", &url, "--verbose", "--dev-secret"], &[]);
        let shown = assert_clean(mode, &shown);
        assert!(shown.contains("not ready"), "{shown}");
        assert_shows(&shown, &["\\x1b]0;title\\x07", "\\u{202e}"]);
    }
}

#[test]
fn webhooks_show_hostile_api_fields_escaped() {
    let addr = serve(hostile_api);
    let base = format!("http://{addr}/v1");
    let env = crate::support::terminal::api_env(&base);
    for mode in MODES {
        let sb = Sandbox::new();
        for args in [
            &["webhooks", "list"][..],
            &["webhooks", "get", "wh_1"],
            &[
                "webhooks",
                "create",
                "--url",
                "https://example.com/hook",
                "--event-type",
                "enrollment.completed",
            ],
        ] {
            let shown = assert_clean(mode, &sb.run(mode, args, &env));
            assert_shows(&shown, &["\\x1b]0;title\\x07", "\\u{202e}", "\\r✓ valid"]);
        }
        // A server's error message (whitespace folded by the client, controls escaped here).
        let shown = sb.run(mode, &["webhooks", "delete", "wh_1", "--yes"], &env);
        let shown = assert_clean(mode, &shown);
        assert_shows(&shown, &["error:", "\\x1b]0;title\\x07", "\\u{202e}"]);
    }
}
