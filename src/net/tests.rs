//! Classification against real loopback situations: each test builds the situation (a closed
//! port, a silent listener, a listener that hangs up, a plain-HTTP server behind https://, an
//! unresolvable name) and checks the kind a real reqwest error is given.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::{FailureKind, classify, client};

async fn failure_for(url: &str, timeout: Duration) -> super::Failure {
    let http = client::builder().timeout(timeout).build().unwrap();
    let err = http.post(url).body("{}").send().await.unwrap_err();
    classify(&err)
}

/// A port that was just bound and released, so nothing listens on it.
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// A listener that accepts one connection, reads what arrives, writes `reply` (nothing: just
/// hangs up) and closes. Returns its port and the task to await.
async fn answer_once(reply: &'static [u8]) -> (u16, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = socket.read(&mut buf).await;
        if !reply.is_empty() {
            let _ = socket.write_all(reply).await;
        }
    });
    (port, server)
}

#[tokio::test]
async fn a_closed_port_is_refused() {
    let port = closed_port().await;
    let failure = failure_for(&format!("http://127.0.0.1:{port}/"), Duration::from_secs(5)).await;
    assert_eq!(failure.kind, FailureKind::Refused, "{failure:?}");
    assert!(failure.connecting);
    assert_eq!(failure.reason.to_ascii_lowercase(), "connection refused");
}

#[tokio::test]
async fn a_listener_that_never_answers_times_out() {
    // The kernel completes the handshake; nobody ever reads or answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let failure = failure_for(
        &format!("http://127.0.0.1:{port}/"),
        Duration::from_millis(200),
    )
    .await;
    assert_eq!(failure.kind, FailureKind::Timeout, "{failure:?}");
    drop(listener);
}

#[tokio::test]
async fn an_unresolvable_name_is_dns() {
    let failure = failure_for("http://no-such-host.invalid/", Duration::from_secs(10)).await;
    assert_eq!(failure.kind, FailureKind::Dns, "{failure:?}");
    assert!(failure.connecting);
}

#[tokio::test]
async fn a_listener_that_hangs_up_is_a_reset() {
    let (port, server) = answer_once(b"").await;
    let failure = failure_for(&format!("http://127.0.0.1:{port}/"), Duration::from_secs(5)).await;
    assert_eq!(failure.kind, FailureKind::Reset, "{failure:?}");
    server.await.unwrap();
}

#[tokio::test]
async fn plain_http_behind_an_https_url_is_tls() {
    let (port, server) =
        answer_once(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n").await;
    let failure = failure_for(
        &format!("https://127.0.0.1:{port}/"),
        Duration::from_secs(5),
    )
    .await;
    assert_eq!(failure.kind, FailureKind::Tls, "{failure:?}");
    server.await.unwrap();
}

#[test]
fn io_errors_get_short_reasons() {
    use std::io::{Error, ErrorKind};
    assert_eq!(
        super::io_reason(&Error::from(ErrorKind::NotFound)),
        "no such file"
    );
    let refused = Error::from_raw_os_error(111);
    assert!(!super::io_reason(&refused).contains("os error"));
    assert_eq!(
        super::classify_io(&Error::from(ErrorKind::ConnectionRefused)).kind,
        FailureKind::Refused
    );
    assert_eq!(
        super::classify_io(&Error::from(ErrorKind::ConnectionReset)).kind,
        FailureKind::Reset
    );
}
