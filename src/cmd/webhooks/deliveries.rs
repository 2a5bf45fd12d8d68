//! `trst-hooks webhooks deliveries ID`: the webhook's deliveries as a coloured table, filtered by
//! status and limited locally (the API's own query parameters are not published).

use super::{ApiArgs, block, non_empty_id, session};
use crate::api::models::DeliveryOutcome;
use crate::error::Code;
use crate::output::webhooks as view;

const EXAMPLES: &str = "\
Examples:
  trst-hooks webhooks deliveries webhook_abc123
  trst-hooks webhooks deliveries webhook_abc123 --status failed --limit 10
  trst-hooks webhooks deliveries webhook_abc123 --delivery del_789     its attempts
  trst-hooks webhooks deliveries webhook_abc123 --json | jq 'select(.status == \"failed\")'";

/// A delivery status to filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFilter {
    Failed,
    Succeeded,
    Pending,
}

/// Arguments of `webhooks deliveries`.
#[derive(Debug, clap::Args)]
#[command(about = "List a webhook's deliveries (or one delivery's attempts)", after_help = EXAMPLES)]
pub struct Args {
    /// The webhook ID
    #[arg(value_name = "ID", value_parser = non_empty_id)]
    pub id: String,

    /// Show the attempts of this delivery instead (same as `webhooks attempts ID DELIVERY_ID`)
    #[arg(long, value_name = "DELIVERY_ID", value_parser = non_empty_id)]
    pub delivery: Option<String>,

    /// Only deliveries with this outcome
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Option<StatusFilter>,

    /// Show at most N deliveries (after filtering)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// Fetch, filter, print.
pub fn run(api: &ApiArgs, args: Args) -> anyhow::Result<Code> {
    if let Some(delivery) = &args.delivery {
        return super::attempts::show(api, &args.id, delivery, args.limit);
    }
    let s = session(api)?;
    let id = args.id.as_str();
    let all = block(async {
        s.client
            .deliveries(id)
            .await
            .map_err(|e| s.fail(e, Some(id), None))
    })?;
    let total = all.len();
    let wanted = args.status.map(|f| match f {
        StatusFilter::Failed => DeliveryOutcome::Failed,
        StatusFilter::Succeeded => DeliveryOutcome::Succeeded,
        StatusFilter::Pending => DeliveryOutcome::Pending,
    });
    let mut items: Vec<_> = all
        .into_iter()
        .filter(|d| wanted.is_none_or(|w| d.view.outcome() == w))
        .collect();
    if let Some(limit) = args.limit {
        items.truncate(limit);
    }
    if api.json {
        view::json_items(&mut crate::output::stdout(), &items)?;
    } else {
        view::deliveries(&mut crate::output::stdout(), &items, total, id)?;
    }
    Ok(Code::Ok)
}
