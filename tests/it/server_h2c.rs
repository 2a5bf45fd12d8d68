//! End-to-end: `listen` answers HTTP/2 cleartext (prior knowledge, as `curl
//! --http2-prior-knowledge` sends) on the same port as HTTP/1.1, and reports the delivery.

use crate::support::listen::{DEV, event, start};
use crate::support::sandbox::Sandbox;
use crate::support::signature::reference_signature;

#[test]
fn an_h2c_delivery_is_answered_and_reported() {
    let sb = Sandbox::new();
    let l = start(&sb, &[]);
    let body = event("evt_h2c", "enrollment.completed");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (status, version) = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .http2_prior_knowledge()
            .no_proxy()
            .build()
            .expect("client");
        let answer = client
            .post(format!("http://{}{}", l.addr, l.path))
            .header("X-Webhook-Signature", reference_signature(DEV, &body))
            .body(body.clone())
            .send()
            .await
            .expect("an HTTP/2 answer");
        (answer.status().as_u16(), answer.version())
    });
    // Closes the client's connection (its task lives on this runtime).
    drop(runtime);
    assert_eq!(status, 200);
    assert_eq!(version, reqwest::Version::HTTP_2);
    // HTTP/1.1 still works on the same port.
    assert_eq!(l.post(&event("evt_h1", "t"), Some(DEV)).status, 200);
    let done = l.stop();
    assert!(done.stdout.contains("evt_h2c"), "{}", done.stdout);
    assert!(done.stdout.contains("evt_h1"), "{}", done.stdout);
}
