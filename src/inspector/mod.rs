//! The inspector behind `listen`: a web page and JSON API on a second port, always on
//! 127.0.0.1, to watch, search, diff, replay and export deliveries. The listener calls three
//! things: [`load_history`] at start, [`Inspector::start`] once bound, and [`Inspector::publish`]
//! with each delivery's log line (a ring push; nothing is serialised unless a page is watching).
//!
//! Concepts, one module each: [`store`] (the ring), [`filter`], [`access`] (token, Host,
//! Origin), [`api`] (routes), [`stream`] (server-sent events), [`replay`], [`curl`], [`export`]
//! (JSON Lines and HAR), [`history`], [`assets`] (the page).

pub mod access;
pub mod api;
pub mod assets;
pub mod curl;
pub mod export;
pub mod filter;
pub mod history;
pub mod replay;
pub mod store;
pub mod stream;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use reqwest::Url;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use history::load_history;

use access::{Access, Token};
use replay::Targets;
use store::Store;

/// The default `--ui-port` (clear of ngrok's 4040).
pub const DEFAULT_PORT: u16 = 4300;
/// The default `--ui-history`.
pub const DEFAULT_HISTORY: usize = 500;
/// How many ports after a busy `--ui-port` are tried.
const PORT_TRIES: u16 = 50;

/// What the inspector needs from `listen`.
pub struct Config {
    /// The port to try first (the next ones when busy); 0 picks a free one.
    pub port: u16,
    /// How many deliveries to keep in memory.
    pub history: usize,
    /// The webhook listener's own address (replays "to this listener" go there).
    pub listener: SocketAddr,
    /// `--forward-to`, offered as a replay target.
    pub forward_to: Option<Url>,
    /// The listener's first secret, to sign replays with.
    pub secret: Option<crate::secret::Secret>,
}

/// State shared by every request to the inspector.
pub struct Shared {
    pub store: Store,
    pub access: Access,
    pub targets: Targets,
    pub capacity: usize,
    /// Set when the inspector stops, to end the event streams.
    pub closing: watch::Sender<bool>,
}

/// A running inspector; stops when dropped.
pub struct Inspector {
    shared: Arc<Shared>,
    addr: SocketAddr,
}

impl Inspector {
    /// Bind 127.0.0.1 (never another address), fill the ring with `history` (log lines, oldest
    /// first) and serve in the background.
    pub async fn start(config: Config, history: Vec<Vec<u8>>) -> anyhow::Result<Inspector> {
        let listener = bind(config.port).await?;
        let addr = listener.local_addr()?;
        let token = Token::random()?;
        let run = token.as_str()[..8].to_owned();
        let store = Store::new(config.history, run.clone());
        for line in history {
            store.push(line);
        }
        let mut target = config.listener;
        if target.ip().is_unspecified() {
            target.set_ip(if target.is_ipv4() {
                Ipv4Addr::LOCALHOST.into()
            } else {
                std::net::Ipv6Addr::LOCALHOST.into()
            });
        }
        let listener_url = Url::parse(&format!("http://{target}/"))?;
        let targets = Targets::new(listener_url, config.forward_to, config.secret, run)?;
        let (closing, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            store,
            access: Access {
                token,
                port: addr.port(),
            },
            targets,
            capacity: config.history.max(1),
            closing,
        });
        let app = api::router(Arc::clone(&shared));
        let mut stop = shared.closing.subscribe();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|c| *c).await;
                })
                .await;
        });
        Ok(Inspector { shared, addr })
    }

    /// Add one delivery: its delivery-log line, exactly as the listener wrote it.
    pub fn publish(&self, line: Vec<u8>) {
        self.shared.store.push(line);
    }

    /// Where the inspector listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to open: `http://127.0.0.1:PORT/?token=TOKEN`.
    pub fn url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/?token={}",
            self.addr.port(),
            self.shared.access.token.as_str()
        )
    }
}

impl Drop for Inspector {
    fn drop(&mut self) {
        self.shared.closing.send_replace(true);
    }
}

/// `port` on 127.0.0.1, or the next free one after it; 0 lets the system choose.
async fn bind(port: u16) -> std::io::Result<TcpListener> {
    let mut last = None;
    for offset in 0..PORT_TRIES {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind((Ipv4Addr::LOCALHOST, candidate)).await {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::from(std::io::ErrorKind::AddrInUse)))
}
