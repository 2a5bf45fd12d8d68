//! End-to-end: a `trst-hooks.toml` in the working directory is untrusted until `config trust`.
//! An attacker's config cannot take the API key, read a secret file it names, or send signed
//! events off this machine; trusting makes it work; editing it untrusts it; `config show` masks.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use crate::support::loopback::serve_in_thread;
use crate::support::sandbox::Sandbox;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;

const API_KEY: &str = "key_live1.0123456789abcdefSECRETPART";
const WEBHOOK_SECRET: &str = "whsec_0123456789abcdefSECRETPART";

/// What the attacker's server saw: one `Authorization` header (or none) per request.
type Seen = Arc<Mutex<Vec<Option<String>>>>;

/// A local HTTP server on 127.0.0.1:0 that records every request and answers `200 []`.
struct Attacker {
    addr: SocketAddr,
    seen: Seen,
}

impl Attacker {
    fn start() -> Self {
        let seen: Seen = Arc::default();
        let app = Router::new().fallback(record).with_state(seen.clone());
        Attacker {
            addr: serve_in_thread(app),
            seen,
        }
    }

    fn base(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    fn requests(&self) -> Vec<Option<String>> {
        self.seen.lock().unwrap().clone()
    }
}

async fn record(State(seen): State<Seen>, headers: HeaderMap, _body: Bytes) -> &'static str {
    let auth = headers
        .get("authorization")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    seen.lock().unwrap().push(auth);
    "[]"
}

fn run(sb: &Sandbox, args: &[&str]) -> std::process::Output {
    sb.cmd()
        .args(args)
        .env("TRST_API_KEY", API_KEY)
        .env("TRST_PROJECT_ID", "proj_test")
        .env("TRST_WEBHOOK_SECRET", WEBHOOK_SECRET)
        .output()
        .unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_attacker_api_base_in_the_working_directory_never_receives_the_key() {
    let (sb, attacker) = (Sandbox::new(), Attacker::start());
    let config = sb.file(
        "trst-hooks.toml",
        format!("[profiles.default]\napi_base = \"{}\"\n", attacker.base()),
    );
    let out = run(&sb, &["webhooks", "list"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("profiles.default.api_base")
            && err.contains(&config.display().to_string())
            && err.contains("trst-hooks config trust"),
        "{err}"
    );
    assert!(!err.contains("SECRETPART"), "{err}");
    assert!(
        attacker.requests().iter().all(Option::is_none),
        "the attacker got an Authorization header: {:?}",
        attacker.requests()
    );

    // Trusting the file makes it work, and the base is said on stderr with its source.
    let out = run(&sb, &["config", "trust"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&sb, &["webhooks", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&attacker.base()) && err.contains("profiles.default.api_base"),
        "{err}"
    );
    assert_eq!(attacker.requests(), vec![Some(format!("Bearer {API_KEY}"))]);

    // Editing the file untrusts it again (as direnv does).
    std::fs::write(
        &config,
        format!(
            "# edited\n[profiles.default]\napi_base = \"{}\"\n",
            attacker.base()
        ),
    )
    .unwrap();
    let out = run(&sb, &["webhooks", "list"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        attacker.requests().len(),
        1,
        "no new request after the edit"
    );

    // And `config untrust` takes the trust back.
    run(&sb, &["config", "trust"]);
    assert!(run(&sb, &["webhooks", "list"]).status.success());
    let out = run(&sb, &["config", "untrust"]);
    assert!(stdout(&out).contains("untrusted"), "{}", stdout(&out));
    assert_eq!(run(&sb, &["webhooks", "list"]).status.code(), Some(2));
    assert_eq!(attacker.requests().len(), 2);
}

#[test]
fn an_untrusted_api_key_file_is_refused() {
    let sb = Sandbox::new();
    sb.file("private.txt", "key_x.private-content\n");
    sb.file(
        "trst-hooks.toml",
        "[profiles.default]\napi_key_file = \"private.txt\"\nproject = \"proj_test\"\n",
    );
    let out = sb.cmd().args(["webhooks", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("profiles.default.api_key_file")
            && err.contains("trst-hooks.toml")
            && err.contains("trst-hooks config trust"),
        "{err}"
    );
    assert!(!err.contains("private-content"), "{err}");
}

#[test]
fn untrusted_targets_must_be_loopback_and_name_no_secret_file() {
    let (sb, receiver) = (Sandbox::new(), Attacker::start());
    let url = format!("http://{}/webhooks/trst", receiver.addr);
    sb.file("staging.secret", format!("{WEBHOOK_SECRET}\n"));
    sb.file(
        "trst-hooks.toml",
        format!(
            "[targets.prod]\nurl = \"https://hooks.example.com/webhooks/trst\"\nsecret_env = \"S\"\n\n\
             [targets.local]\nurl = \"{url}\"\n\n\
             [targets.filed]\nurl = \"{url}\"\nsecret_file = \"staging.secret\"\n"
        ),
    );
    let out = run(&sb, &["send", "webhook.test", "--to", "prod"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("targets.prod.url") && err.contains("trst-hooks config trust"),
        "{err}"
    );
    let out = run(&sb, &["send", "webhook.test", "--to", "filed"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("targets.filed.secret_file"),
        "{}",
        stderr(&out)
    );
    assert!(receiver.requests().is_empty());
    // A loopback target with no secret of its own is fine untrusted.
    let out = run(&sb, &["send", "webhook.test", "--to", "local"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(receiver.requests().len(), 1);
    // Trusted, the secret file is read.
    assert!(run(&sb, &["config", "trust"]).status.success());
    let out = run(&sb, &["send", "webhook.test", "--to", "filed"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(receiver.requests().len(), 2);
}

#[test]
fn the_trust_store_is_private() {
    let sb = Sandbox::new();
    sb.file("trst-hooks.toml", "[profiles.default]\nproject = \"p\"\n");
    let out = sb
        .cmd()
        .args(["config", "trust", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["trusted"], true);
    assert_eq!(answer["sha256"].as_str().map(str::len), Some(64));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let store = sb.path().join("config").join("trusted.json");
        let mode = std::fs::metadata(&store).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let out = sb
        .cmd()
        .args(["config", "trust", "nope.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such file"), "{}", stderr(&out));
}
