//! Starting and stopping the listener: bind, serve in the background, hand back each delivery as
//! it is reported, stop on request and say how many connections outlived the grace period. It
//! returns results and never prints or exits; `cmd::listen_run` decides what a run looks like.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::delivery::HandledRequest;
use super::state::AppState;

/// How long open connections and in-flight deliveries get to finish after a stop (longer than
/// the 20 s forward and exec timeouts).
pub const GRACE: Duration = Duration::from_secs(25);

/// A listener that is bound and serving.
pub struct Started {
    /// The bound address (the real port when 0 was asked for).
    pub addr: SocketAddr,
    /// Every handled request, reported as it finishes; closes once the server is gone.
    pub deliveries: mpsc::UnboundedReceiver<HandledRequest>,
    /// The running server: stop it, then wait for it.
    pub server: Server,
}

/// The serving task.
pub struct Server {
    stop: Stop,
    task: JoinHandle<super::serve::Served>,
}

/// Asks the server to stop (no new connections; in-flight deliveries finish); cheap to clone.
#[derive(Clone)]
pub struct Stop(Arc<watch::Sender<bool>>);

impl Stop {
    /// Begin the graceful stop; later calls do nothing more.
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
}

impl Server {
    /// A handle that stops this server.
    pub fn stop_handle(&self) -> Stop {
        self.stop.clone()
    }

    /// Wait until the server has stopped; returns what happened to its connections (how many
    /// were still open when the grace period ran out, how many could not be accepted).
    pub async fn stopped(self) -> super::serve::Served {
        self.task.await.unwrap_or_default()
    }
}

/// Bind `host:port` and start serving. `make_state` receives the channel deliveries are
/// reported on.
pub async fn start(
    host: &str,
    port: u16,
    make_state: impl FnOnce(mpsc::UnboundedSender<HandledRequest>) -> AppState,
) -> std::io::Result<Started> {
    let listener = TcpListener::bind((host, port)).await?;
    serve_on(listener, make_state)
}

/// Start serving on a socket bound earlier (`listen --register` binds first, to know the port
/// its tunnel and webhook need, and builds the state once TRST has issued the secret).
pub fn serve_on(
    listener: TcpListener,
    make_state: impl FnOnce(mpsc::UnboundedSender<HandledRequest>) -> AppState,
) -> std::io::Result<Started> {
    let addr = listener.local_addr()?;
    let (tx, deliveries) = mpsc::unbounded_channel();
    let state = Arc::new(make_state(tx));
    let (stop_tx, stop_rx) = watch::channel(false);
    let task = tokio::spawn(super::serve::serve(
        listener,
        super::router(state),
        stop_rx,
        GRACE,
    ));
    Ok(Started {
        addr,
        deliveries,
        server: Server {
            stop: Stop(Arc::new(stop_tx)),
            task,
        },
    })
}
