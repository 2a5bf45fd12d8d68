//! End-to-end: `webhooks test --wait` against the real emulator delivering to a closed port.
//! Every attempt is shown once, in order, with the error the API recorded; while TRST will retry
//! the line says "retrying (next in …)", and a delivery whose retry comes after `--timeout` is
//! "still pending", never "failed".

use crate::support::emulator::Emulator;
use crate::support::sandbox::Sandbox;
use crate::support::webhooks_cli::Cli;

/// A loopback URL where nothing listens: every delivery attempt is refused.
fn closed_url() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    format!("http://127.0.0.1:{port}/webhooks/trst")
}

async fn create(cli: &Cli<'_>) -> String {
    let run = cli
        .run(&[
            "create",
            "--url",
            &closed_url(),
            "--event-type",
            "enrollment.completed",
            "--json",
        ])
        .await
        .expect(0);
    run.json()[0]["id"].as_str().expect("an id").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refused_attempt_is_shown_with_the_recorded_error() {
    let sb = Sandbox::new();
    // Four attempts in all, 10 ms apart: polls see several at once, and each must still show.
    let emu = Emulator::start(&sb, &["--in-memory", "--retry-schedule", "10ms,10ms,10ms"]);
    let cli = Cli::new(&sb, &emu);
    let id = create(&cli).await;
    let run = cli
        .run(&["test", &id, "--wait", "--poll-interval", "20ms"])
        .await
        .expect(1);
    for n in 1..=4 {
        let line = format!("attempt {n} failed: could not connect: Connection refused");
        assert_eq!(run.stderr.matches(&line).count(), 1, "{line}: {run:#?}");
    }
    assert!(!run.stderr.contains("no HTTP answer"), "{run:#?}");
    assert!(run.stdout.contains("failed after 4 attempts"), "{run:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_retries_read_as_retrying_then_still_pending() {
    let sb = Sandbox::new();
    // The first retry comes 5 s after the first attempt (the CLI polls every 20 ms); the second
    // only after an hour, past --timeout.
    let emu = Emulator::start(&sb, &["--in-memory", "--retry-schedule", "5s,1h"]);
    let cli = Cli::new(&sb, &emu);
    let id = create(&cli).await;
    let mut waiting = cli.stream(&[
        "test",
        &id,
        "--wait",
        "--poll-interval",
        "20ms",
        "--timeout",
        "1m",
    ]);
    let first = waiting.line_with("attempt 1 failed");
    assert!(
        first.contains("could not connect: Connection refused; retrying (next in"),
        "{first}"
    );
    let run = waiting.finish(&cli).expect(1);
    assert!(
        run.stderr
            .contains("attempt 2 failed: could not connect: Connection refused"),
        "{run:#?}"
    );
    assert!(
        run.stdout
            .contains("still pending after 2 failed attempts; retrying (next in"),
        "{run:#?}"
    );
    assert!(!run.stdout.contains("failed after"), "{run:#?}");
    assert!(
        run.stdout.contains("that is after --timeout 1m"),
        "{run:#?}"
    );
}
