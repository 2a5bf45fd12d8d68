//! `listen`'s inspector flags (`--ui-port`, `--no-ui`, `--ui-history`, `--open`) turned into a
//! running [`Inspector`]: history read from the log at start, the inspector started once the
//! listener is bound, and the browser opened when asked. A port that cannot be had is a warning,
//! not a failed listen: the inspector is an extra.

use std::net::SocketAddr;
use std::path::Path;

use crate::inspector::{self, Config, Inspector};
use crate::output;
use crate::secret::Secret;

/// Everything the inspector needs that is known before the listener binds.
pub struct Ui {
    pub port: u16,
    pub history: usize,
    pub open: bool,
    pub forward_to: Option<reqwest::Url>,
    pub secret: Option<Secret>,
    /// The last `history` lines of the delivery log.
    pub lines: Vec<Vec<u8>>,
}

impl Ui {
    /// Read the history from `log` (when logging); an unreadable log gives an empty history.
    pub fn new(
        port: u16,
        history: usize,
        open: bool,
        log: Option<&Path>,
        forward_to: Option<reqwest::Url>,
        secret: Option<Secret>,
    ) -> Ui {
        let lines = match log.map(|path| inspector::load_history(path, history)) {
            Some(Ok(lines)) => lines,
            Some(Err(e)) => {
                output::warn(&format!(
                    "the inspector cannot read the log's history: {}",
                    super::io_reason(&e)
                ));
                Vec::new()
            }
            None => Vec::new(),
        };
        Ui {
            port,
            history,
            open,
            forward_to,
            secret,
            lines,
        }
    }

    /// Start the inspector for a listener bound at `listener`; None (with a warning) when it
    /// cannot start.
    pub async fn start(self, listener: SocketAddr) -> Option<Inspector> {
        let config = Config {
            port: self.port,
            history: self.history,
            listener,
            forward_to: self.forward_to,
            secret: self.secret,
        };
        match Inspector::start(config, self.lines).await {
            Ok(inspector) => {
                if self.open {
                    open_browser(&inspector.url());
                }
                Some(inspector)
            }
            Err(e) => {
                output::warn(&format!(
                    "inspector off: cannot listen on 127.0.0.1 from port {} on ({e}); \
                     choose one with --ui-port N (0: any free port), or --no-ui",
                    self.port
                ));
                None
            }
        }
    }
}

/// Open `url` in the desktop's browser (`xdg-open`, `open` on macOS); a warning if that fails.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reap it in the background so it does not linger as a zombie.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => output::warn(&format!(
            "--open: cannot run {opener}: {}; open the inspector URL yourself",
            super::io_reason(&e)
        )),
    }
}
