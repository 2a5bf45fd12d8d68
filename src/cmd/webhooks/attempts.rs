//! `trst-hooks webhooks attempts ID DELIVERY_ID`: every HTTP attempt of one delivery (status code,
//! latency, error), to see why a delivery failed.

use super::{ApiArgs, block, non_empty_id, session};
use crate::error::Code;
use crate::output::webhooks as view;

const EXAMPLES: &str = "\
Examples:
  trst-hooks webhooks attempts webhook_abc123 del_789
  trst-hooks webhooks deliveries webhook_abc123 --delivery del_789     the same
  trst-hooks webhooks attempts webhook_abc123 del_789 --json";

/// Arguments of `webhooks attempts`.
#[derive(Debug, clap::Args)]
#[command(about = "List the attempts of one delivery", after_help = EXAMPLES)]
pub struct Args {
    /// The webhook ID
    #[arg(value_name = "ID", value_parser = non_empty_id)]
    pub id: String,

    /// The delivery ID (from `webhooks deliveries`)
    #[arg(value_name = "DELIVERY_ID", value_parser = non_empty_id)]
    pub delivery: String,

    /// Show at most N attempts
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// Fetch and print the attempts.
pub fn run(api: &ApiArgs, args: Args) -> anyhow::Result<Code> {
    show(api, &args.id, &args.delivery, args.limit)
}

/// Shared with `deliveries --delivery`.
pub fn show(api: &ApiArgs, id: &str, delivery: &str, limit: Option<usize>) -> anyhow::Result<Code> {
    let s = session(api)?;
    let mut items = block(async {
        s.client
            .attempts(id, delivery)
            .await
            .map_err(|e| s.fail(e, Some(id), Some(delivery)))
    })?;
    if let Some(limit) = limit {
        items.truncate(limit);
    }
    if api.json {
        view::json_items(&mut crate::output::stdout(), &items)?;
    } else {
        view::attempts(&mut crate::output::stdout(), &items, delivery)?;
    }
    Ok(Code::Ok)
}
