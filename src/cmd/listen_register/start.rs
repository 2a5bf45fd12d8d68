//! Creating the temporary webhook: tunnel, leftovers, the project's limit, create, record. Each
//! step that fails undoes the steps before it (the tunnel is stopped, a created webhook deleted),
//! so a failed start leaves nothing behind.

use std::net::SocketAddr;
use std::sync::Arc;

use super::finish::Registered;
use super::{Plan, Source};
use crate::api::models::{Item, Webhook};
use crate::api::settings::check_webhook_url;
use crate::cmd::confirm;
use crate::defaults::MAX_WEBHOOKS_PER_PROJECT;
use crate::error::UserError;
use crate::output;
use crate::registration::registry::{Held, Record};
use crate::registration::{self, Survey, marker};
use crate::server::probe::Probe;
use crate::tunnel::{self, StartError, Tunnel};

impl Plan {
    /// Bring the public URL up and register it for the listener bound at `addr` on `path`.
    pub async fn register(self, addr: SocketAddr, path: &str) -> anyhow::Result<Registered> {
        let (public, tunnel) = match &self.source {
            Source::Tunnel(program) => {
                output::status(&format!(
                    "starting {} for port {} (waiting for its public URL)…",
                    program.name(),
                    addr.port()
                ));
                let tunnel = tunnel::start(program, addr.port(), tunnel::START_TIMEOUT)
                    .await
                    .map_err(|e| tunnel_error(&e, program))?;
                (tunnel.url.clone(), Some(tunnel))
            }
            Source::Given(url) => (url.clone(), None),
            Source::Loopback => (format!("http://{}", reachable(addr)), None),
        };
        match self.create(&public, path, tunnel.as_ref()).await {
            Ok((created, held)) => Ok(Registered::new(self, created, held, tunnel)),
            Err(e) => {
                if let Some(tunnel) = tunnel {
                    tunnel.stop().await;
                }
                Err(e)
            }
        }
    }

    /// Everything after the public URL is known, up to a recorded webhook with its secret.
    async fn create(
        &self,
        public: &str,
        path: &str,
        tunnel: Option<&Tunnel>,
    ) -> anyhow::Result<(Created, Option<Held>)> {
        let settings = self.session.client.settings();
        // Any short unique text will do: the first group of a fresh UUID.
        let run_id = crate::clock::new_event_id()[..8].to_owned();
        let url = marker::webhook_url(public, path, &run_id, self.args.plain_url)
            .map_err(|why| UserError::usage(format!("--public-url {why}")))?;
        let via = tunnel
            .map(|t| format!(" (from {})", t.program()))
            .unwrap_or_default();
        let url = check_webhook_url(url.as_str(), settings.api_is_loopback()).map_err(|why| {
            UserError::usage(format!("TRST would refuse the public URL{via}: {why}")).hint(
                "TRST delivers only to public https:// URLs: use --tunnel cloudflared or a --public-url that reaches this machine",
            )
        })?;
        let s = &self.session;
        let listed = s
            .client
            .list_webhooks()
            .await
            .map_err(|e| s.fail(e, None, None))?;
        let scan = match &self.registry {
            Some(registry) => registry
                .scan(settings.base.as_str(), &settings.project)
                .unwrap_or_else(|e| {
                    output::warn(&format!(
                        "cannot read the record of earlier temporary webhooks in {}: {}",
                        registry.dir().display(),
                        crate::net::io_reason(&e)
                    ));
                    Default::default()
                }),
            None => Default::default(),
        };
        let survey = registration::survey(&listed, scan);
        let removed = self.clean_up(&survey).await;
        let count = survey.webhooks - removed;
        if count >= MAX_WEBHOOKS_PER_PROJECT {
            return Err(UserError::failed(format!(
                "project {} already has {count} webhooks, TRST's maximum of {MAX_WEBHOOKS_PER_PROJECT}: there is no room for a temporary one",
                settings.project
            ))
            .hint("delete one you no longer need (trst-hooks webhooks list, then webhooks delete ID)")
            .into());
        }
        let item = registration::create(&s.client, url.as_str(), &self.event_types)
            .await
            .map_err(|e| s.fail(e, None, None))?;
        let created = self.accept(item, url.as_str()).await?;
        let record = Record {
            webhook_id: created.id.clone(),
            url: created.url.clone(),
            api_base: settings.base.to_string(),
            project: settings.project.clone(),
            created_at: crate::clock::now_rfc3339(),
            pid: std::process::id(),
        };
        let held = match &self.registry {
            Some(registry) => match registry.hold(&record) {
                Ok(held) => Some(held),
                Err(e) => {
                    self.undo(&created.id).await;
                    return Err(UserError::usage(format!(
                        "cannot record the temporary webhook in {}: {}",
                        registry.dir().display(),
                        crate::net::io_reason(&e)
                    ))
                    .hint("without the record a crash would leave it behind unnoticed; make the data directory writable ($TRST_HOOKS_DATA_DIR)")
                    .into());
                }
            },
            None => None,
        };
        if let Some(path) = &self.args.save_secret
            && let Err(e) = crate::cmd::webhooks::store::save_secret(
                path,
                created.secret.expose(),
                self.args.force,
            )
        {
            if let Some(held) = held {
                let _ = held.release();
            }
            self.undo(&created.id).await;
            return Err(UserError::usage(format!(
                "cannot store the secret in {}: {}",
                path.display(),
                crate::net::io_reason(&e)
            ))
            .hint("choose another --save-secret path (the webhook was deleted again)")
            .into());
        }
        Ok((created, held))
    }

