//! End-to-end: the real `trst-hooks webhooks` CLI against the real `trst-hooks emulator` (no
//! fake): create with a loopback URL and `--save-secret`, list, get, update, `test --wait`
//! following retries to success or failure, deliveries and attempts, delete, the 25-webhook
//! limit, the sandbox rate limit, and the secret and API key kept out of every output.

use crate::support::emulator::Emulator;
use crate::support::handler::{Handler, Reply};
use crate::support::process::Finished;
use crate::support::sandbox::Sandbox;
use crate::support::sandbox::file_mode;
use crate::support::webhooks_cli::{Cli, KEY, PROJECT, secret_in};
use serde_json::Value;

fn id_of(run: &Finished) -> String {
    run.json()[0]["id"].as_str().expect("an id").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_loop_through_the_cli() {
    let sb = Sandbox::new();
    // Three attempts in all: the first, then retries after 50ms and 100ms.
    let emu = Emulator::start(&sb, &["--in-memory", "--retry-schedule", "50ms,100ms"]);
    let cli = Cli::new(&sb, &emu);
    // Fails twice, then succeeds; attempts 2 and 3 are held until the CLI has reported the
    // previous failure, so the test sees `--wait` follow each retry (no sleeps, no timing).
    let mut flaky = Handler::verifying(
        vec![Reply::Status(500), Reply::Status(500), Reply::Status(200)],
        &[false, true, true],
    )
    .await;
    let mut broken = Handler::verifying(vec![Reply::Status(500)], &[]).await;

    // create: a loopback URL is fine because the API itself is loopback; the secret is saved.
    let secret_path = sb.path().join("hook.secret");
    let created = cli
        .run(&[
            "create",
            "--url",
            &format!("{}/webhooks/trst", flaky.url),
            "--event-type",
            "enrollment.completed",
            "--save-secret",
            secret_path.to_str().unwrap(),
        ])
        .await
        .expect(0);
    assert!(
        created.stdout.contains("created webhook webhook_"),
        "{created:?}"
    );
    assert!(created.stdout.contains("(mode 0600)"), "{created:?}");
    #[cfg(unix)]
    assert_eq!(file_mode(&secret_path), 0o600);
    let secret = std::fs::read_to_string(&secret_path)
        .unwrap()
        .trim()
        .to_owned();
    assert!(secret.starts_with("whsec_"), "saved: {secret:?}");
    flaky.trust(&secret);
    let id = created
        .stdout
        .split_whitespace()
        .find(|w| w.starts_with("webhook_"))
        .unwrap()
        .to_owned();

    // A second webhook, its secret shown once in the block (the only place it may appear).
    let shown = cli
        .run(&[
            "create",
            "--url",
            &format!("{}/webhooks/trst", broken.url),
            "--event-type",
            "enrollment.completed",
        ])
        .await
        .expect(0);
    let shown_secret = secret_in(&shown.stdout).expect("the secret block");
    assert!(shown.stdout.contains("shown only this once"), "{shown:?}");
    broken.trust(&shown_secret);
    let broken_id = shown
        .stdout
        .split_whitespace()
        .find(|w| w.starts_with("webhook_"))
        .unwrap()
        .to_owned();

    // list: a table, and JSON lines with the emulator's fields (never a secret).
    let table = cli.run(&["list"]).await.expect(0);
    assert!(table.stdout.contains(&id) && table.stdout.contains(&broken_id));
    assert!(table.stdout.contains("2 webhooks"), "{table:?}");
    let listed = cli.run(&["list", "--json"]).await.expect(0).json();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["id"], id.as_str(), "oldest first");
    assert_eq!(
        listed[0]["event_types"],
        serde_json::json!(["enrollment.completed"])
    );
    assert!(listed.iter().all(|w| w.get("secret").is_none()));

    // get, with --base-url instead of TRST_API_BASE.
    let got = cli.run_with_flag(&["get", &id]).await.expect(0);
    assert!(
        got.stdout.contains(&format!("{}/webhooks/trst", flaky.url)),
        "{got:?}"
    );

    // update: URL and event types, then disable (a test is refused clearly), then enable.
    let new_url = format!("{}/v2/trst", flaky.url);
    cli.run(&[
        "update",
        &id,
        "--url",
        &new_url,
        "--event-type",
        "enrollment.completed,demo.scan.success",
    ])
    .await
    .expect(0);
    let after = &cli.run(&["get", &id, "--json"]).await.expect(0).json()[0];
    assert_eq!(after["url"], new_url.as_str());
    assert_eq!(
        after["event_types"],
        serde_json::json!(["enrollment.completed", "demo.scan.success"])
    );
    cli.run(&["update", &id, "--disable"]).await.expect(0);
    assert_eq!(
        cli.run(&["get", &id, "--json"]).await.json()[0]["enabled"],
        false
    );
    let refused = cli.run(&["test", &id]).await.expect(1);
    assert!(
        refused.stderr.contains("409") && refused.stderr.contains("disabled"),
        "{refused:?}"
    );
    cli.run(&["update", &id, "--enable"]).await.expect(0);
    assert_eq!(
        cli.run(&["get", &id, "--json"]).await.json()[0]["enabled"],
        true
    );

    // test --wait follows attempt 1 (500), attempt 2 (500), attempt 3 (200).
    let mut waiting = cli.stream(&["test", &id, "--wait", "--poll-interval", "20ms"]);
    let first = waiting.line_with("attempt 1 failed");
    assert!(first.contains("500"), "{first}");
    flaky.open(1);
    waiting.line_with("attempt 2 failed");
    flaky.open(2);
    let waited = waiting.finish(&cli).expect(0);
    assert!(
        waited.stdout.contains("succeeded after 3 attempts"),
        "{waited:?}"
    );
    let mut bodies = Vec::new();
    for _ in 0..3 {
        let seen = flaky.next().await;
        assert!(seen.signed, "signed with the saved secret");
        assert_eq!(seen.path, "/v2/trst", "delivered to the updated URL");
        bodies.push(seen.body);
    }
    assert!(
        bodies.iter().all(|b| b == &bodies[0]),
        "retries resend the same bytes"
    );
    let event: Value = serde_json::from_slice(&bodies[0]).unwrap();
    assert_eq!(event["data"]["event_type"], "webhook.test");
    assert_eq!(event["project_id"], PROJECT);

    // deliveries and attempts.
    let ok = cli
        .run(&["deliveries", &id, "--status", "succeeded", "--json"])
        .await
        .expect(0)
        .json();
    assert_eq!(ok.len(), 1);
    assert_eq!(ok[0]["attempts"], 3);
    let delivery = ok[0]["id"].as_str().unwrap().to_owned();
    let none = cli
        .run(&["deliveries", &id, "--status", "failed"])
        .await
        .expect(0);
    assert!(!none.stdout.contains(&delivery), "{none:?}");
    let table = cli.run(&["deliveries", &id]).await.expect(0);
    assert!(
        table.stdout.contains(&delivery)
            && table.stdout.contains("succeeded")
            && table.stdout.contains("1 delivery;")
    );
    let attempts = cli
        .run(&["attempts", &id, &delivery, "--json"])
        .await
        .expect(0)
        .json();
    let order: Vec<(u64, u64)> = attempts
        .iter()
        .map(|a| {
            (
                a["attempt"].as_u64().unwrap(),
                a["status_code"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(order, [(1, 500), (2, 500), (3, 200)]);
    let table = cli.run(&["attempts", &id, &delivery]).await.expect(0);
    assert!(table.stdout.contains("3 attempts"), "{table:?}");

    // A handler that always fails: --wait exits 1 once the retries are used up.
    let failed = cli
        .run(&["test", &broken_id, "--wait", "--poll-interval", "20ms"])
        .await
        .expect(1);
    assert!(
        failed.stdout.contains("failed after 3 attempts"),
        "{failed:?}"
    );
    assert!(
        failed
            .stdout
            .contains(&format!("why: trst-hooks webhooks attempts {broken_id}"))
    );
    for _ in 0..3 {
        assert!(broken.next().await.signed);
    }
    let bad = cli
        .run(&["deliveries", &broken_id, "--status", "failed", "--json"])
        .await
        .expect(0)
        .json();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0]["status"], "failed");

    // delete: refused without --yes (no terminal), done with it, then gone.
    cli.run(&["delete", &broken_id]).await.expect(2);
    cli.run(&["delete", &broken_id, "--yes"]).await.expect(0);
    let gone = cli.run(&["get", &broken_id]).await.expect(1);
    assert!(gone.stderr.contains("not found (404)"), "{gone:?}");
    assert_eq!(cli.run(&["list", "--json"]).await.json().len(), 1);

    // Secret hygiene: the key nowhere; the saved secret nowhere; the shown one only where shown.
    let everything = format!("{}{}", cli.transcript(), emu.output());
    assert!(!everything.contains(KEY), "the API key leaked");
    assert!(!everything.contains(&secret), "the saved secret leaked");
    assert_eq!(everything.matches(&shown_secret).count(), 1, "shown once");
    assert_eq!(shown.stdout.matches(&shown_secret).count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_due_after_the_timeout_ends_the_wait_with_exit_1() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory", "--retry-schedule", "1h"]);
    let cli = Cli::new(&sb, &emu);
    let mut handler = Handler::verifying(vec![Reply::Status(503)], &[]).await;
    let run = cli
        .run(&[
            "create",
            "--url",
            &handler.url,
            "--event-type",
            "demo.scan.success",
            "--json",
        ])
        .await
        .expect(0);
    let id = id_of(&run);
    handler.trust(run.json()[0]["secret"].as_str().unwrap());
    let waited = cli
        .run(&[
            "test",
            &id,
            "--wait",
            "--poll-interval",
            "20ms",
            "--timeout",
            "1m",
        ])
        .await
        .expect(1);
    assert!(
        waited.stdout.contains(
            "still pending after 1 failed attempt (your endpoint answered 503); retrying (next in"
        ),
        "{waited:?}"
    );
    assert!(
        waited.stdout.contains("that is after --timeout 1m"),
        "{waited:?}"
    );
    assert!(handler.next().await.signed);
    // Still pending (a retry is scheduled), but its last attempt failed: listed as failed.
    let pending = cli
        .run(&["deliveries", &id, "--status", "failed", "--json"])
        .await
        .json();
    assert_eq!(pending[0]["status"], "pending");
    assert_eq!(pending[0]["response_code"], 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_26th_webhook_is_refused_with_a_clear_message() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let cli = Cli::new(&sb, &emu);
    let url = "http://127.0.0.1:9/webhooks/trst";
    for _ in 0..24 {
        cli.run(&[
            "create",
            "--url",
            url,
            "--event-type",
            "enrollment.completed",
            "--json",
        ])
        .await
        .expect(0);
    }
    let last = cli
        .run(&[
            "create",
            "--url",
            url,
            "--event-type",
            "enrollment.completed",
            "--json",
        ])
        .await
        .expect(0);
    assert!(
        last.stderr
            .contains("now has 25 webhooks, the documented maximum"),
        "{last:?}"
    );
    let refused = cli
        .run(&[
            "create",
            "--url",
            url,
            "--event-type",
            "enrollment.completed",
        ])
        .await
        .expect(1);
    let err = &refused.stderr;
    assert!(err.contains("already has 25 webhooks"), "{err}");
    assert!(
        err.contains("409 conflict") && err.contains("delete one first"),
        "{err}"
    );
    assert!(
        !err.contains("run with -v"),
        "the message is the hint: {err}"
    );
    assert_eq!(cli.run(&["list", "--json"]).await.json().len(), 25);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_rate_limit_is_waited_out_by_the_cli() {
    let sb = Sandbox::new();
    // TRST's sandbox plan (5 requests per window); a short window keeps the test quick.
    let emu = Emulator::start(
        &sb,
        &["--in-memory", "--plan", "sandbox", "--rate-window", "2s"],
    );
    let cli = Cli::new(&sb, &emu);
    // Each list is one request; keep listing until a run meets the limit (on a loaded machine
    // the window may slide between runs, so no fixed count is assumed). Every run succeeds.
    let mut limited = None;
    for _ in 0..40 {
        let run = cli.run(&["list"]).await.expect(0);
        assert!(
            run.stdout.contains("No webhooks in this project yet"),
            "{run:?}"
        );
        if run.stderr.contains("rate limited") {
            limited = Some(run);
            break;
        }
    }
    let run = limited.expect("six quick requests meet the sandbox limit");
    assert!(
        run.stderr.contains("rate limited (429), retrying in"),
        "{run:?}"
    );
    // The same run then listed the (empty) project: the retry after the 429 went through.
    assert!(
        run.stdout.contains("No webhooks in this project yet"),
        "{run:?}"
    );
    let out = emu.output();
    assert!(!format!("{}{out}", cli.transcript()).contains(KEY));
}
