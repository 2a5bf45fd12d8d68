//! End-to-end: the emulator's management API as a client sees it — the create answer with its
//! one-time secret, CRUD, bad input, the 25-webhook limit, auth, `--plan` rate limits, and
//! `--strict-urls`. Secrets never reach the emulator's output.

use crate::support::emulator::{Api, Emulator};
use crate::support::sandbox::Sandbox;
use serde_json::Value;

#[tokio::test]
async fn webhooks_can_be_created_listed_updated_and_deleted() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let api = emu.api("key.abc");
    let created = api
        .post(
            "/project/proj_new/webhooks",
            r#"{"url":"http://127.0.0.1:3000/webhooks/trst","event_types":["enrollment.completed"],"enabled":true}"#,
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json["id"].as_str().unwrap().to_owned();
    let secret = created.json["secret"].as_str().unwrap().to_owned();
    assert!(id.starts_with("webhook_"), "{id}");
    assert!(
        secret.starts_with("whsec_") && secret.len() > 40,
        "{secret}"
    );
    assert_eq!(created.json["url"], "http://127.0.0.1:3000/webhooks/trst");
    assert_eq!(
        created.json["event_types"],
        serde_json::json!(["enrollment.completed"])
    );
    assert_eq!(created.json["enabled"], true);
    assert!(humantime::parse_rfc3339(created.json["created_at"].as_str().unwrap()).is_ok());

    let listed = api.get("/project/proj_new/webhooks").await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.json["data"].as_array().unwrap().len(), 1);
    let fetched = api.get(&format!("/project/proj_new/webhooks/{id}")).await;
    assert_eq!(fetched.json["id"], id.as_str());
    for answer in [&listed, &fetched] {
        assert!(
            !answer.text.contains(&secret),
            "secret shown again: {}",
            answer.text
        );
        assert!(!answer.text.contains("\"secret\""), "{}", answer.text);
    }

    let patched = api
        .call(
            "PATCH",
            &format!("/project/proj_new/webhooks/{id}"),
            Some(r#"{"enabled":false,"event_types":["demo.scan.success"]}"#),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    assert_eq!(patched.json["enabled"], false);
    assert_eq!(
        patched.json["event_types"],
        serde_json::json!(["demo.scan.success"])
    );
    assert_eq!(patched.json["url"], "http://127.0.0.1:3000/webhooks/trst");
    let test = api
        .post(&format!("/project/proj_new/webhooks/{id}/test"), "")
        .await;
    assert_eq!(
        (test.status, test.json["error"]["code"].as_str()),
        (409, Some("webhook_disabled"))
    );

    let deliveries = api
        .get(&format!("/project/proj_new/webhooks/{id}/deliveries"))
        .await;
    assert_eq!(deliveries.json, serde_json::json!({"data": []}));
    let other_project = api.get(&format!("/project/proj_other/webhooks/{id}")).await;
    assert_eq!(other_project.status, 404);
    assert_eq!(
        api.get("/project/never_seen/webhooks").await.json,
        serde_json::json!({"data": []})
    );

    let deleted = api
        .call("DELETE", &format!("/project/proj_new/webhooks/{id}"), None)
        .await;
    assert_eq!(deleted.status, 204);
    let gone = api.get(&format!("/project/proj_new/webhooks/{id}")).await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.json["error"]["code"], "webhook_not_found");
    assert!(
        gone.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&id)
    );

    let output = emu.output();
    assert!(!output.contains(&secret), "secret printed:\n{output}");
    assert!(!output.contains("key.abc"), "API key printed:\n{output}");
    assert!(
        output.contains("POST   /v1/project/proj_new/webhooks  201"),
        "{output}"
    );
}

