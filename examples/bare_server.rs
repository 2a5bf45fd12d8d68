//! The benchmark's baseline: a bare axum route answering 200 to every POST on the webhook path,
//! with no verification and no log. `bench/listen/run.sh` compares `listen` against it.
//!
//! Usage: `cargo run --release --example bare_server -- [PORT]` (0 or nothing: a free port); it
//! prints `ready: listening on http://127.0.0.1:PORT/webhooks/trst` on stderr.

use axum::Router;
use axum::routing::post;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    eprintln!("ready: listening on http://{addr}/webhooks/trst");
    let router = Router::new().route("/webhooks/trst", post(|| async { "OK\n" }));
    axum::serve(listener, router).await
}
