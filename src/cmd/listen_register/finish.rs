//! A registered listener's life: what its banner says, the tunnel watch, the health probes, and
//! the end (delete the webhook unless `--keep`, forget the record, stop the tunnel).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinHandle;

use super::Plan;
use super::start::Created;
use crate::output;
use crate::output::listen::summary::{StopReason, WebhookEnd, WebhookFate};
use crate::registration::health::{Health, Prober};
use crate::registration::registry::Held;
use crate::registration::{self, Removal};
use crate::secret::Secret;
use crate::server::probe::Probe;
use crate::tunnel::Tunnel;

/// A temporary webhook pointing at this listener, and the tunnel it goes through.
pub struct Registered {
    plan: Plan,
    created: Created,
    held: Option<Held>,
    tunnel: Option<Tunnel>,
    health: Option<JoinHandle<()>>,
}

impl Registered {
    pub(super) fn new(
        plan: Plan,
        created: Created,
        held: Option<Held>,
        tunnel: Option<Tunnel>,
    ) -> Self {
        Registered {
            plan,
            created,
            held,
            tunnel,
            health: None,
        }
    }

    /// The secret TRST issued; the listener verifies with it alone.
    pub fn secret(&self) -> &Secret {
        &self.created.secret
    }

    /// The banner's line for the secret.
    pub fn secret_text(&self) -> String {
        let kept = match &self.plan.args.save_secret {
            Some(path) => format!("also saved to {} (mode 0600)", path.display()),
            None => "held in memory only".to_owned(),
        };
        format!(
            "{} issued by TRST for {} ({kept})",
            self.created.secret.masked(),
            self.created.id
        )
    }

    /// Recognises this run's health probes.
    pub fn probe(&self) -> Arc<Probe> {
        Arc::clone(&self.created.probe)
    }

    /// Banner rows: the webhook and where TRST delivers.
    pub fn banner_rows(&self) -> Vec<(String, String)> {
        let until = if self.plan.args.keep {
            "kept when listen stops (--keep)"
        } else {
            "deleted when listen stops"
        };
        let via = match &self.tunnel {
            Some(t) => format!(" (via {})", t.program()),
            None => String::new(),
        };
        vec![
            (
                "webhook".to_owned(),
                format!(
                    "{} · temporary, {until} · {} event types",
                    self.created.id,
                    self.plan.event_types.len()
                ),
            ),
            ("public".to_owned(), format!("{}{via}", self.created.url)),
        ]
    }

    /// Resolves when the tunnel program exits (never without a tunnel), after saying so.
    pub fn tunnel_exit(&self) -> Option<impl Future<Output = StopReason> + Send + 'static> {
        let tunnel = self.tunnel.as_ref()?;
        let exited = tunnel.on_exit();
        let program = tunnel.program().to_owned();
        Some(async move {
            let how = exited.await;
            output::warn(&format!(
                "the tunnel ({program}) {how}: TRST can no longer reach this listener, so it stops"
            ));
            StopReason::TunnelExited
        })
    }

    /// Probe the public URL once the returned notification comes (the listener is ready) and
    /// then every `--health-interval`, warning when a probe is lost.
    pub fn start_health(&mut self) -> Arc<Notify> {
        let ready = Arc::new(Notify::new());
        let interval = self.plan.args.health_interval;
        if interval.is_zero() {
            return ready;
        }
        let prober = match Prober::new(&self.created.url, self.created.secret.clone(), self.probe())
        {
            Ok(prober) => prober,
            Err(e) => {
                output::warn(&format!("health probes are off: {e}"));
                return ready;
            }
        };
        let start = Arc::clone(&ready);
        self.health = Some(tokio::spawn(async move {
            start.notified().await;
            watch_health(prober, interval).await;
        }));
        ready
    }

    /// Stop probing, delete the webhook (unless `--keep`), stop the tunnel; say what became of
    /// the webhook.
    pub async fn finish(mut self) -> WebhookEnd {
        if let Some(health) = self.health.take() {
            health.abort();
        }
        let id = self.created.id.clone();
        let (fate, error) = if self.plan.args.keep {
            (WebhookFate::Kept, None)
        } else {
            output::status(&format!("deleting the temporary webhook {id}…"));
            match registration::delete(&self.plan.session.client, &id).await {
                Ok(Removal::Deleted) => (WebhookFate::Deleted, None),
                Ok(Removal::AlreadyGone) => (WebhookFate::AlreadyDeleted, None),
                Err(e) => (WebhookFate::DeleteFailed, Some(e.to_string())),
            }
        };
        // A webhook that could not be deleted keeps its record: the next run offers it again.
        if fate != WebhookFate::DeleteFailed
            && let Some(held) = self.held.take()
        {
            let _ = held.release();
        }
        if let Some(tunnel) = self.tunnel.take() {
            tunnel.stop().await;
        }
        WebhookEnd {
            id,
            url: self.created.url.clone(),
            fate,
            error,
        }
    }
}

async fn watch_health(prober: Prober, interval: Duration) {
    let mut healthy: Option<bool> = None;
    loop {
        match prober.check().await {
            Health::Arrived(took) => {
                match healthy {
                    None => output::status(&format!(
                        "health: a probe came back through the public URL in {} (again every {}; --health-interval)",
                        output::duration::human(took),
                        output::duration::human(interval)
                    )),
                    Some(false) => {
                        output::status("health: the public URL reaches this listener again")
                    }
                    Some(true) => {}
                }
                healthy = Some(true);
            }
            Health::Lost(why) => {
                output::warn(&format!(
                    "health: {why}; TRST's deliveries cannot reach this listener either (check the tunnel)"
                ));
                healthy = Some(false);
            }
        }
        tokio::time::sleep(interval).await;
    }
}
