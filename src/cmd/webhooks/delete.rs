//! `trst-hooks webhooks delete ID`: asks first unless `--yes`; without a terminal, `--yes` is
//! required so that a script never deletes by accident. Declined: exit 2, nothing was done.

use super::{ApiArgs, block, non_empty_id, session};
use crate::cmd::confirm::confirm;
use crate::error::Code;
use crate::output;
use crate::output::webhooks as view;

const EXAMPLES: &str = "\
Examples:
  trst-hooks webhooks delete webhook_abc123          asks for confirmation
  trst-hooks webhooks delete webhook_abc123 --yes    no question (scripts)

Exit codes: 0 deleted, 1 the API refused, 2 not confirmed (nothing was done), usage or setup error.";

/// Arguments of `webhooks delete`.
#[derive(Debug, clap::Args)]
#[command(about = "Delete a webhook", after_help = EXAMPLES)]
pub struct Args {
    /// The webhook ID
    #[arg(value_name = "ID", value_parser = non_empty_id)]
    pub id: String,

    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// Confirm, delete, report.
pub fn run(api: &ApiArgs, args: Args) -> anyhow::Result<Code> {
    let s = session(api)?;
    let id = args.id.as_str();
    let project = s.client.settings().project.clone();
    confirm(
        &format!("Delete webhook {id} from project {project}? TRST stops delivering to it at once"),
        args.yes,
    )?;
    block(async {
        s.client
            .delete_webhook(id)
            .await
            .map_err(|e| s.fail(e, Some(id), None))
    })?;
    if api.json {
        output::json_line(
            &mut crate::output::stdout(),
            &serde_json::json!({"id": id, "project": project, "deleted": true}),
        )?;
    } else {
        view::done(
            &mut crate::output::stdout(),
            &format!("deleted webhook {id}"),
        )?;
    }
    Ok(Code::Ok)
}
