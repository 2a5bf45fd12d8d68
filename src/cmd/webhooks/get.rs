//! `trst-hooks webhooks get ID`: one webhook, every field the API returns.

use super::{ApiArgs, block, non_empty_id, session};
use crate::error::Code;
use crate::output::webhooks as view;

const EXAMPLES: &str = "\
Examples:
  trst-hooks webhooks get webhook_abc123
  trst-hooks webhooks get webhook_abc123 --json";

/// Arguments of `webhooks get`.
#[derive(Debug, clap::Args)]
#[command(about = "Show one webhook", after_help = EXAMPLES)]
pub struct Args {
    /// The webhook ID
    #[arg(value_name = "ID", value_parser = non_empty_id)]
    pub id: String,
}

/// Fetch and print.
pub fn run(api: &ApiArgs, args: Args) -> anyhow::Result<Code> {
    let s = session(api)?;
    let id = args.id.as_str();
    let item = block(async {
        s.client
            .get_webhook(id)
            .await
            .map_err(|e| s.fail(e, Some(id), None))
    })?;
    if api.json {
        crate::output::json_line(&mut crate::output::stdout(), &view::masked(&item.raw))?;
    } else {
        view::webhook_detail(&mut crate::output::stdout(), &item)?;
    }
    Ok(Code::Ok)
}
