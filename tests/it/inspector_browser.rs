//! End-to-end in headless Chromium: the inspector page opened from the printed URL shows
//! deliveries live, a bad signature's diagnosis, search, a diff, replays with their verdicts;
//! untrusted text stays inert; no token and a foreign Host are refused. Set
//! `TRST_SCREENSHOTS=1` to rewrite docs/inspector-list.png and docs/inspector-diff.png.

use serde_json::json;

use crate::support::browser::Browser;
use crate::support::inspector::{Inspected, start};
use crate::support::listen::DEV;
use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;

fn envelope(id: &str, event_type: &str, extra: &str) -> Vec<u8> {
    format!(
        r#"{{"event_id":"{id}","timestamp":"2026-11-30T09:30:00Z","project_id":"proj_abc123","data":{{"event_type":"{event_type}","device_id":"dev_palm_0042"{extra}}}}}"#
    )
    .into_bytes()
}

/// JS: the list rows' text joined, to search in.
fn rows_text() -> &'static str {
    "[...document.querySelectorAll('#list .row')].map(r => r.textContent).join('\\n')"
}

/// JS: the id of the row whose text holds `needle`.
fn row_id(b: &mut Browser, needle: &str) -> u64 {
    let id = b.eval(&format!(
        "(() => {{ const r = [...document.querySelectorAll('#list .row')].find(r => r.textContent.includes({n})); return r ? Number(r.dataset.id) : null; }})()",
        n = json!(needle)
    ));
    id.as_u64()
        .unwrap_or_else(|| panic!("no row with {needle}"))
}

/// JS: true when a row is a replay of `original` with this verdict text.
fn replay_row(original: u64, verdict: &str) -> String {
    format!(
        "[...document.querySelectorAll('#list .row')].some(r => r.textContent.includes('replay #{original}') && r.textContent.includes({v}))",
        v = json!(verdict)
    )
}

fn wait_row(b: &mut Browser, needle: &str) {
    b.wait_for(
        &format!("{}.includes({})", rows_text(), json!(needle)),
        &format!("a row with {needle}"),
    );
}

fn screenshot(b: &mut Browser, name: &str) {
    let png = b.screenshot(1360, 760);
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    if std::env::var_os("TRST_SCREENSHOTS").is_some() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(name);
        std::fs::write(&path, png).expect("write the screenshot");
    }
}

fn open_page(b: &mut Browser, i: &Inspected) {
    b.open(&i.url);
    b.wait_for(
        "location.pathname === '/' && !location.search",
        "the token gone from the address bar",
    );
    b.wait_for(
        "document.querySelector('#live.on')",
        "the live stream connected",
    );
}

