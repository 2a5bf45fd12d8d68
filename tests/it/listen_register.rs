//! `listen --register` end to end against the real emulator (which serves TRST's API and
//! delivers to loopback) and the fake API (for the failures): the temporary webhook is created,
//! tested with `webhooks test` (no id), shown valid, and deleted on SIGINT; `--keep`; the
//! leftover of a `kill -9`; the API failures that stop it before it listens, leaving nothing
//! behind; `--tunnel-cmd` and the tunnel's exit; a missing tunnel program; the health probe.

use serde_json::Value;

use crate::support::emulator::{Api, Emulator};
use crate::support::fake_api::{self, FakeApi};
use crate::support::listen::{default_log, log_records};
use crate::support::loopback::closed_addr;
use crate::support::register::{self, KEY, free_port};
use crate::support::sandbox::Sandbox;
use crate::support::webhooks_cli::Cli;

const PROJECT: &str = "proj_wh_emu";

async fn webhooks(api: &Api) -> Vec<Value> {
    let answer = api.get(&format!("/project/{PROJECT}/webhooks")).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.json["data"].as_array().expect("a list").clone()
}

fn records(sb: &Sandbox) -> usize {
    std::fs::read_dir(sb.path().join("data/temporary-webhooks"))
        .map(|d| d.count())
        .unwrap_or(0)
}

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
    let now: Vec<Value> = webhooks(&api).await;
    assert_eq!(now.len(), 1);
    assert_ne!(now[0]["id"], leftover.as_str());
    third.process.signal("INT");
    tokio::task::block_in_place(|| third.process.wait()).expect(0);
    assert!(webhooks(&api).await.is_empty());
    assert_eq!(records(&sb), 0);
}

/// Start against the fake API; it must exit 2 before listening, with `needle` in its error.
fn refused(sb: &Sandbox, fake: &FakeApi, project: &str, key: &str, needle: &str) {
    let cmd = register::command(sb, &fake.base(), project, key, &["--port", "0"]);
    let ended = match register::start(cmd) {
        Ok(_) => panic!("listen started despite the API failing ({needle})"),
        Err(ended) => ended,
    };
    assert_eq!(ended.code, Some(1), "API refusals exit 1: {ended:#?}");
    let error = ended
        .stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap_or_else(|| panic!("no error line: {ended:#?}"));
    assert!(error.contains(needle), "{error}");
    assert!(ended.stderr.contains("hint:"), "{ended:#?}");
    assert!(
        !ended
            .stderr
            .contains(fake_api::KEY.split('.').nth(1).expect("key secret"))
    );
}

#[test]
fn api_failures_stop_it_before_it_listens_and_nothing_is_created() {
    let sb = Sandbox::new();
    let fake = FakeApi::start();
    refused(
        &sb,
        &fake,
        fake_api::PROJECT,
        "key_wrong.nope",
        "refused (401)",
    );
    refused(
        &sb,
        &fake,
        fake_api::FORBIDDEN_PROJECT,
        fake_api::KEY,
        "(403)",
    );
    for _ in 0..6 {
        fake.script(
            "webhooks",
            429,
            &[("retry-after", "1")],
            r#"{"message":"slow down"}"#,
        );
    }
    refused(&sb, &fake, fake_api::PROJECT, fake_api::KEY, "429");
    fake.with(|s| s.script.clear());
    for n in 0..25 {
        fake.add_webhook(&format!("wh_{n}"), "https://h.example/w");
    }
    refused(
        &sb,
        &fake,
        fake_api::PROJECT,
        fake_api::KEY,
        "maximum of 25",
    );
    assert!(
        !fake.calls().iter().any(|c| c.starts_with("POST")),
        "{:?}",
        fake.calls()
    );

    let unreachable = format!("http://{}/v1", closed_addr());
    let cmd = register::command(&sb, &unreachable, "proj_x", fake_api::KEY, &["--port", "0"]);
    let ended = register::start(cmd).err().expect("fails");
    assert_eq!(ended.code, Some(2), "{ended:#?}");
    assert!(
        ended.stderr.contains("cannot reach the TRST API"),
        "{ended:#?}"
    );
    assert_eq!(records(&sb), 0);
}

