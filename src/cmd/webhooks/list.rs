//! `trst-hooks webhooks list`: every webhook of the project.

use super::{ApiArgs, block, session};
use crate::defaults::MAX_WEBHOOKS_PER_PROJECT;
use crate::error::Code;
use crate::output::webhooks as view;

const EXAMPLES: &str = "\
Examples:
  trst-hooks webhooks list
  trst-hooks webhooks list --project proj_abc123 --json | jq -r .url";

/// Arguments of `webhooks list`.
#[derive(Debug, clap::Args)]
#[command(about = "List the project's webhooks", after_help = EXAMPLES)]
pub struct Args {}

/// List and print.
pub fn run(api: &ApiArgs, _args: Args) -> anyhow::Result<Code> {
    let s = session(api)?;
    let items = block(async {
        s.client
            .list_webhooks()
            .await
            .map_err(|e| s.fail(e, None, None))
    })?;
    if api.json {
        view::json_items(&mut crate::output::stdout(), &items)?;
    } else {
        view::webhook_table(
            &mut crate::output::stdout(),
            &items,
            MAX_WEBHOOKS_PER_PROJECT,
        )?;
    }
    Ok(Code::Ok)
}
