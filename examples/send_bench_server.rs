//! A bare local webhook receiver for `bench/send/run.sh`: answers every request with 200 and an
//! empty body, nothing else, so the benchmark measures the load generators, not the server.
//! Usage: `send_bench_server [PORT]` (default 0: any free port); prints the URL on stdout.

use std::io::Write;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let mut out = std::io::stdout();
    writeln!(out, "http://{addr}/webhooks/trst")?;
    out.flush()?;
    let app = axum::Router::new().fallback(|| async { axum::http::StatusCode::OK });
    axum::serve(listener, app).await
}
