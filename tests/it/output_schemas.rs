//! Every `--json` output matches its schema in `docs/schemas/` (so scripts can rely on the field
//! names): each test runs the real binary against real local servers, captures its JSON lines and
//! validates every one. The schemas themselves are compiled against the 2020-12 metaschema.

use crate::support::terminal::{Answer, DEV, Mode, Running, Sandbox, serve, start_listen};

/// Validates JSON lines against `docs/schemas/<command>.schema.json`.
pub(crate) struct Schema {
    name: &'static str,
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    pub(crate) fn load(name: &'static str) -> Self {
        let path = format!(
            "{}/docs/schemas/{name}.schema.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        let index = compiler
            .compile(&path, &mut schemas)
            .unwrap_or_else(|e| panic!("{name}: schema does not compile: {e:#}"));
        Schema {
            name,
            schemas,
            index,
        }
    }

    /// Validate every non-empty line of `stdout`; returns the parsed values.
    pub(crate) fn check_lines(&self, stdout: &str) -> Vec<serde_json::Value> {
        let values: Vec<serde_json::Value> = stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {line}", self.name))
            })
            .collect();
        assert!(!values.is_empty(), "{}: no JSON output", self.name);
        for value in &values {
            if let Err(e) = self.schemas.validate(value, self.index) {
                panic!("{}: {value}\ndoes not match the schema: {e:#}", self.name);
            }
        }
        values
    }
}

