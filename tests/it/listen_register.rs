//! `listen --register` end to end against the real emulator (which serves TRST's API and
//! delivers to loopback): the temporary webhook is created, tested with `webhooks test` (no id),
//! shown valid, and deleted on SIGINT or SIGHUP; `--keep`; the leftover of a `kill -9`, offered on
//! a terminal and deleted with `--yes`. The failures are in `listen_register_failures.rs`.

use crate::support::emulator::Emulator;
use crate::support::listen::{default_log, log_records};
use crate::support::register::{self, KEY, PROJECT, free_port, records, webhooks};
use crate::support::sandbox::Sandbox;
use crate::support::webhooks_cli::Cli;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_test_and_delete_on_sigint() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let api = emu.api(KEY);
    let port = free_port();
    let public = format!("http://127.0.0.1:{port}");
    let cmd = register::command(
        &sb,
        &emu.base,
        PROJECT,
        KEY,
        &["--port", &port.to_string(), "--public-url", &public],
    );
    let mut listener = register::start(cmd).unwrap_or_else(|f| panic!("{f:#?}"));
    let banner = listener.process.stderr();
    assert!(
        banner.contains("temporary, deleted when listen stops"),
        "{banner}"
    );
    assert!(banner.contains("issued by TRST for webhook_"), "{banner}");

    let listed = webhooks(&api).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    let url = listed[0]["url"].as_str().expect("url");
    assert!(
        url.starts_with(&format!("{public}/webhooks/trst?trst_hooks_temporary=")),
        "{url}"
    );
    let id = listed[0]["id"].as_str().expect("id").to_owned();
    assert_eq!(records(&sb), 1);

    // The health probe came back through the public URL (and is not a delivery).
    tokio::task::block_in_place(|| {
        listener.process.wait_stderr("health: a probe came back");
    });

    // `webhooks test` with no id finds the running listener's webhook.
    let cli = Cli::new(&sb, &emu);
    let tested = cli.run(&["test", "--wait"]).await.expect(0);
    assert!(
        tested.stderr.contains(&format!("testing {id}")),
        "{tested:#?}"
    );
    assert!(tested.stdout.contains("succeeded"), "{tested:#?}");
    let listed = cli.run(&["list"]).await.expect(0);
    assert!(
        listed.stdout.contains(&format!("{id} (temporary)")),
        "{listed:#?}"
    );

    listener.process.signal("INT");
    let done = tokio::task::block_in_place(|| listener.process.wait()).expect(0);
    assert!(done.stdout.contains("webhook.test"), "{done:#?}");
    assert!(done.stdout.contains("✓ valid"), "{done:#?}");
    assert!(
        done.stdout.contains(&format!("{id} deleted (temporary)")),
        "{done:#?}"
    );
    assert!(webhooks(&api).await.is_empty());
    assert_eq!(records(&sb), 0);
    let log = log_records(&default_log(&sb));
    assert_eq!(
        log.len(),
        1,
        "only TRST's delivery is logged, not the probe"
    );
    assert!(!done.stdout.contains(KEY) && !done.stderr.contains(KEY));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_leaves_the_webhook_and_json_says_so() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let cmd = register::command(
        &sb,
        &emu.base,
        PROJECT,
        KEY,
        &["--port", "0", "--keep", "--json"],
    );
    let listener = register::start(cmd).unwrap_or_else(|f| panic!("{f:#?}"));
    listener.process.signal("TERM");
    let done = tokio::task::block_in_place(|| listener.process.wait()).expect(0);
    let lines = crate::output_schemas::Schema::load("listen").check_lines(&done.stdout);
    let summary = lines.last().expect("a summary line").clone();
    assert_eq!(summary["record"], "summary");
    assert_eq!(summary["temporary_webhook"]["result"], "kept", "{summary}");
    let id = summary["temporary_webhook"]["id"].as_str().expect("id");
    let listed = webhooks(&emu.api(KEY)).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], id);
    assert_eq!(records(&sb), 0, "a kept webhook is not a leftover");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_leftover_is_offered_then_deleted_with_yes() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let api = emu.api(KEY);
    let start = |extra: &[&str]| {
        let mut args = vec!["--port", "0"];
        args.extend_from_slice(extra);
        register::start(register::command(&sb, &emu.base, PROJECT, KEY, &args))
            .unwrap_or_else(|f| panic!("{f:#?}"))
    };
    let mut crashed = start(&[]);
    crashed.process.kill9();
    let leftover = webhooks(&api).await[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();

    // Without a terminal or --yes: warned about, kept, and the listener still starts.
    let second = start(&[]);
    let said = second.process.stderr();
    assert!(said.contains(&leftover) && said.contains("--yes"), "{said}");
    second.process.signal("INT");
    tokio::task::block_in_place(|| second.process.wait()).expect(0);
    assert_eq!(webhooks(&api).await.len(), 1, "the leftover is still there");

    let third = start(&["--yes"]);
    let said = third.process.stderr();
    assert!(
        said.contains(&format!(
            "deleted the temporary webhook {leftover} left by an earlier run"
        )),
        "{said}"
    );
    let now = webhooks(&api).await;
    assert_eq!(now.len(), 1);
    assert_ne!(now[0]["id"], leftover.as_str());
    third.process.signal("INT");
    tokio::task::block_in_place(|| third.process.wait()).expect(0);
    assert!(webhooks(&api).await.is_empty());
    assert_eq!(records(&sb), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_terminal_the_leftover_is_offered_and_deleted_on_yes() {
    use crate::support::terminal::{Mode, Running};
    use std::io::Write;
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let api = emu.api(KEY);
    let cmd = register::command(&sb, &emu.base, PROJECT, KEY, &["--port", "0"]);
    let mut crashed = register::start(cmd).unwrap_or_else(|f| panic!("{f:#?}"));
    crashed.process.kill9();
    let leftover = webhooks(&api).await[0]["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let mut cmd = sb.command(
        Mode::Pty,
        &["listen", "--register", "--no-ui", "--port", "0"],
    );
    cmd.env("TRST_API_KEY", KEY)
        .env("TRST_API_BASE", &emu.base)
        .env("TRST_PROJECT_ID", PROJECT)
        .stdin(std::process::Stdio::piped());
    let mut run = Running::spawn(cmd);
    let mut keys = run.child.stdin.take().expect("stdin");
    // The key waits in the terminal's input until the question reads it (the question itself
    // ends in no newline, so it cannot be waited for line by line).
    keys.write_all(b"y").expect("answer");
    keys.flush().expect("flush");
    tokio::task::block_in_place(|| {
        let deleted = run.wait_for("left by an earlier run");
        assert!(deleted.contains(&leftover), "{deleted}");
        run.wait_for("ready: listening on");
    });
    let now = webhooks(&api).await;
    assert_eq!(now.len(), 1);
    assert_ne!(now[0]["id"], leftover.as_str());
    // Ctrl-C typed at the terminal: the pseudo-terminal turns it into SIGINT for the
    // foreground process group, and the listener deletes its own webhook.
    keys.write_all(b"\x03").expect("Ctrl-C");
    keys.flush().expect("flush");
    tokio::task::block_in_place(|| run.wait_for("deleted (temporary)"));
    let (stdout, _) = tokio::task::block_in_place(|| run.finish());
    assert!(
        stdout.contains("Delete it?"),
        "the question was asked: {stdout}"
    );
    assert!(webhooks(&api).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_terminal_sighup_still_deletes_the_webhook() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let mut cmd = register::command(&sb, &emu.base, PROJECT, KEY, &["--port", "0"]);
    // A test runner started under `nohup` passes SIGHUP on ignored, and listen rightly leaves
    // an ignored SIGHUP alone; this test is about a terminal that closes, so start from the
    // default disposition.
    // SAFETY: `signal` is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
            libc::signal(libc::SIGHUP, libc::SIG_DFL);
            Ok(())
        });
    }
    let listener = register::start(cmd).unwrap_or_else(|f| panic!("{f:#?}"));
    assert_eq!(webhooks(&emu.api(KEY)).await.len(), 1);
    listener.process.signal("HUP");
    let done = tokio::task::block_in_place(|| listener.process.wait()).expect(0);
    assert!(done.stdout.contains("deleted (temporary)"), "{done:#?}");
    assert!(webhooks(&emu.api(KEY)).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_test_without_an_id_and_no_listener_says_how_to_name_one() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let cli = Cli::new(&sb, &emu);
    let run = cli.run(&["test"]).await.expect(2);
    assert!(
        run.stderr.contains("no `listen --register` is running"),
        "{run:#?}"
    );
    assert!(
        run.stderr.contains("trst-hooks webhooks test ID"),
        "{run:#?}"
    );
}
