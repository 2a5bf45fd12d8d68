//! End-to-end: the inspector's JSON API behind `listen` — who may call it (token, Host, Origin),
//! the list and its filters, a delivery in full, the live stream, replay, copy as curl, export,
//! and the history read from the log at start.

use serde_json::json;

use crate::support::inspector::{Inspected, start};
use crate::support::listen::{DEV, event};
use crate::support::sandbox::Sandbox;

/// Deliver `body` signed with `secret` and wait for it on an open stream.
fn deliver_and_see(i: &Inspected, body: &[u8], secret: Option<&str>) -> serde_json::Value {
    let mut stream = i.stream("");
    i.deliver(body, secret, &[]);
    stream.next_delivery()
}

#[test]
fn without_the_token_everything_but_the_assets_is_401() {
    let sb = Sandbox::new();
    let i = start(&sb, &[]);
    for path in [
        "/",
        "/api/deliveries",
        "/api/deliveries/1",
        "/api/stream",
        "/api/export",
    ] {
        let answer = i.call("GET", path, &[], b"");
        assert_eq!(answer.status, 401, "{path}: {}", answer.text());
    }
    let wrong = i.call(
        "GET",
        "/api/deliveries",
        &["Authorization: Bearer 00".into()],
        b"",
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(i.call("GET", "/?token=nope", &[], b"").status, 401);
    assert_eq!(i.call("GET", "/assets/app.js", &[], b"").status, 200);
    assert_eq!(
        i.call("GET", "/api/deliveries", &[i.bearer()], b"").status,
        200
    );
}

#[test]
fn the_printed_url_sets_a_strict_cookie_that_opens_the_api() {
    let sb = Sandbox::new();
    let i = start(&sb, &[]);
    let path = format!("/?token={}", i.token);
    let mut stream = std::net::TcpStream::connect(i.ui).unwrap();
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        i.host()
    );
    std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
    let mut raw = String::new();
    std::io::Read::read_to_string(&mut stream, &mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 303"), "{raw}");
    let cookie = raw
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .expect("a cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(raw.contains("content-security-policy: default-src 'none'; script-src 'self'"));
    let pair = cookie.split(';').next().unwrap();
    let page = i.call("GET", "/", &[format!("Cookie: {pair}")], b"");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<script src=\"/assets/app.js\""));
    assert!(!page.text().contains("<script>"), "no inline script");
    let api = i.call("GET", "/api/deliveries", &[format!("Cookie: {pair}")], b"");
    assert_eq!(api.status, 200);
}

#[test]
fn a_foreign_host_is_refused_even_with_the_token() {
    let sb = Sandbox::new();
    let i = start(&sb, &[]);
    let port = i.ui.port();
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".into(),
        format!("127.0.0.1:{}", port + 1),
    ] {
        let answer = i.call(
            "GET",
            "/api/deliveries",
            &[format!("Host: {host}"), i.bearer()],
            b"",
        );
        assert_eq!(answer.status, 403, "{host}");
        let page = i.call(
            "GET",
            &format!("/?token={}", i.token),
            &[format!("Host: {host}")],
            b"",
        );
        assert_eq!(page.status, 403, "{host}");
    }
    let localhost = format!("Host: localhost:{port}");
    assert_eq!(
        i.call("GET", "/api/deliveries", &[localhost, i.bearer()], b"")
            .status,
        200
    );
}

#[test]
fn cross_origin_actions_are_refused_and_no_cors_is_offered() {
    let sb = Sandbox::new();
    let i = start(&sb, &[]);
    let seen = deliver_and_see(&i, &event("evt_cors", "webhook.test"), Some(DEV));
    let path = format!("/api/deliveries/{}/replay", seen["id"]);
    let foreign = [i.bearer(), "Origin: http://evil.example".into()];
    let answer = i.call("POST", &path, &foreign, b"{}");
    assert_eq!(answer.status, 403, "{}", answer.text());
    let cookie = format!("Cookie: trst_inspector_{}={}", i.ui.port(), i.token);
    assert_eq!(
        i.call("POST", &path, &[cookie], b"{}").status,
        403,
        "cookie without Origin"
    );
    let preflight = i.call(
        "OPTIONS",
        &path,
        &["Origin: http://evil.example".into()],
        b"",
    );
    assert_ne!(preflight.status, 200);
    let held = i.get_json("/api/deliveries");
    assert_eq!(held["matched"], 1, "nothing was replayed");
}