#[tokio::test]
async fn bad_requests_get_clear_errors() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let api = emu.api("k");
    let types = r#""event_types":["enrollment.completed"]"#;
    let cases: Vec<(String, u16, &str)> = vec![
        ("{\"url\": ".into(), 400, "not valid JSON"),
        ("".into(), 400, "body is empty"),
        ("[]".into(), 400, "must be a JSON object"),
        (format!("{{{types}}}"), 400, "url is required"),
        (
            format!(r#"{{"url":["x"],{types}}}"#),
            400,
            "url must be a string, not a list",
        ),
        (
            format!(r#"{{"url":"https://h.example.com","secret":"mine",{types}}}"#),
            400,
            "unknown field \"secret\"",
        ),
        (
            r#"{"url":"https://h.example.com","event_types":"enrollment.completed"}"#.into(),
            400,
            "event_types must be a list",
        ),
        (
            r#"{"url":"https://h.example.com","event_types":["enrollment.done"]}"#.into(),
            400,
            "supported: enrollment.completed, demo.scan.success, webhook.test",
        ),
        (
            r#"{"url":"https://h.example.com"}"#.into(),
            400,
            "event_types is required",
        ),
        (
            format!(r#"{{"url":"https://h.example.com","enabled":1,{types}}}"#),
            400,
            "enabled must be true or false",
        ),
        (
            format!(r#"{{"url":"not a url",{types}}}"#),
            400,
            "not a valid URL",
        ),
        (
            format!(r#"{{"url":"http://hooks.example.com/x",{types}}}"#),
            422,
            "https",
        ),
        (
            format!(r#"{{"url":"https://192.168.1.20/x",{types}}}"#),
            422,
            "private or internal",
        ),
    ];
    for (body, status, fragment) in &cases {
        let answer = api.post("/project/p/webhooks", body).await;
        assert_eq!(answer.status, *status, "{body} → {}", answer.text);
        let message = answer.json["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(fragment), "{body} → {message}");
        assert!(answer.json["error"]["code"].is_string(), "{}", answer.text);
    }
    assert_eq!(
        api.get("/project/p/webhooks").await.json["data"],
        serde_json::json!([])
    );

    let (id, _) = api
        .create("p", "http://localhost:9/x", &["webhook.test"])
        .await;
    let empty_patch = api
        .call("PATCH", &format!("/project/p/webhooks/{id}"), Some("{}"))
        .await;
    assert_eq!(empty_patch.status, 400);
    assert!(empty_patch.text.contains("nothing to update"));
    let checks = [
        (
            "POST",
            "/project/p/webhooks/webhook_nope/test".to_owned(),
            404,
            "webhook_not_found",
        ),
        (
            "GET",
            format!("/project/p/webhooks/{id}/deliveries/delivery_nope/attempts"),
            404,
            "delivery_not_found",
        ),
        (
            "GET",
            format!("/project/p/webhooks/{id}/deliveries?limit=0"),
            400,
            "invalid_request",
        ),
        ("GET", "/project/p/hooks".to_owned(), 404, "not_found"),
        (
            "PUT",
            format!("/project/p/webhooks/{id}"),
            405,
            "method_not_allowed",
        ),
    ];
    for (method, path, status, code) in checks {
        let answer = api.call(method, &path, None).await;
        assert_eq!(answer.status, status, "{method} {path}: {}", answer.text);
        assert_eq!(answer.json["error"]["code"], code, "{method} {path}");
    }
}

#[tokio::test]
async fn the_26th_webhook_of_a_project_is_refused() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let api = emu.api("k");
    for i in 0..25 {
        api.create(
            "full",
            &format!("http://127.0.0.1:3000/{i}"),
            &["webhook.test"],
        )
        .await;
    }
    let body = r#"{"url":"http://127.0.0.1:3000/26","event_types":["webhook.test"]}"#;
    let refused = api.post("/project/full/webhooks", body).await;
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(refused.json["error"]["code"], "webhook_limit_reached");
    assert!(
        refused.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("25")
    );
    assert_eq!(
        api.get("/project/full/webhooks").await.json["data"]
            .as_array()
            .unwrap()
            .len(),
        25
    );
    assert_eq!(
        api.post("/project/another/webhooks", body).await.status,
        201
    );
}

#[tokio::test]
async fn bearer_auth_is_required_and_api_key_enforced() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let anonymous = Api {
        key: None,
        ..emu.api("")
    };
    let missing = anonymous.get("/project/p/webhooks").await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.json["error"]["code"], "unauthorized");
    assert_eq!(
        emu.api("any.key").get("/project/p/webhooks").await.status,
        200
    );

    let key = "key_7.s3cr3t-value-for-tests";
    let strict = Emulator::start_with(
        &sb,
        &["--in-memory", "--api-key-env", "EMU_KEY"],
        &[("EMU_KEY", key)],
    );
    assert_eq!(
        strict
            .api("key_7.wrong")
            .get("/project/p/webhooks")
            .await
            .status,
        401
    );
    let ok = strict.api(key).get("/project/p/webhooks").await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let output = strict.output();
    assert!(!output.contains(key), "API key printed:\n{output}");
    assert!(output.contains("Bearer key required"), "{output}");
}

#[tokio::test]
async fn sandbox_plan_answers_429_with_retry_after() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory", "--plan", "sandbox"]);
    let api = emu.api("sandbox.key");
    for _ in 0..5 {
        assert_eq!(api.get("/project/p/webhooks").await.status, 200);
    }
    let limited = api.get("/project/p/webhooks").await;
    assert_eq!(limited.status, 429, "{}", limited.text);
    assert_eq!(limited.json["error"]["code"], "rate_limited");
    let retry_after: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(
        emu.api("other.key").get("/project/p/webhooks").await.status,
        200
    );
}

#[tokio::test]
async fn strict_urls_refuse_loopback_like_trst() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory", "--strict-urls"]);
    let answer = emu
        .api("k")
        .post(
            "/project/p/webhooks",
            r#"{"url":"http://127.0.0.1:3000/x","event_types":["webhook.test"]}"#,
        )
        .await;
    assert_eq!(answer.status, 422, "{}", answer.text);
    assert!(
        answer.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--strict-urls")
    );
}

#[tokio::test]
async fn json_mode_prints_only_json_lines_without_secrets() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory", "--json", "--retry-schedule", "none"]);
    let api = emu.api("k");
    let (id, secret) = api
        .create("p", "http://127.0.0.1:9/closed", &["webhook.test"])
        .await;
    api.post(&format!("/project/p/webhooks/{id}/test"), "")
        .await;
    api.wait_delivery("p", &id, |d| d["status"] == "failed")
        .await;
    let stdout = emu.wait_stdout(r#""type":"attempt""#);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    assert_eq!(lines[0]["type"], "ready");
    assert_eq!(lines[0]["base_url"], emu.base.as_str());
    let attempt = lines
        .iter()
        .find(|l| l["type"] == "attempt")
        .expect("an attempt line");
    assert_eq!(attempt["webhook_id"], id.as_str());
    assert_eq!(attempt["succeeded"], false);
    assert!(
        attempt["error"]
            .as_str()
            .unwrap()
            .contains("could not connect")
    );
    assert!(
        lines
            .iter()
            .any(|l| l["type"] == "api" && l["status"] == 201)
    );
    assert!(!emu.output().contains(&secret));
}

#[test]
fn setup_errors_exit_2_with_a_hint() {
    let sb = Sandbox::new();
    let db = sb.path().join("one.sqlite3");
    let _holder = Emulator::start(&sb, &["--db", db.to_str().unwrap()]);
    sb.cmd()
        .args(["emulator", "--port", "0", "--db", db.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "in use by another running emulator",
        ));
    sb.cmd()
        .args(["emulator", "--retry-schedule", "1s,soon"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("\"soon\" is not a duration"));
    sb.cmd()
        .args(["emulator", "--time-scale", "0"])
        .assert()
        .code(2);
    sb.cmd()
        .args(["emulator", "--api-key-env", "UNSET_FOR_SURE"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("$UNSET_FOR_SURE is not set"));
    sb.cmd()
        .args(["emulator", "--help"])
        .assert()
        .success()
        .stdout(predicates::str::contains("ASSUMED"))
        .stdout(predicates::str::contains("--retry-schedule"));
}

#[test]
fn the_default_database_lives_in_the_data_dir() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &[]);
    assert!(emu.base.starts_with("http://127.0.0.1:") && emu.base.ends_with("/v1"));
    assert!(sb.path().join("data/emulator.sqlite3").is_file());
}
