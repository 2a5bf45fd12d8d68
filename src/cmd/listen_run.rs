//! The `listen` run: start the listener engine, announce it, stop on Ctrl-C / SIGTERM /
//! `--expect` / `--timeout`, print each delivery as it is reported, and hand back the totals.
//! The engine (`server::runner`) serves; this decides when to stop and what the user sees. The
//! caller prints the summary, after whatever it has to undo (`--register`'s webhook).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::shutdown::shutdown_signal;
use crate::error::UserError;
use crate::inspector::Inspector;
use crate::output;
use crate::output::listen::Printer;
use crate::output::listen::summary::{Banner, StopReason};
use crate::server::AppState;
use crate::server::delivery::{HandledRequest, Kind};
use crate::server::runner::{self, GRACE, Stop};
use crate::server::stats::Stats;

/// A future handed to the run, boxed so that callers can pass any (the stop signal installed
/// early, the tunnel's exit).
pub type Boxed<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// What the run needs besides the shared state.
pub struct Run {
    pub host: String,
    pub port: u16,
    /// The webhook path shown in the URL.
    pub path: String,
    pub expect: Option<u64>,
    pub timeout: Option<Duration>,
    pub printer: Printer,
    /// Banner lines, already worded.
    pub secrets: Vec<String>,
    pub log: String,
    pub answers: Vec<String>,
    /// The web inspector to start once bound (None: `--no-ui`).
    pub ui: Option<super::listen_ui::Ui>,
    /// A socket bound earlier (`--register` needs the port first); else `host:port` is bound.
    pub bound: Option<tokio::net::TcpListener>,
    /// Banner rows after the URL.
    pub rows: Vec<(String, String)>,
    /// Stop, for this reason, when this resolves (the `--register` tunnel exiting).
    pub until: Option<Boxed<StopReason>>,
    /// Notified once the ready line is out (`--register` starts its health probes then).
    pub ready: Option<Arc<tokio::sync::Notify>>,
    /// The stop signal, when the caller installed it earlier (`--register`, whose start can be
    /// interrupted); else it is installed once the socket is bound.
    pub shutdown: Option<Boxed<()>>,
}

/// How the run ended; the printer is handed back for the summary.
pub struct ListenEnd {
    pub stats: Stats,
    pub stopped: StopReason,
    pub printer: Printer,
}

/// Stops the server and remembers the first reason given.
struct Stopper {
    server: Stop,
    reason: OnceLock<StopReason>,
}

impl Stopper {
    fn stop(&self, reason: StopReason) {
        let _ = self.reason.set(reason);
        self.server.stop();
    }
}

/// Bind `host:port` now, for a caller that needs the port before the run starts.
pub async fn bind(host: &str, port: u16) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind((host, port))
        .await
        .map_err(|e| bind_error(host, port, &e))
}

