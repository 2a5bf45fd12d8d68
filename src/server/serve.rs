//! Binding is kept apart from the router: this accepts connections and serves them with hyper,
//! HTTP/1.1 (as TRST delivers) and HTTP/2 cleartext (prior knowledge, e.g. `curl
//! --http2-prior-knowledge`) on the same port, told apart by the first bytes; with a header
//! timeout against clients that never finish, and a graceful stop: no new connections, in-flight
//! deliveries finish, idle connections close.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tower::ServiceExt;

/// A client must send its request headers within this time.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// The peer of a connection, put in each request's extensions.
#[derive(Debug, Clone, Copy)]
pub struct RemoteAddr(pub SocketAddr);

/// How serving went, for the command to report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Served {
    /// Connections still open when the grace period ran out.
    pub still_open: usize,
    /// Connections that could not be accepted (out of file descriptors and the like).
    pub accept_failures: usize,
    /// Why the first of them failed.
    pub first_accept_error: Option<String>,
}

/// Serve `router` on `listener` until `stop` turns true, then wait up to `grace` for open
/// connections to finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    mut stop: watch::Receiver<bool>,
    grace: Duration,
) -> Served {
    let (alive, mut all_closed) = mpsc::channel::<()>(1);
    let mut served = Served::default();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let conn = connection(stream, peer, router.clone(), stop.clone());
                    let alive = alive.clone();
                    tokio::spawn(async move {
                        conn.await;
                        drop(alive);
                    });
                }
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    served.accept_failures += 1;
                    served.first_accept_error.get_or_insert_with(|| crate::net::io_reason(&e));
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            _ = stopped(&mut stop) => break,
        }
    }
    drop(listener);
    drop(alive);
    let open = alive_count(&all_closed);
    served.still_open = match tokio::time::timeout(grace, all_closed.recv()).await {
        Ok(_) => 0,
        Err(_) => open.max(1),
    };
    served
}

fn alive_count(rx: &mpsc::Receiver<()>) -> usize {
    rx.sender_strong_count()
}

async fn stopped(stop: &mut watch::Receiver<bool>) {
    // A dropped sender means nobody can ask to stop any more: treat it as a stop.
    let _ = stop.wait_for(|s| *s).await;
}

async fn connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(RemoteAddr(peer));
        router.clone().oneshot(request.map(Body::new))
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    // half_close: a client may shut its sending side after the request and still read our answer.
    builder
        .http1()
        .half_close(true)
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    builder.http2().timer(TokioTimer::new());
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stopped(&mut stop) => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