/// Run to the end; stdout only (where the JSON goes).
fn stdout_of(sb: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = sb
        .command(Mode::Pipe, args)
        .envs(env.iter().copied())
        .output()
        .expect("run trst-hooks");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn event(id: &str) -> Vec<u8> {
    format!(r#"{{"event_id":"{id}","event_type":"enrollment.completed","project_id":"proj_1","data":{{}}}}"#)
        .into_bytes()
}

#[test]
fn every_schema_compiles() {
    for name in [
        "sign", "verify", "send", "listen", "check", "webhooks", "emulator",
    ] {
        Schema::load(name);
    }
}

#[test]
fn schemas_refuse_a_renamed_missing_or_extra_field() {
    let sign = Schema::load("sign");
    let good = serde_json::json!({
        "signature": format!("sha256={}", "ab".repeat(32)),
        "header": format!("X-Webhook-Signature: sha256={}", "ab".repeat(32)),
        "body_sha256": "cd".repeat(32), "bytes": 3, "secret": "whsec_ab…",
    });
    assert!(sign.schemas.validate(&good, sign.index).is_ok());
    let mut extra = good.clone();
    extra["surprise"] = serde_json::json!(1);
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("bytes");
    for bad in [extra, missing] {
        assert!(sign.schemas.validate(&bad, sign.index).is_err(), "{bad}");
    }
    let listen = Schema::load("listen");
    let summary = serde_json::json!({"record": "summary", "stopped": "signal"});
    assert!(listen.schemas.validate(&summary, listen.index).is_err());
}

#[test]
fn sign_json_matches_its_schema() {
    let sb = Sandbox::new();
    let body = sb.file("event.json", event("evt_1"));
    let out = stdout_of(
        &sb,
        &["sign", body.to_str().unwrap(), "--json", "--dev-secret"],
        &[],
    );
    Schema::load("sign").check_lines(&out);
}

#[test]
fn listen_verify_and_send_json_match_their_schemas() {
    let sb = Sandbox::new();
    let log = sb.path().join("deliveries.jsonl");
    let log = log.to_str().unwrap();
    let listener = start_listen(&sb, Mode::Pipe, &["--json", "--log", log]);
    let url = listener.url();
    // A wrong path (rejected), an unsigned delivery (invalid), then valid ones from `send` (one
    // repeated, so a duplicate) and from `send` load; SIGTERM ends the run with its summary.
    crate::support::terminal::post(listener.addr, "/elsewhere", b"{}", &[]);
    crate::support::terminal::post(listener.addr, &listener.path, &event("evt_unsigned"), &[]);
    let sent = stdout_of(
        &sb,
        &[
            "send",
            "enrollment.completed",
            "--to",
            &url,
            "--dev-secret",
            "--json",
            "--event-id",
            "evt_twice",
            "--repeat",
            "2",
        ],
        &[],
    );
    let send = Schema::load("send");
    assert_eq!(send.check_lines(&sent).len(), 2);
    let load = stdout_of(
        &sb,
        &[
            "send",
            "enrollment.completed",
            "--to",
            &url,
            "--dev-secret",
            "--json",
            "--count",
            "2",
        ],
        &[],
    );
    let values = send.check_lines(&load);
    assert!(
        values.iter().any(|v| v.get("histogram").is_some()),
        "{load}"
    );
    let (stdout, _) = listener.run.terminate();
    let values = Schema::load("listen").check_lines(&stdout);
    for record in ["delivery", "rejected", "summary"] {
        assert!(
            values.iter().any(|v| v["record"] == record),
            "no {record}: {stdout}"
        );
    }

    let dry = stdout_of(
        &sb,
        &[
            "send",
            "--replay",
            log,
            "--last",
            "--dry-run",
            "--json",
            "--dev-secret",
        ],
        &[],
    );
    send.check_lines(&dry);

    let verify = Schema::load("verify");
    let out = stdout_of(
        &sb,
        &["verify", "--log", log, "--json", "--dev-secret"],
        &[],
    );
    let values = verify.check_lines(&out);
    assert!(values.iter().any(|v| v["record"] == "summary"), "{out}");
    let body = sb.file("event.json", event("evt_1"));
    let signature = crate::support::signature::reference_signature(DEV, &event("evt_1"));
    let out = stdout_of(
        &sb,
        &[
            "verify",
            body.to_str().unwrap(),
            "--signature",
            &signature,
            "--json",
            "--dev-secret",
        ],
        &[],
    );
    verify.check_lines(&out);
}

#[test]
fn check_json_matches_its_schema() {
    let sb = Sandbox::new();
    let listener = start_listen(&sb, Mode::Pipe, &["--no-log"]);
    let out = stdout_of(
        &sb,
        &["check", &listener.url(), "--json", "--dev-secret"],
        &[],
    );
    listener.run.kill();
    let values = Schema::load("check").check_lines(&out);
    assert!(
        values[0]["checks"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
}

/// A TRST API that knows one webhook.
fn api(method: &str, path: &str) -> Answer {
    let webhook = serde_json::json!({
        "id": "wh_1", "url": "https://example.com/hook", "event_types": ["enrollment.completed"],
        "enabled": true, "created_at": "2026-01-01T00:00:00Z", "secret": "whsec_issuedOnce123456789",
    });
    let json = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    let (status, body) = match method {
        "GET" if path.ends_with("/webhooks") => ("200 OK", serde_json::json!([webhook])),
        "GET" => ("200 OK", webhook),
        "POST" => ("201 Created", webhook),
        "PATCH" => ("200 OK", webhook),
        _ => return ("204 No Content".into(), json, Vec::new()),
    };
    (status.into(), json, serde_json::to_vec(&body).unwrap())
}

#[test]
fn webhooks_json_matches_its_schema() {
    let addr = serve(api);
    let base = format!("http://{addr}/v1");
    let env = crate::support::terminal::api_env(&base);
    let sb = Sandbox::new();
    let schema = Schema::load("webhooks");
    for args in [
        &["webhooks", "list", "--json"][..],
        &["webhooks", "get", "wh_1", "--json"],
        &[
            "webhooks",
            "create",
            "--url",
            "https://example.com/hook",
            "--event-type",
            "enrollment.completed",
            "--json",
        ],
        &["webhooks", "update", "wh_1", "--disable", "--json"],
        &["webhooks", "delete", "wh_1", "--yes", "--json"],
    ] {
        let out = stdout_of(&sb, args, &env);
        schema.check_lines(&out);
    }
}

#[test]
fn emulator_json_matches_its_schema() {
    let sb = Sandbox::new();
    let listener = start_listen(&sb, Mode::Pipe, &["--no-log"]);
    let mut emulator = Running::spawn(sb.command(
        Mode::Pipe,
        &["emulator", "--port", "0", "--in-memory", "--json"],
    ));
    let ready: serde_json::Value =
        serde_json::from_str(&emulator.wait_for("\"ready\"")).expect("ready line");
    let base = ready["base_url"].as_str().expect("base_url").to_owned();
    let env = [
        ("TRST_API_BASE", base.as_str()),
        ("TRST_PROJECT_ID", "proj_local"),
        ("TRST_API_KEY", "local.any-key-works"),
    ];
    let created = stdout_of(
        &sb,
        &[
            "webhooks",
            "create",
            "--url",
            &listener.url(),
            "--event-type",
            "enrollment.completed",
            "--json",
        ],
        &env,
    );
    Schema::load("webhooks").check_lines(&created);
    let triggered = stdout_of(
        &sb,
        &[
            "emulator",
            "trigger",
            "enrollment.completed",
            "--base-url",
            &base,
            "--project",
            "proj_local",
            "--json",
        ],
        &env,
    );
    let schema = Schema::load("emulator");
    schema.check_lines(&triggered);
    // The listener answers 401 (it holds the development secret, not the webhook's): an attempt.
    emulator.wait_for("\"attempt\"");
    let (stdout, _) = emulator.kill();
    listener.run.kill();
    let values = schema.check_lines(&stdout);
    for kind in ["ready", "api", "attempt"] {
        assert!(
            values.iter().any(|v| v["type"] == kind),
            "no {kind}: {stdout}"
        );
    }
}