#[test]
fn list_filters_detail_and_the_stream() {
    let sb = Sandbox::new();
    let i = start(&sb, &[]);
    let good = deliver_and_see(&i, &event("evt_good", "enrollment.completed"), Some(DEV));
    assert_eq!(good["verdict"], "valid");
    assert_eq!(good["status"], 200);
    let bad = deliver_and_see(&i, &event("evt_bad", "webhook.test"), Some("whsec_other"));
    assert_eq!(bad["verdict"], "invalid");
    assert_eq!(bad["reason"], "mismatch");
    let unsigned = deliver_and_see(&i, b"{\"needle\":\"haystack-42\"}", None);
    assert_eq!(unsigned["verdict"], "unsigned");

    let all = i.get_json("/api/deliveries");
    let ids: Vec<u64> = all["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![3, 2, 1], "newest first");
    let count = |query: &str| {
        i.get_json(&format!("/api/deliveries?{query}"))["matched"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("verdict=valid"), 1);
    assert_eq!(count("verdict=invalid"), 1);
    assert_eq!(count("type=webhook.test"), 1);
    assert_eq!(count("status=4xx"), 2);
    assert_eq!(count("status=200"), 1);
    assert_eq!(
        count("q=HAYSTACK-4"),
        1,
        "text search is case-insensitive over bodies"
    );
    assert_eq!(count("q=x-webhook-signature"), 2, "and over headers");

    let detail = i.get_json(&format!("/api/deliveries/{}", bad["id"]));
    assert_eq!(detail["event_id"], "evt_bad");
    assert_eq!(detail["signature"]["valid"], false);
    // On the development secret, a mismatch is explained: the listener names its own secret.
    assert_eq!(
        detail["signature"]["diagnosis"][0]["code"],
        "development_secret_only"
    );
    assert!(detail["unexplained"].is_null());
    assert_eq!(
        detail["body"],
        String::from_utf8(event("evt_bad", "webhook.test")).unwrap()
    );
    assert_eq!(
        i.call("GET", "/api/deliveries/99", &[i.bearer()], b"")
            .status,
        404
    );
    assert_eq!(
        i.call("GET", "/api/deliveries/x", &[i.bearer()], b"")
            .status,
        404
    );

    let mut filtered = i.stream("?verdict=valid");
    i.deliver(&event("evt_skipped", "webhook.test"), None, &[]);
    i.deliver(&event("evt_shown", "webhook.test"), Some(DEV), &[]);
    assert_eq!(
        filtered.next_delivery()["event_id"],
        "evt_shown",
        "the stream filters too"
    );
}

#[test]
fn replay_and_edit_and_replay_come_back_linked_with_the_right_verdicts() {
    let sb = Sandbox::new();
    let i = start(&sb, &[]);
    let original = deliver_and_see(&i, &event("evt_replay", "enrollment.completed"), Some(DEV));
    let id = original["id"].as_u64().unwrap();
    let path = format!("/api/deliveries/{id}/replay");
    let mut stream = i.stream("");
    let cases = [
        (json!({}), "valid", 200),
        (json!({"signature": "wrong"}), "invalid", 401),
        (json!({"signature": "none"}), "unsigned", 401),
        (
            json!({"body": "{\"edited\":true}", "signature": "listener"}),
            "valid",
            200,
        ),
        (
            json!({"body": "{\"edited\":true}", "signature": "original"}),
            "invalid",
            401,
        ),
    ];
    for (ask, verdict, status) in cases {
        let answer = i.post_json(&path, &ask);
        assert_eq!(answer.status, 200, "{ask}: {}", answer.text());
        let outcome: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(outcome["status"], status, "{ask}");
        let replay = stream.next_delivery();
        assert_eq!(replay["verdict"], verdict, "{ask}");
        assert_eq!(replay["replay_of"], id, "{ask}");
    }
    let detail = i.get_json(&format!("/api/deliveries/{id}"));
    assert_eq!(detail["replays"].as_array().unwrap().len(), 5);
    let edited = i.get_json("/api/deliveries?limit=1");
    let last = edited["deliveries"][0]["id"].clone();
    assert_eq!(
        i.get_json(&format!("/api/deliveries/{last}"))["body"],
        "{\"edited\":true}"
    );
    let nowhere = i.post_json(&path, &json!({"target": "forward"}));
    assert_eq!(nowhere.status, 400, "no --forward-to: {}", nowhere.text());
    let bad_url = i.post_json(
        &path,
        &json!({"target": "url", "url": "file:///etc/passwd"}),
    );
    assert_eq!(bad_url.status, 400);
}

#[test]
fn copy_as_curl_reproduces_the_delivery_exactly() {
    let sb = Sandbox::new();
    let i = start(&sb, &[]);
    let body = b"{\"quote\":\"it's\",\"at\":\"@file\"}";
    let seen = deliver_and_see(&i, body, Some(DEV));
    let answer = i.call(
        "GET",
        &format!("/api/deliveries/{}/curl", seen["id"]),
        &[i.bearer()],
        b"",
    );
    assert_eq!(answer.status, 200);
    let command = answer.text();
    assert!(
        command.contains(&format!("'http://{}{}'", i.listener, i.path)),
        "{command}"
    );
    assert!(
        command.contains(r#"--data-raw '{"quote":"it'\''s","at":"@file"}'"#),
        "{command}"
    );
    assert!(!command.contains("x-trst-hooks-replay-of"), "{command}");
    let mut stream = i.stream("");
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{} -s -o /dev/null", command.trim_end()))
        .status();
    if !run.is_ok_and(|s| s.success()) {
        eprintln!("curl is not installed: the curl command was checked but not run");
    } else {
        let again = stream.next_delivery();
        assert_eq!(again["verdict"], "valid", "the same bytes and signature");
        let detail = i.get_json(&format!("/api/deliveries/{}", again["id"]));
        assert_eq!(detail["body"], std::str::from_utf8(body).unwrap());
    }
}

#[test]
fn export_is_the_log_format_and_har() {
    let sb = Sandbox::new();
    let i = start(&sb, &[]);
    deliver_and_see(&i, &event("evt_x1", "enrollment.completed"), Some(DEV));
    deliver_and_see(&i, &event("evt_x2", "webhook.test"), Some(DEV));
    let answer = i.call(
        "GET",
        "/api/export?format=jsonl&type=webhook.test",
        &[i.bearer()],
        b"",
    );
    assert_eq!(answer.status, 200);
    let exported = sb.file("export.jsonl", &answer.body);
    assert_eq!(answer.text().lines().count(), 1);
    let verify = sb
        .cmd()
        .args(["verify", "--dev-secret", "--log"])
        .arg(&exported)
        .assert()
        .success();
    let out = String::from_utf8_lossy(&verify.get_output().stdout).into_owned();
    assert!(out.contains('1'), "{out}");
    let har = i.get_json("/api/export?format=har");
    let entries = har["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(har["log"]["version"], "1.2");
    assert_eq!(entries[0]["request"]["method"], "POST");
    assert!(
        entries[1]["request"]["postData"]["text"]
            .as_str()
            .unwrap()
            .contains("evt_x2")
    );
    assert_eq!(
        i.call("GET", "/api/export?format=pdf", &[i.bearer()], b"")
            .status,
        400
    );
}

#[test]
fn history_comes_from_the_log_and_is_bounded() {
    let sb = Sandbox::new();
    let first = start(&sb, &[]);
    for n in 0..4 {
        deliver_and_see(
            &first,
            &event(&format!("evt_h{n}"), "webhook.test"),
            Some(DEV),
        );
    }
    first.stop().expect(0);
    let second = start(&sb, &["--ui-history", "3"]);
    let held = second.get_json("/api/deliveries");
    let ids: Vec<&str> = held["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["evt_h3", "evt_h2", "evt_h1"]);
    deliver_and_see(&second, &event("evt_h4", "webhook.test"), Some(DEV));
    let held = second.get_json("/api/deliveries");
    assert_eq!(held["held"], 3, "the ring keeps --ui-history deliveries");
    assert_eq!(held["deliveries"][0]["event_id"], "evt_h4");
}

#[test]
fn no_ui_means_no_inspector_line() {
    let sb = Sandbox::new();
    let mut cmd = sb.std_cmd();
    cmd.args(["listen", "--port", "0", "--no-ui", "--json"]);
    let (process, _) = crate::support::process::Running::spawn_ready(cmd, "ready: ").unwrap();
    assert!(
        !process.stderr().contains("inspector"),
        "{}",
        process.stderr()
    );
}

#[test]
fn the_banner_shows_the_inspector_in_json_mode_too() {
    let sb = Sandbox::new();
    let i = start(&sb, &["--json"]);
    assert!(i.url.starts_with("http://127.0.0.1:"));
    assert_eq!(i.token.len(), 32, "128 bits of hex");
    let other = start(&sb, &["--json", "--no-log"]);
    assert_ne!(other.token, i.token, "a fresh token per run");
}

#[test]
fn a_busy_ui_port_moves_to_the_next_free_one() {
    let sb = Sandbox::new();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    if port == u16::MAX {
        return; // no port after it to move to
    }
    let text = port.to_string();
    let mut cmd = sb.std_cmd();
    cmd.args(["listen", "--port", "0", "--ui-port", text.as_str()]);
    let (process, _) = crate::support::process::Running::spawn_ready(cmd, "ready: ").unwrap();
    let banner = process.stderr();
    let line = banner
        .lines()
        .find(|l| l.contains("inspector"))
        .expect("an inspector line");
    let moved: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("a port");
    assert!(moved > port, "{line}");
}
