//! End-to-end: `sign` and `verify` as a user runs them, bad input included.

use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;
use predicates::prelude::*;
use predicates::str::contains;

const SECRET: &str = "whsec_abc123";
const BODY: &[u8] = br#"{"event_id":"e-1","timestamp":"2024-11-02T15:30:00Z","project_id":"proj_abc123","data":{"event_type":"enrollment.completed"}}"#;

#[test]
fn sign_prints_the_reference_signature() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    let expected = reference_signature(SECRET, BODY);
    sb.with_secret("sign", SECRET)
        .arg(&body)
        .assert()
        .success()
        .stdout(format!("{expected}\n"));
    sb.with_secret("sign", SECRET)
        .args(["-", "--header"])
        .write_stdin(BODY)
        .assert()
        .success()
        .stdout(format!("X-Webhook-Signature: {expected}\n"));
}

#[test]
fn sign_json_has_stable_fields_and_no_secret() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    let out = sb
        .with_secret("sign", SECRET)
        .arg(&body)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["signature"], reference_signature(SECRET, BODY));
    assert_eq!(json["bytes"], BODY.len());
    assert_eq!(json["body_sha256"].as_str().unwrap().len(), 64);
    assert!(
        json["header"]
            .as_str()
            .unwrap()
            .starts_with("X-Webhook-Signature: sha256=")
    );
    assert!(!stdout.contains(SECRET));
}

#[test]
fn secret_file_trailing_newline_is_stripped_once() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    let secret_file = sb.file("secret", format!("{SECRET}\n"));
    sb.cmd()
        .arg("sign")
        .arg(&body)
        .arg("--secret-file")
        .arg(&secret_file)
        .assert()
        .success()
        .stdout(format!("{}\n", reference_signature(SECRET, BODY)));
}

#[test]
fn secret_on_the_command_line_warns_and_is_never_printed() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    let out = sb
        .cmd()
        .arg("sign")
        .arg(&body)
        .args(["--secret", SECRET, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shell history"), "{stderr}");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr);
    assert!(!all.contains(SECRET), "secret leaked: {all}");
}

#[test]
fn no_secret_is_a_usage_error_with_a_hint() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    sb.cmd()
        .arg("verify")
        .arg(&body)
        .args(["-s", "sha256=00"])
        .assert()
        .code(2)
        .stderr(contains("no webhook secret given"))
        .stderr(contains("hint:"));
}

#[test]
fn verify_valid_body_and_rotation() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    let signature = reference_signature("whsec_old", BODY);
    sb.cmd()
        .arg("verify")
        .arg(&body)
        .args([
            "--signature",
            &signature,
            "--secret-env",
            "NEW",
            "--secret-env",
            "OLD",
        ])
        .env("NEW", "whsec_new")
        .env("OLD", "whsec_old")
        .assert()
        .success()
        .stdout(contains("valid signature (secret #2"));
}

#[test]
fn verify_names_the_mistake() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    let cases = [
        (
            reference_signature("abc123", BODY),
            "without its \"whsec_\" prefix",
        ),
        (
            reference_signature("whsec_abc123\n", BODY),
            "ends with a newline",
        ),
        (
            reference_signature(SECRET, &[BODY, b"\n"].concat()),
            "plus a trailing newline",
        ),
        (
            reference_signature(
                SECRET,
                &serde_json::to_vec_pretty(
                    &serde_json::from_slice::<serde_json::Value>(BODY).unwrap(),
                )
                .unwrap(),
            ),
            "pretty-printed JSON",
        ),
        (
            reference_signature(SECRET, BODY)
                .trim_start_matches("sha256=")
                .to_string(),
            "lacks the \"sha256=\" prefix",
        ),
        (
            reference_signature("whsec_other", BODY),
            "no known mistake explains it",
        ),
    ];
    for (signature, expected) in cases {
        sb.with_secret("verify", SECRET)
            .arg(&body)
            .args(["-s", &signature])
            .assert()
            .code(1)
            .stdout(contains(expected));
    }
}