#[test]
fn a_webhook_created_without_a_secret_is_deleted_again() {
    let sb = Sandbox::new();
    let fake = FakeApi::start();
    let json = [("content-type", "application/json")];
    fake.script("webhooks", 200, &json, "[]");
    fake.script("webhooks", 201, &json, r#"{"id":"wh_nosecret","url":"x"}"#);
    let cmd = register::command(
        &sb,
        &fake.base(),
        fake_api::PROJECT,
        fake_api::KEY,
        &["--port", "0"],
    );
    let ended = register::start(cmd).err().expect("fails");
    assert_eq!(ended.code, Some(1), "{ended:#?}");
    assert!(ended.stderr.contains("returned no secret"), "{ended:#?}");
    let calls = fake.calls();
    assert!(
        calls
            .iter()
            .any(|c| c.starts_with("DELETE") && c.ends_with("/wh_nosecret")),
        "{calls:?}"
    );
    assert_eq!(records(&sb), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tunnel_cmd_url_is_registered_and_its_exit_stops_the_listener() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let api = emu.api(KEY);
    let pidfile = sb.path().join("tunnel.pid");
    let tunnel = format!(
        "echo $$ > {}; echo \"tunnel ready: http://127.0.0.1:{{port}}/ (forwarding)\"; exec sleep 600",
        pidfile.display()
    );
    let cmd = register::command(
        &sb,
        &emu.base,
        PROJECT,
        KEY,
        &["--port", "0", "--tunnel-cmd", &tunnel],
    );
    let mut listener = register::start(cmd).unwrap_or_else(|f| panic!("{f:#?}"));
    let port = listener.addr().port();
    let listed = webhooks(&api).await;
    let url = listed[0]["url"].as_str().expect("url");
    assert!(
        url.starts_with(&format!(
            "http://127.0.0.1:{port}/webhooks/trst?trst_hooks_temporary="
        )),
        "{url}"
    );
    assert!(listener.process.stderr().contains("(via --tunnel-cmd)"));

    let pid = std::fs::read_to_string(&pidfile).expect("pid file");
    let killed = std::process::Command::new("kill")
        .arg(pid.trim())
        .status()
        .expect("kill");
    assert!(killed.success());
    tokio::task::block_in_place(|| {
        listener
            .process
            .wait_stderr("the tunnel (--tunnel-cmd) was killed by a signal");
    });
    let done = tokio::task::block_in_place(|| listener.process.wait()).expect(1);
    assert!(done.stdout.contains("(the tunnel exited)"), "{done:#?}");
    assert!(done.stdout.contains("deleted (temporary)"), "{done:#?}");
    assert!(webhooks(&api).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_tunnel_program_gets_an_install_hint_and_nothing_is_created() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let empty = sb.path().join("empty-bin");
    std::fs::create_dir(&empty).expect("mkdir");
    let mut cmd = register::command(&sb, &emu.base, PROJECT, KEY, &["--tunnel", "cloudflared"]);
    cmd.env("PATH", &empty);
    let ended = register::start(cmd).err().expect("fails");
    assert_eq!(ended.code, Some(2), "{ended:#?}");
    assert!(
        ended.stderr.contains("error: cloudflared is not installed"),
        "{ended:#?}"
    );
    assert!(
        ended.stderr.contains("hint: install cloudflared"),
        "{ended:#?}"
    );
    assert!(webhooks(&emu.api(KEY)).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_url_that_leads_nowhere_is_warned_about() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let nowhere = format!("http://{}", closed_addr());
    let cmd = register::command(
        &sb,
        &emu.base,
        PROJECT,
        KEY,
        &["--port", "0", "--public-url", &nowhere],
    );
    let mut listener = register::start(cmd).unwrap_or_else(|f| panic!("{f:#?}"));
    let warning = tokio::task::block_in_place(|| listener.process.wait_stderr("health:"));
    assert!(
        warning.contains("the public URL did not answer"),
        "{warning}"
    );
    assert!(warning.contains("cannot reach this listener"), "{warning}");
    listener.process.signal("INT");
    tokio::task::block_in_place(|| listener.process.wait()).expect(0);
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

#[test]
fn flags_that_do_not_fit_together_are_usage_errors() {
    let sb = Sandbox::new();
    let secret = sb
        .cmd()
        .args(["listen", "--register", "--secret", "whsec_x"])
        .env("TRST_API_KEY", "k.k")
        .env("TRST_PROJECT_ID", "p")
        .output()
        .expect("run");
    assert_eq!(secret.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&secret.stderr).contains("takes no --secret"));

    let stray = sb
        .cmd()
        .args(["listen", "--base-url", "https://api.example/v1"])
        .output()
        .expect("run");
    assert_eq!(stray.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&stray.stderr).contains("only mean something with --register"));

    let no_public = sb
        .cmd()
        .args(["listen", "--register"])
        .env("TRST_API_KEY", "k.k")
        .env("TRST_PROJECT_ID", "p")
        .output()
        .expect("run");
    assert_eq!(no_public.status.code(), Some(2));
    let text = String::from_utf8_lossy(&no_public.stderr);
    assert!(text.contains("needs a public URL"), "{text}");
    assert!(text.contains("--tunnel cloudflared"), "{text}");
}

/// True when process `pid` has exited (gone, or a zombie waiting to be reaped).
fn exited(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

/// A `--tunnel-cmd` that writes its pid to `pidfile`, optionally prints a loopback URL, and waits.
fn tunnel_script(pidfile: &std::path::Path, print_url: bool) -> String {
    let url = if print_url {
        "echo \"tunnel ready: http://127.0.0.1:{port}/\"; "
    } else {
        ""
    };
    format!("echo $$ > {}; {url}exec sleep 600", pidfile.display())
}

#[test]
fn a_start_that_fails_after_the_tunnel_came_up_stops_the_tunnel() {
    let sb = Sandbox::new();
    let fake = FakeApi::start();
    let pidfile = sb.path().join("tunnel.pid");
    let tunnel = tunnel_script(&pidfile, true);
    let args = ["--port", "0", "--tunnel-cmd", tunnel.as_str()];
    let cmd = register::command(
        &sb,
        &fake.base(),
        fake_api::PROJECT,
        "key_wrong.nope",
        &args,
    );
    let ended = register::start(cmd).err().expect("the API refuses the key");
    assert_eq!(ended.code, Some(1), "{ended:#?}");
    let pid = std::fs::read_to_string(&pidfile).expect("the tunnel ran");
    assert!(exited(&pid), "the tunnel {pid} outlived the failed start");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_while_the_tunnel_starts_stops_it_and_creates_nothing() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let pidfile = sb.path().join("tunnel.pid");
    let tunnel = tunnel_script(&pidfile, false);
    let args = ["--port", "0", "--tunnel-cmd", tunnel.as_str()];
    let cmd = register::command(&sb, &emu.base, PROJECT, KEY, &args);
    let mut listening = crate::support::process::Running::spawn(cmd);
    listening.wait_stderr("starting --tunnel-cmd for port");
    // The pid file is written by the tunnel's first command; wait for it to appear.
    let started = std::time::Instant::now();
    let pid = loop {
        match std::fs::read_to_string(&pidfile) {
            Ok(pid) if pid.ends_with('\n') => break pid,
            _ => {
                assert!(started.elapsed() < crate::support::process::PATIENCE);
                std::thread::yield_now();
            }
        }
    };
    listening.signal("INT");
    let ended = tokio::task::block_in_place(|| listening.wait());
    assert_eq!(ended.code, Some(2), "{ended:#?}");
    assert!(
        ended
            .stderr
            .contains("interrupted before the listener started"),
        "{ended:#?}"
    );
    assert!(
        exited(&pid),
        "the tunnel {pid} outlived the interrupted start"
    );
    assert!(webhooks(&emu.api(KEY)).await.is_empty());
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
    // Ctrl-C for the listener itself (`script` is its parent): it deletes its own webhook.
    let listener = child_of(run.child.id()).expect("listen under script");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &listener.to_string()])
        .status()
        .expect("kill");
    assert!(interrupted.success());
    tokio::task::block_in_place(|| run.wait_for("deleted (temporary)"));
    let (stdout, _) = tokio::task::block_in_place(|| run.finish());
    assert!(
        stdout.contains("Delete it?"),
        "the question was asked: {stdout}"
    );
    assert!(webhooks(&api).await.is_empty());
}

/// The pid of a child process of `parent` (from /proc).
fn child_of(parent: u32) -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let ppid: u32 = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            (ppid == parent).then_some(pid)
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_terminal_sighup_still_deletes_the_webhook() {
    let sb = Sandbox::new();
    let emu = Emulator::start(&sb, &["--in-memory"]);
    let cmd = register::command(&sb, &emu.base, PROJECT, KEY, &["--port", "0"]);
    let listener = register::start(cmd).unwrap_or_else(|f| panic!("{f:#?}"));
    assert_eq!(webhooks(&emu.api(KEY)).await.len(), 1);
    listener.process.signal("HUP");
    let done = tokio::task::block_in_place(|| listener.process.wait()).expect(0);
    assert!(done.stdout.contains("deleted (temporary)"), "{done:#?}");
    assert!(webhooks(&emu.api(KEY)).await.is_empty());
}
