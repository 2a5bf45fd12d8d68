//! The `webhooks` API client follows no redirect (issue 13, item 8): a 3xx from the API is an
//! error that names the `Location`, and the bearer key never reaches the redirect's target.
//! End to end: the real binary against a local axum server answering 302.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::any;

/// An API that redirects every call to `/elsewhere`, and counts the calls that arrive there.
fn start_redirecting_api() -> (String, Arc<AtomicUsize>) {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    std_listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", std_listener.local_addr().unwrap());
    let followed = Arc::new(AtomicUsize::new(0));
    let counter = followed.clone();
    let target = format!("{base}/elsewhere");
    let app = Router::new()
        .route(
            "/elsewhere",
            any(move |headers: HeaderMap| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    let auth = headers.contains_key(header::AUTHORIZATION);
                    (StatusCode::OK, format!("{{\"auth\":{auth},\"data\":[]}}"))
                }
            }),
        )
        .fallback(move || {
            let target = target.clone();
            async move { (StatusCode::FOUND, [(header::LOCATION, target)]).into_response() }
        });
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    (base, followed)
}

#[test]
fn a_redirect_from_the_api_is_an_error_naming_the_location() {
    let (base, followed) = start_redirecting_api();
    let home = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("trst-hooks")
        .unwrap()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("TRST_HOOKS_CONFIG_DIR", home.path().join("config"))
        .env("TRST_HOOKS_DATA_DIR", home.path().join("data"))
        .env("NO_COLOR", "1")
        .env("TRST_API_KEY", "key_test.secretpart")
        .env("TRST_PROJECT_ID", "proj_test")
        .env("TRST_API_BASE", format!("{base}/v1"))
        .current_dir(home.path())
        .args(["webhooks", "list"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("302"), "{stderr}");
    assert!(stderr.contains(&format!("{base}/elsewhere")), "{stderr}");
    assert!(stderr.contains("redirects are not followed"), "{stderr}");
    assert_eq!(
        followed.load(Ordering::SeqCst),
        0,
        "the redirect was followed"
    );
}
