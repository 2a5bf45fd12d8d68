//! How a long-running command (`listen`, `emulator`) is told to stop: Ctrl-C, SIGTERM or SIGHUP
//! (the terminal was closed; unless started under `nohup`) begins a graceful stop, so that
//! `listen --register` still deletes its webhook; a second one while it is under way quits at
//! once. One definition, so both
//! commands stop the same way.

use std::future::Future;
use std::sync::OnceLock;

use crate::output;

/// The exit code of a forced quit (the shell's code for an interrupt).
pub const FORCED_EXIT: i32 = 130;

/// How a second interrupt ends the process, handed in by the binary's `main`: the library
/// itself never exits the process (without it, a second interrupt is only reported).
static FORCED_QUIT: OnceLock<fn(i32) -> !> = OnceLock::new();

/// Set how a second interrupt quits (once, from `main`).
pub fn on_forced_quit(quit: fn(i32) -> !) {
    let _ = FORCED_QUIT.set(quit);
}

/// A future that resolves on the first Ctrl-C or SIGTERM; from then on a second Ctrl-C or
/// SIGTERM quits the process at once (exit 130), for when a graceful stop takes longer than the
/// user will wait. The handlers are installed when this is called, not when the future is first
/// polled, so call it before announcing `ready:`: a signal sent right after that line is then
/// never lost. Call it inside the command's runtime.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    let mut interrupts = Interrupts::install();
    async move {
        interrupts.next().await;
        tokio::spawn(async move {
            interrupts.next().await;
            output::status("second interrupt: quitting now");
            if let Some(quit) = FORCED_QUIT.get() {
                quit(FORCED_EXIT);
            }
        });
    }
}

/// Ctrl-C (SIGINT) and, on Unix, SIGTERM and SIGHUP, installed once and read as often as needed.
struct Interrupts {
    #[cfg(unix)]
    int: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    hup: Option<tokio::signal::unix::Signal>,
}

impl Interrupts {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Interrupts {
                int: signal(SignalKind::interrupt()).ok(),
                term: signal(SignalKind::terminate()).ok(),
                hup: (!hangup_ignored())
                    .then(|| signal(SignalKind::hangup()).ok())
                    .flatten(),
            }
        }
        #[cfg(not(unix))]
        {
            Interrupts {}
        }
    }

    /// The next interrupt of either kind.
    async fn next(&mut self) {
        #[cfg(unix)]
        {
            async fn recv(signal: Option<&mut tokio::signal::unix::Signal>) {
                match signal {
                    Some(signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending().await,
                }
            }
            if self.int.is_none() && self.term.is_none() {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
            tokio::select! {
                _ = recv(self.int.as_mut()) => {}
                _ = recv(self.term.as_mut()) => {}
                _ = recv(self.hup.as_mut()) => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// True when SIGHUP is ignored (the process was started under `nohup`): then a closed terminal
/// must not stop it, so no handler is installed.
#[cfg(unix)]
fn hangup_ignored() -> bool {
    // SAFETY: sigaction with a null new action only reads the current disposition into `old`.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(libc::SIGHUP, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    }
}