#[test]
fn the_page_shows_live_deliveries_diagnoses_searches_diffs_and_replays() {
    let Some(mut b) = Browser::launch(&[]) else {
        return;
    };
    let sb = Sandbox::new();
    let i = start(&sb, &[]);
    i.deliver(
        &envelope("hist0001-aaaa", "demo.scan.success", ""),
        Some(DEV),
        &[],
    );
    open_page(&mut b, &i);
    wait_row(&mut b, "hist0001");

    // A delivery sent now appears without a reload.
    let live = envelope(
        "live0001-bbbb",
        "enrollment.completed",
        r#","member_id":"mem_7f3a9c21""#,
    );
    assert_eq!(i.deliver(&live, Some(DEV), &[]).status, 200);
    wait_row(&mut b, "live0001");

    // A bad signature (the secret without its whsec_ prefix) shows the diagnosis.
    let bad = envelope("badsig01-cccc", "enrollment.completed", "");
    let wrong = reference_signature(DEV.trim_start_matches("whsec_"), &bad);
    i.deliver(&bad, None, &[format!("X-Webhook-Signature: {wrong}")]);
    wait_row(&mut b, "badsig01");
    let id = row_id(&mut b, "badsig01");
    b.click(&format!("#list .row[data-id='{id}']"));
    b.wait_for(
        "document.querySelector('#pane .verdict.invalid') && document.querySelector('#pane .verdict').textContent.includes('without its \"whsec_\" prefix')",
        "the diagnosis of the bad signature",
    );
    let verdict = b.eval("document.querySelector('#pane .verdict').textContent");
    assert!(
        verdict
            .as_str()
            .unwrap()
            .contains("fix: use the whole secret"),
        "{verdict}"
    );

    // Search narrows the list to what matches in bodies, and clearing it brings all back.
    b.eval("(() => { const q = document.querySelector('#q'); q.value = 'mem_7f3a9c21'; q.dispatchEvent(new Event('input')); })()");
    b.wait_for(
        "document.querySelectorAll('#list .row').length === 1",
        "one row after the search",
    );
    let text = b.eval(rows_text());
    assert!(text.as_str().unwrap().contains("live0001"), "{text}");
    b.eval("(() => { const q = document.querySelector('#q'); q.value = ''; q.dispatchEvent(new Event('input')); })()");
    b.wait_for(
        "document.querySelectorAll('#list .row').length === 3",
        "all rows again",
    );

    // A diff of two deliveries of one event shows the changed field (key order ignored).
    let first = envelope(
        "diff0001-dddd",
        "webhook.test",
        r#","attempt":1,"note":"same""#,
    );
    let second = br#"{"project_id":"proj_abc123","event_id":"diff0001-dddd","timestamp":"2026-11-30T09:30:00Z","data":{"note":"same","attempt":2,"device_id":"dev_palm_0042","event_type":"webhook.test"}}"#;
    i.deliver(&first, Some(DEV), &[]);
    i.deliver(second, Some(DEV), &["X-Retry: 1".into()]);
    b.wait_for(
        "document.querySelectorAll('#list .row').length === 5",
        "five rows",
    );
    b.eval("[...document.querySelectorAll('#list .row')].filter(r => r.textContent.includes('diff0001')).forEach(r => r.querySelector('input').click())");
    b.click("#compare");
    b.wait_for(
        "document.querySelector('#pane[data-view=diff]')",
        "the diff view",
    );
    let changed = b.eval("[...document.querySelectorAll('#diff-body .diff-row')].map(r => r.className + ' ' + r.dataset.path)");
    assert_eq!(
        changed,
        json!(["diff-row changed $.data.attempt"]),
        "only the changed field"
    );
    let headers = b.eval("document.querySelector('#diff-headers').textContent");
    assert!(headers.as_str().unwrap().contains("x-retry"), "{headers}");
    screenshot(&mut b, "inspector-diff.png");

    // Equal JSON, different bytes: the re-serialisation case is called out.
    let compact = envelope("reser001-eeee", "webhook.test", "");
    let spaced =
        serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&compact).unwrap())
            .unwrap();
    i.deliver(&compact, Some(DEV), &[]);
    i.deliver(&spaced, Some(DEV), &[]);
    b.wait_for(
        "document.querySelectorAll('#list .row').length === 7",
        "seven rows",
    );
    b.eval("[...document.querySelectorAll('#list .row input:checked')].forEach(c => c.click())");
    b.eval("[...document.querySelectorAll('#list .row')].filter(r => r.textContent.includes('reser001')).forEach(r => r.querySelector('input').click())");
    b.click("#compare");
    b.wait_for(
        "(document.querySelector('#diff-raw') || {textContent: ''}).textContent.includes('JSON is equal but the bytes differ')",
        "the raw-byte difference of equal JSON",
    );

    // Replay, then edit-and-replay with the original signature: new rows linked to the original.
    let original = row_id(&mut b, "live0001");
    b.click(&format!("#list .row[data-id='{original}']"));
    b.wait_for(
        &format!("document.querySelector('#pane').dataset.id === '{original}'"),
        "the detail",
    );
    b.click("#replay-open");
    b.click("#replay-send");
    b.wait_for(
        &replay_row(original, "✓ valid"),
        "the replay, valid, linked to its original",
    );
    b.wait_for(
        "document.querySelector('#replay-result').textContent.includes('answered 200')",
        "the replay's answer",
    );
    b.click("#edit-open");
    b.eval(&format!(
        "(() => {{ const f = document.querySelector('#replay-form'); f.querySelector('textarea').value = {body}; f.querySelector('select').value = 'original'; }})()",
        body = json!(String::from_utf8(live.clone()).unwrap().replace("mem_7f3a9c21", "mem_edited"))
    ));
    b.click("#replay-send");
    b.wait_for(
        &replay_row(original, "✗ invalid"),
        "the edited replay, invalid under the original signature",
    );
    b.click("#list .row");
    b.wait_for("document.querySelector('#raw') && document.querySelector('#raw').textContent.includes('mem_edited')", "the edited body");

    // While the user reads further down, new deliveries are counted, not inserted.
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1360, "height": 260, "deviceScaleFactor": 1, "mobile": false}),
    );
    b.wait_for(
        "(() => { const l = document.querySelector('#list'); l.scrollTop = 40; return l.scrollTop > 0; })()",
        "a scrolled list",
    );
    let first_row = b.eval("document.querySelector('#list .row').dataset.id");
    i.deliver(
        &envelope("late0001-ffff", "webhook.test", ""),
        Some(DEV),
        &[],
    );
    b.wait_for(
        "!document.querySelector('#news').hidden && document.querySelector('#news').textContent.includes('1 new')",
        "the '1 new' button",
    );
    assert_eq!(
        b.eval("document.querySelector('#list .row').dataset.id"),
        first_row,
        "the list did not move"
    );
    b.click("#news");
    wait_row(&mut b, "late0001");

    // Keyboard: j and k move the selection, / goes to the search box.
    b.eval("document.activeElement.blur()");
    let key =
        |k: &str| format!("document.dispatchEvent(new KeyboardEvent('keydown', {{key: '{k}'}}))");
    b.eval(&key("j"));
    b.wait_for(
        "document.querySelector('#list .row.selected')",
        "a selection",
    );
    let before = b.eval("document.querySelector('#list .row.selected').dataset.id");
    b.eval(&key("j"));
    b.wait_for(
        &format!("document.querySelector('#list .row.selected').dataset.id !== {before}"),
        "j moving down",
    );
    b.eval(&key("k"));
    b.wait_for(
        &format!("document.querySelector('#list .row.selected').dataset.id === {before}"),
        "k moving back up",
    );
    b.eval(&key("/"));
    assert_eq!(b.eval("document.activeElement.id"), json!("q"));
    b.eval("document.activeElement.blur()");
    b.eval("document.querySelector('#list').scrollTop = 0");
    b.click(&format!("#list .row[data-id='{original}']"));
    b.wait_for(
        &format!("document.querySelector('#pane').dataset.id === '{original}' && document.querySelector('#body-tree')"),
        "the original's body tree",
    );
    b.eval("[...document.querySelectorAll('#list .row input:checked')].forEach(c => c.click())");
    screenshot(&mut b, "inspector-list.png");

    // Dark follows the operating system's preference.
    let light = b.eval("getComputedStyle(document.body).backgroundColor");
    b.call(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
    );
    let dark = b.eval("getComputedStyle(document.body).backgroundColor");
    assert_eq!(
        (light, dark),
        (json!("rgb(255, 255, 255)"), json!("rgb(21, 24, 30)"))
    );
    if std::env::var_os("TRST_SCREENSHOTS").is_some() {
        let png = b.screenshot(1360, 760);
        std::fs::write(std::env::temp_dir().join("inspector-dark.png"), png).expect("write");
    }
}

