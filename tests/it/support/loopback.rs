//! Servers the tests own on 127.0.0.1 port 0 (never a fixed port, never beyond loopback), and
//! ports that are closed or that never answer, for the "cannot reach" cases.

use std::net::{SocketAddr, TcpListener};

/// Serve `app` on 127.0.0.1:0 from a thread of its own (for tests without a runtime); it runs
/// until the test process ends.
pub fn serve_in_thread(app: axum::Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    addr
}

/// Serve `app` on 127.0.0.1:0 on the test's own runtime (for `#[tokio::test]`s).
pub async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// An address on 127.0.0.1 with nothing listening (bound, then released): connecting is refused.
pub fn closed_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local addr")
}

/// An address that accepts connections and never reads or answers: every request times out.
pub fn silent_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local addr");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    addr
}
