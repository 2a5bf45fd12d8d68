//! Temporary webhooks for `listen --register`: what the project holds before one is created
//! (how many webhooks, which temporary ones a crashed listener left behind), creating one that
//! points at the listener's public URL, and deleting it afterwards. The local record
//! ([`registry`]) and the URL marker ([`marker`]) make leftovers findable; [`health`] checks that
//! the public URL still leads to the listener.

pub mod health;
pub mod marker;
pub mod registry;

use serde_json::json;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::models::{Item, Webhook};
use registry::{Record, Scan};

/// What the project holds before a temporary webhook is created.
#[derive(Debug, Default)]
pub struct Survey {
    /// Webhooks in the project now.
    pub webhooks: usize,
    /// Temporary webhooks created here whose listener is gone (the API may have lost some).
    pub left_over: Vec<Leftover>,
    /// Webhooks whose URL is marked temporary but that no record here accounts for (another
    /// machine's listener, or records removed by hand): named, never deleted automatically.
    pub unrecorded: Vec<(String, String)>,
}

/// A leftover temporary webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    pub record: Record,
    /// Whether the API still lists it.
    pub exists: bool,
}

/// Put the API's list and the local records together.
pub fn survey(listed: &[Item<Webhook>], scan: Scan) -> Survey {
    let ids: Vec<&str> = listed.iter().filter_map(|w| w.view.id.as_deref()).collect();
    let left_over: Vec<Leftover> = scan
        .left_over
        .into_iter()
        .map(|record| Leftover {
            exists: ids.contains(&record.webhook_id.as_str()),
            record,
        })
        .collect();
    let accounted = |id: &str| {
        left_over.iter().any(|l| l.record.webhook_id == id)
            || scan.running.iter().any(|r| r.webhook_id == id)
    };
    let unrecorded = listed
        .iter()
        .filter_map(|w| Some((w.view.id.clone()?, w.view.url.clone()?)))
        .filter(|(id, url)| marker::is_temporary(url) && !accounted(id))
        .collect();
    Survey {
        webhooks: listed.len(),
        left_over,
        unrecorded,
    }
}

/// Create the temporary webhook (enabled, subscribed to `event_types`).
pub async fn create(
    client: &Client,
    url: &str,
    event_types: &[String],
) -> Result<Item<Webhook>, ApiError> {
    let body = json!({"url": url, "event_types": event_types, "enabled": true});
    client.create_webhook(&body).await
}

/// How a deletion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    Deleted,
    /// The API no longer had it (404): someone deleted it already.
    AlreadyGone,
}

/// Delete a webhook; a 404 counts as done.
pub async fn delete(client: &Client, id: &str) -> Result<Removal, ApiError> {
    match client.delete_webhook(id).await {
        Ok(_) => Ok(Removal::Deleted),
        Err(ApiError::Status { status: 404, .. }) => Ok(Removal::AlreadyGone),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(id: &str, url: &str) -> Item<Webhook> {
        Item {
            raw: serde_json::Map::new(),
            view: Webhook {
                id: Some(id.into()),
                url: Some(url.into()),
                ..Webhook::default()
            },
        }
    }

    fn record(id: &str) -> Record {
        Record {
            webhook_id: id.into(),
            url: format!("https://h.example/w?trst_hooks_temporary={id}"),
            api_base: "b".into(),
            project: "p".into(),
            created_at: "2026-11-30T00:00:00Z".into(),
            pid: 1,
        }
    }

    #[test]
    fn leftovers_running_listeners_and_unrecorded_marks_are_told_apart() {
        let list = [
            listed("wh_mine", "https://h.example/w"),
            listed("wh_dead", "https://h.example/w?trst_hooks_temporary=a"),
            listed("wh_live", "https://h.example/w?trst_hooks_temporary=b"),
            listed(
                "wh_other_machine",
                "https://h.example/w?trst_hooks_temporary=c",
            ),
        ];
        let scan = Scan {
            left_over: vec![record("wh_dead"), record("wh_lost")],
            running: vec![record("wh_live")],
        };
        let survey = survey(&list, scan);
        assert_eq!(survey.webhooks, 4);
        let left: Vec<_> = survey
            .left_over
            .iter()
            .map(|l| (l.record.webhook_id.as_str(), l.exists))
            .collect();
        assert_eq!(left, [("wh_dead", true), ("wh_lost", false)]);
        assert_eq!(
            survey.unrecorded,
            [(
                "wh_other_machine".to_owned(),
                "https://h.example/w?trst_hooks_temporary=c".to_owned()
            )]
        );
    }
}