#[test]
fn untrusted_text_is_inert_and_access_is_refused_without_token_or_with_a_foreign_host() {
    let Some(mut b) = Browser::launch(&["--host-resolver-rules=MAP rebind.test 127.0.0.1"]) else {
        return;
    };
    let sb = Sandbox::new();
    let i = start(&sb, &["--any-path"]);

    // No token: the page and the API answer 401.
    b.open(&format!("http://{}/", i.host()));
    let text = b.eval("document.body.innerText");
    assert!(text.as_str().unwrap().contains("401"), "{text}");
    let api = b.eval("fetch('/api/deliveries').then(r => r.status)");
    assert_eq!(api, json!(401));

    // A foreign Host (a name that resolves to 127.0.0.1: DNS rebinding) is refused.
    b.open(&format!(
        "http://rebind.test:{}/?token={}",
        i.ui.port(),
        i.token
    ));
    let text = b.eval("document.body.innerText");
    assert!(
        text.as_str().unwrap().contains("answers only to Host"),
        "{text}"
    );

    // Payloads in a body, an event type and id, a header and a path (HTTP itself refuses a raw
    // `<` in a path: the path carries it percent-encoded, and quotes for attribute injection).
    let script = "<script>window.__pwned=1</script>";
    let img = "<img src=x onerror=\"window.__pwned=2\">";
    let body = serde_json::to_vec(&json!({
        "event_id": "<img src=x onerror=window.__pwned=3>",
        "timestamp": script,
        "project_id": img,
        "data": {"event_type": "<svg onload=window.__pwned=4>", "<b onclick=x>key</b>": script},
    }))
    .unwrap();
    i.deliver(
        &body,
        Some(DEV),
        &["X-Evil: <img src=x onerror=window.__pwned=5>".into()],
    );
    let bold = b"{\"a\":\"<b>bold</b>\"}";
    let path_head = format!(
        "POST /hook/%3Cimg%20src=x%20onerror=window.__pwned=6%3E/'onmouseover='window.__pwned=7' HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nX-Webhook-Signature: {}\r\nContent-Length: {}\r\n\r\n",
        i.listener,
        reference_signature(DEV, bold),
        bold.len()
    );
    let answer = crate::support::inspector::exchange(i.listener, &path_head, bold);
    assert_eq!(answer.status, 200, "{}", answer.text());
    i.deliver(&[0xff, b'<', b's', b'>', 0], Some(DEV), &[]);

    open_page(&mut b, &i);
    b.wait_for(
        "document.querySelectorAll('#list .row').length === 3",
        "three rows",
    );
    let ids = b.eval("[...document.querySelectorAll('#list .row')].map(r => r.dataset.id)");
    for id in ids.as_array().unwrap() {
        let id = id.as_str().unwrap();
        b.click(&format!("#list .row[data-id='{id}']"));
        b.wait_for(
            &format!("document.querySelector('#pane').dataset.id === '{id}'"),
            "a detail",
        );
        b.click("#curl");
        b.wait_for("document.querySelector('#curl-text')", "the curl command");
    }
    b.eval(
        "[...document.querySelectorAll('#list .row input')].slice(0, 2).forEach(c => c.click())",
    );
    b.click("#compare");
    b.wait_for("document.querySelector('#pane[data-view=diff]')", "a diff");
    let shown = b.eval("document.body.textContent");
    assert!(
        shown
            .as_str()
            .unwrap()
            .contains("<svg onload=window.__pwned=4>"),
        "shown as text"
    );
    let pwned = b.eval("typeof window.__pwned");
    assert_eq!(pwned, json!("undefined"), "no injected script ran");
    let injected = b.eval("document.querySelectorAll('#list img, #list svg, #list script, #list b, #pane img, #pane svg, #pane script, #pane b').length");
    assert_eq!(injected, json!(0), "no injected element exists");
}

#[test]
fn a_burst_of_deliveries_keeps_the_page_capped_and_live() {
    let Some(mut b) = Browser::launch(&[]) else {
        return;
    };
    let sb = Sandbox::new();
    let i = start(&sb, &["--ui-history", "2000", "--no-log"]);
    open_page(&mut b, &i);
    let url = format!("http://{}{}", i.listener, i.path);
    sb.cmd()
        .args([
            "send",
            "enrollment.completed",
            "--count",
            "1500",
            "--concurrency",
            "16",
        ])
        .args(["--to", url.as_str()])
        .assert()
        .success();
    assert_eq!(i.get_json("/api/deliveries?limit=1")["held"], 1500);
    // The page keeps at most 1,000 rows, newest first, and still answers.
    b.wait_for(
        "document.querySelectorAll('#list .row').length === 1000 && document.querySelector('#list .row').dataset.id === '1500'",
        "1,000 rows with the newest on top",
    );
    b.click("#list .row");
    b.wait_for(
        "document.querySelector('#pane').dataset.id === '1500'",
        "the newest delivery's detail",
    );
}
