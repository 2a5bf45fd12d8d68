//! The `webhooks` API client follows no redirect (issue 13, item 8): a 3xx from the API is an
//! error that names the `Location`, and the bearer key never reaches the redirect's target.
//! End to end: the real binary against a local axum server answering 302.
use std::sync::atomic::{AtomicUsize, Ordering};

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::any;

use crate::support::loopback::serve_in_thread;
use crate::support::sandbox::Sandbox;

/// An API that redirects every call to `/elsewhere`, and counts the calls that arrive there.
fn start_redirecting_api() -> (String, Arc<AtomicUsize>) {
    let followed = Arc::new(AtomicUsize::new(0));
    let counter = followed.clone();
    let target = Arc::new(OnceLock::<String>::new());
    let location = target.clone();
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
            let location = location.get().cloned().unwrap_or_default();
            async move { (StatusCode::FOUND, [(header::LOCATION, location)]).into_response() }
        });
    let base = format!("http://{}", serve_in_thread(app));
    target.set(format!("{base}/elsewhere")).expect("set once");
    (base, followed)
}

#[test]
fn a_redirect_from_the_api_is_an_error_naming_the_location() {
    let (base, followed) = start_redirecting_api();
    let sandbox = Sandbox::new();
    let out = sandbox
        .cmd()
        .env("TRST_API_KEY", "key_test.secretpart")
        .env("TRST_PROJECT_ID", "proj_test")
        .env("TRST_API_BASE", format!("{base}/v1"))
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
