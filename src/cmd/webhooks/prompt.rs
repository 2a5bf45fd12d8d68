//! Interactive questions for `webhooks create` when flags are missing and a person is at the
//! terminal: the URL (checked as it is typed) and a multi-select of the known event types.

use crate::api::settings::check_webhook_url;
use crate::error::UserError;
use crate::fixtures;

/// Ask for the webhook URL, refusing what TRST would refuse (with the reason).
pub fn url(api_is_loopback: bool) -> anyhow::Result<String> {
    dialoguer::Input::<String>::new()
        .with_prompt("Webhook URL (https://…/webhooks/trst)")
        .validate_with(move |input: &String| -> Result<(), String> {
            check_webhook_url(input, api_is_loopback).map(|_| ())
        })
        .interact_text()
        .map_err(|e| UserError::usage(format!("no URL entered: {e}")).into())
}

/// Ask which event types to subscribe to (space toggles, enter confirms).
pub fn event_types() -> anyhow::Result<Vec<String>> {
    let known = fixtures::known_types();
    let defaults: Vec<bool> = known.iter().map(|t| *t == "enrollment.completed").collect();
    loop {
        let chosen = dialoguer::MultiSelect::new()
            .with_prompt("Event types (space to toggle, enter to confirm)")
            .items(known.iter())
            .defaults(&defaults)
            .interact()
            .map_err(|e| UserError::usage(format!("no event types chosen: {e}")))?;
        if !chosen.is_empty() {
            return Ok(chosen.into_iter().map(|i| known[i].to_owned()).collect());
        }
        crate::output::warn("choose at least one event type");
    }
}