    /// Check what the API returned; a webhook without an id or a secret is of no use (and is
    /// deleted when it can be).
    async fn accept(&self, item: Item<Webhook>, asked: &str) -> anyhow::Result<Created> {
        let Some(id) = item.view.id.clone() else {
            return Err(UserError::failed(
                "the API created the webhook but returned no id, so it cannot be deleted automatically",
            )
            .hint(format!("delete the webhook for {asked} in the TRST dashboard"))
            .into());
        };
        let Some(secret) = item.view.secret.clone() else {
            self.undo(&id).await;
            return Err(UserError::failed(format!(
                "the API returned no secret for the new webhook {id}, so its deliveries cannot be verified (it was deleted again)"
            ))
            .hint("create one with `trst-hooks webhooks create --save-secret PATH` and run listen --secret-file PATH")
            .into());
        };
        let probe = match Probe::new() {
            Ok(probe) => Arc::new(probe),
            Err(e) => {
                self.undo(&id).await;
                return Err(UserError::usage(format!(
                    "no randomness for the health probe's token: {}",
                    crate::error::io_reason(&e)
                ))
                .into());
            }
        };
        Ok(Created {
            id,
            url: item.view.url.unwrap_or_else(|| asked.to_owned()),
            secret,
            probe,
        })
    }

    /// Delete a webhook created by a start that failed later; say so if that fails too.
    pub(super) async fn undo(&self, id: &str) {
        if let Err(e) = registration::delete(&self.session.client, id).await {
            output::warn(&format!(
                "could not delete the webhook {id} again ({e}): delete it with `trst-hooks webhooks delete {id}`"
            ));
        }
    }

    /// Offer to delete the leftovers of earlier runs; returns how many webhooks were deleted.
    async fn clean_up(&self, survey: &Survey) -> usize {
        for (id, url) in &survey.unrecorded {
            output::note(&format!(
                "note: webhook {id} ({url}) is marked temporary but was not created by a listener on this machine; if nothing uses it: trst-hooks webhooks delete {id}"
            ));
        }
        let Some(registry) = &self.registry else {
            return 0;
        };
        for gone in survey.left_over.iter().filter(|l| !l.exists) {
            let _ = registry.forget(&gone.record.webhook_id);
        }
        let alive: Vec<_> = survey.left_over.iter().filter(|l| l.exists).collect();
        if alive.is_empty() {
            return 0;
        }
        let list: Vec<String> = alive
            .iter()
            .map(|l| format!("{} (created {})", l.record.webhook_id, l.record.created_at))
            .collect();
        let noun = output::plural(alive.len(), "webhook", "webhooks");
        let question = format!(
            "{} temporary {noun} left by an earlier listen --register that did not stop cleanly: {}. Delete {}?",
            alive.len(),
            list.join(", "),
            output::plural(alive.len(), "it", "them")
        );
        if !self.args.yes && !confirm::ask(&output::sanitize::one_line(&question)) {
            output::warn(&format!(
                "{} temporary {noun} left by an earlier listen --register: {}; TRST keeps retrying deliveries to {}. Delete with --yes, or trst-hooks webhooks delete ID",
                alive.len(),
                list.join(", "),
                output::plural(alive.len(), "it", "them")
            ));
            return 0;
        }
        let mut removed = 0;
        for leftover in alive {
            let id = &leftover.record.webhook_id;
            match registration::delete(&self.session.client, id).await {
                Ok(_) => {
                    removed += 1;
                    let _ = registry.forget(id);
                    output::status(&format!(
                        "deleted the temporary webhook {id} left by an earlier run"
                    ));
                }
                Err(e) => output::warn(&format!("could not delete the leftover webhook {id}: {e}")),
            }
        }
        removed
    }
}

/// The webhook as created.
pub(super) struct Created {
    pub id: String,
    pub url: String,
    pub secret: crate::secret::Secret,
    pub probe: Arc<Probe>,
}

fn tunnel_error(e: &StartError, program: &tunnel::Program) -> anyhow::Error {
    let hint = match e {
        StartError::Missing { .. } => program.install_hint().to_owned(),
        StartError::NoUrl { .. } => format!(
            "{} may need a login or network access; run it by hand to see, or use --public-url",
            program.name()
        ),
        _ => program.install_hint().to_owned(),
    };
    UserError::usage(e.to_string()).hint(hint).into()
}

/// The address a local emulator reaches the listener at (`0.0.0.0` and `::` are not addresses
/// one can deliver to: use loopback instead).
fn reachable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, addr.port()))
        }
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, addr.port()))
        }
        _ => addr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unspecified_bind_address_is_reached_on_loopback() {
        let any: SocketAddr = "0.0.0.0:4000".parse().expect("addr");
        assert_eq!(reachable(any).to_string(), "127.0.0.1:4000");
        let any6: SocketAddr = "[::]:4000".parse().expect("addr");
        assert_eq!(reachable(any6).to_string(), "[::1]:4000");
        let own: SocketAddr = "127.0.0.1:5".parse().expect("addr");
        assert_eq!(reachable(own), own);
    }
}
