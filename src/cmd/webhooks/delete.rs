//! `trst-hooks webhooks delete ID`: asks first unless `--yes`; without a terminal, `--yes` is
//! required so that a script never deletes by accident.

use super::{ApiArgs, block, interactive, non_empty_id, session};
use crate::error::{Code, UserError};
use crate::output;
use crate::output::webhooks as view;

const EXAMPLES: &str = "\
Examples:
  trst-hooks webhooks delete webhook_abc123          asks for confirmation
  trst-hooks webhooks delete webhook_abc123 --yes    no question (scripts)";

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
    if !args.yes {
        if !interactive() {
            return Err(UserError::usage(format!(
                "refusing to delete webhook {id} without confirmation (no terminal to ask on)"
            ))
            .hint("pass --yes to delete without asking")
            .into());
        }
        let confirmed = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Delete webhook {id} from project {project}? TRST stops delivering to it at once"
            ))
            .default(false)
            .interact()
            .unwrap_or(false);
        if !confirmed {
            output::status("not deleted");
            return Ok(Code::Failed);
        }
    }
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