/// Serve until stopped. `make_state` receives the channel deliveries are reported on.
pub async fn run(
    mut run: Run,
    make_state: impl FnOnce(mpsc::UnboundedSender<HandledRequest>) -> AppState,
) -> anyhow::Result<ListenEnd> {
    let started = match run.bound.take() {
        Some(socket) => runner::serve_on(socket, make_state),
        None => runner::start(&run.host, run.port, make_state).await,
    }
    .map_err(|e| bind_error(&run.host, run.port, &e))?;
    // Before the ready line, so that a signal sent as soon as it appears is not lost.
    let shutdown = match run.shutdown.take() {
        Some(shutdown) => shutdown,
        None => Box::pin(shutdown_signal()),
    };
    let url = format!("http://{}{}", started.addr, run.path);
    let inspector = match run.ui.take() {
        Some(ui) => ui.start(started.addr).await,
        None => None,
    };
    let inspector_url = inspector.as_ref().map(Inspector::url);
    let ends = ends_text(run.expect, run.timeout);
    output::listen::summary::banner(&Banner {
        url: &url,
        secrets: &run.secrets,
        log: &run.log,
        answers: &run.answers,
        ends: ends.as_deref(),
        inspector: inspector_url.as_deref(),
        rows: &run.rows,
    });
    if let Some(ready) = &run.ready {
        ready.notify_one();
    }

    let stopper = Arc::new(Stopper {
        server: started.server.stop_handle(),
        reason: OnceLock::new(),
    });
    {
        let stopper = Arc::clone(&stopper);
        tokio::spawn(async move {
            shutdown.await;
            output::status("stopping: finishing in-flight deliveries (Ctrl-C again to quit now)");
            stopper.stop(StopReason::Signal);
        });
    }
    if let Some(until) = run.until.take() {
        let stopper = Arc::clone(&stopper);
        tokio::spawn(async move {
            let reason = until.await;
            stopper.stop(reason);
        });
    }
    if let Some(timeout) = run.timeout {
        let stopper = Arc::clone(&stopper);
        tokio::spawn(async move {
            tokio::time::sleep(timeout).await;
            stopper.stop(StopReason::Timeout);
        });
    }
    let (finish_tx, finish_rx) = watch::channel(false);
    let expect = run.expect;
    let rx = started.deliveries;
    let consumer = {
        let stopper = Arc::clone(&stopper);
        tokio::spawn(async move {
            let ui = inspector.as_ref();
            let stats = consume(rx, &mut run.printer, &stopper, expect, finish_rx, ui).await;
            (stats, run.printer)
        })
    };
    let served = started.server.stopped().await;
    if let Some(first) = &served.first_accept_error {
        output::warn(&format!(
            "{} {} could not be accepted (first: {first})",
            served.accept_failures,
            output::plural(served.accept_failures, "connection", "connections")
        ));
    }
    let still_open = served.still_open;
    if still_open > 0 {
        output::warn(&format!(
            "connections still open {} s after the stop; leaving them",
            GRACE.as_secs()
        ));
    }
    // Deliveries whose sender hung up may still be finishing: wait for them, within limits.
    let wait = if still_open > 0 {
        Duration::ZERO
    } else {
        GRACE
    };
    tokio::spawn(async move {
        tokio::time::sleep(wait).await;
        let _ = finish_tx.send(true);
    });
    let (stats, printer) = consumer.await?;
    let stopped = stopper.reason.get().copied().unwrap_or(StopReason::Signal);
    Ok(ListenEnd {
        stats,
        stopped,
        printer,
    })
}
/// Print and count every reported request until the server is gone (or `finish`).
async fn consume(
    mut rx: mpsc::UnboundedReceiver<HandledRequest>,
    printer: &mut Printer,
    stopper: &Stopper,
    expect: Option<u64>,
    mut finish: watch::Receiver<bool>,
    inspector: Option<&Inspector>,
) -> Stats {
    let mut stats = Stats::default();
    let mut printing = true;
    loop {
        let next = tokio::select! {
            biased;
            next = rx.recv() => next,
            _ = finish.wait_for(|f| *f) => None,
        };
        let Some(first) = next else { break };
        let mut batch = Some(first);
        while let Some(delivery) = batch.take().or_else(|| rx.try_recv().ok()) {
            stats.record(&delivery);
            if printing && printer.delivery(&delivery).is_err() {
                printing = false;
                stopper.stop(StopReason::OutputClosed);
            }
            let verified = matches!(&delivery.kind, Kind::Received(r) if r.is_verified_event());
            if verified && expect.is_some_and(|n| stats.verified >= n) {
                stopper.stop(StopReason::Expect);
            }
            publish(inspector, delivery);
        }
        if printing && printer.flush().is_err() {
            printing = false;
            stopper.stop(StopReason::OutputClosed);
        }
    }
    while let Ok(delivery) = rx.try_recv() {
        stats.record(&delivery);
        if printing {
            let _ = printer.delivery(&delivery);
        }
        publish(inspector, delivery);
    }
    stats
}

/// Hand a received delivery's log line to the inspector (moved, not copied).
fn publish(inspector: Option<&Inspector>, delivery: HandledRequest) {
    if let (Some(inspector), Kind::Received(received)) = (inspector, delivery.kind) {
        inspector.publish(received.record);
    }
}

fn ends_text(expect: Option<u64>, timeout: Option<Duration>) -> Option<String> {
    let timeout = timeout.map(output::duration::human);
    match (expect, timeout) {
        (Some(n), Some(t)) => Some(format!(
            "after {n} verified deliveries (--expect; exit 1 if not within {t})"
        )),
        (Some(n), None) => Some(format!("after {n} verified deliveries (--expect)")),
        (None, Some(t)) => Some(format!("after {t} (--timeout)")),
        (None, None) => None,
    }
}

fn bind_error(host: &str, port: u16, e: &std::io::Error) -> anyhow::Error {
    let error = match e.kind() {
        std::io::ErrorKind::AddrInUse => UserError::usage(format!(
            "port {port} on {host} is already in use"
        ))
        .hint("another listen may be running: pick a port with --port, or --port 0 for a free one"),
        std::io::ErrorKind::PermissionDenied => UserError::usage(format!(
            "not allowed to listen on {host}:{port}"
        ))
        .hint("ports below 1024 need privileges: use --port 3000, or --port 0 for a free one"),
        _ => UserError::usage(format!(
            "cannot listen on {host}:{port}: {}",
            super::io_reason(e)
        ))
        .hint("check --host (an address of this machine, e.g. 127.0.0.1 or 0.0.0.0)"),
    };
    error.into()
}