#[test]
fn verify_base64_signature_is_diagnosed_in_json() {
    use base64::Engine;
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    let hex_sig = reference_signature(SECRET, BODY);
    let raw = hex::decode(hex_sig.trim_start_matches("sha256=")).unwrap();
    let b64 = format!(
        "sha256={}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    );
    let out = sb
        .with_secret("verify", SECRET)
        .arg(&body)
        .args(["-s", &b64, "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["reason"], "bad_hex");
    assert_eq!(json["diagnosis"][0]["code"], "base64_signature");
    assert_eq!(json["event_id"], "e-1");
}

#[test]
fn verify_bad_headers_each_get_a_reason() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    let good = reference_signature(SECRET, BODY);
    let spaced = format!("  {good}  ");
    sb.with_secret("verify", SECRET)
        .arg(&body)
        .args(["-s", &spaced])
        .assert()
        .success();
    let doubled = format!("sha256={good}");
    let cases = [
        (doubled.as_str(), "bad_hex"),
        ("sha256=zz", "bad_hex"),
        ("md5=abc", "wrong_prefix"),
        ("sha256=abcd", "wrong_length"),
        ("", "wrong_prefix"),
    ];
    for (sig, reason) in cases {
        let out = sb
            .with_secret("verify", SECRET)
            .arg(&body)
            .args(["--json", "-s", sig])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{sig}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["reason"], reason, "{sig}");
    }
}

#[test]
fn verify_empty_non_utf8_and_large_bodies() {
    let sb = Sandbox::new();
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("binary", vec![0xff, 0xfe, 0x00, 0x80]),
        ("large", vec![b'x'; 10 * 1024 * 1024]),
    ];
    for (name, content) in bodies {
        let path = sb.file(name, &content);
        let signature = reference_signature(SECRET, &content);
        sb.with_secret("verify", SECRET)
            .arg(&path)
            .args(["-s", &signature])
            .assert()
            .success()
            .stdout(contains("body is not a JSON event"));
    }
}

#[test]
fn verify_a_raw_http_capture() {
    let sb = Sandbox::new();
    let signature = reference_signature(SECRET, BODY);
    let mut capture = format!("POST /webhooks/trst HTTP/1.1\r\nHost: localhost:3000\r\nContent-Type: application/json\r\nX-Webhook-Signature: {signature}\r\nContent-Length: {}\r\n\r\n", BODY.len()).into_bytes();
    capture.extend_from_slice(BODY);
    let path = sb.file("capture.txt", &capture);
    sb.with_secret("verify", SECRET)
        .arg(&path)
        .assert()
        .success()
        .stdout(contains("POST /webhooks/trst"))
        .stdout(contains("valid signature"));
    let truncated = sb.file("cut.txt", &capture[..capture.len() - 10]);
    sb.with_secret("verify", SECRET)
        .arg(&truncated)
        .assert()
        .code(2)
        .stderr(contains("Content-Length says"))
        .stderr(contains("hint:"));
    let unsigned = sb.file(
        "unsigned.txt",
        format!(
            "POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n{}",
            BODY.len(),
            String::from_utf8_lossy(BODY)
        ),
    );
    sb.with_secret("verify", SECRET)
        .arg(&unsigned)
        .args(["--json"])
        .assert()
        .code(1)
        .stdout(contains("\"reason\":\"missing\""));
}

#[test]
fn verify_without_signature_or_recognisable_input_is_usage() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    sb.with_secret("verify", SECRET)
        .arg(&body)
        .assert()
        .code(2)
        .stderr(contains("--signature"));
    sb.with_secret("verify", SECRET)
        .args(["missing.json", "-s", "x"])
        .assert()
        .code(2)
        .stderr(contains("no such file"));
}

#[test]
fn output_has_no_colour_under_no_color() {
    let sb = Sandbox::new();
    let body = sb.file("body.json", BODY);
    sb.with_secret("verify", SECRET)
        .arg(&body)
        .args(["-s", "sha256=00", "--color", "auto"])
        .assert()
        .code(1)
        .stdout(contains("\u{1b}[").not());
    sb.with_secret("verify", SECRET)
        .arg(&body)
        .args(["-s", "sha256=00", "--color", "always"])
        .assert()
        .code(1)
        .stdout(contains("\u{1b}["));
}

#[test]
fn every_subcommand_has_help_with_examples() {
    let sb = Sandbox::new();
    let help = sb.cmd().arg("--help").output().unwrap();
    let text = String::from_utf8(help.stdout).unwrap();
    let commands: Vec<String> = text
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 3, "{text}");
    for command in commands {
        sb.cmd()
            .args([command.as_str(), "--help"])
            .assert()
            .success()
            .stdout(contains("Examples:"));
    }
}
