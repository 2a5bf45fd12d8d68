//! `listen --register` when things go wrong: the API failures that stop it before it listens
//! (401, 403, 429, a full project, no answer, no secret), leaving nothing behind; `--tunnel-cmd`
//! and the tunnel's exit; a missing tunnel program; a start that fails or is interrupted after
//! the tunnel came up; a public URL that leads nowhere; flags that do not fit together.

use crate::support::emulator::Emulator;
use crate::support::fake_api::{self, FakeApi};
use crate::support::loopback::closed_addr;
use crate::support::register::{self, KEY, PROJECT, exited, records, tunnel_script, webhooks};
use crate::support::sandbox::Sandbox;

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
