//! The one way a command asks a person before doing something that cannot be taken back
//! (deleting a webhook, sending test events to production), and the one test for whether a
//! person is there to ask. A declined question exits 2: nothing was done.

use std::io::IsTerminal;

use crate::error::UserError;

/// A person is at the terminal: stdin to answer on and stderr to ask on are both terminals.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Ask `question` (default: no) unless `yes` (the command's `--yes`). Without a terminal to ask
/// on, refuse; on "no", a usage error (exit 2) saying nothing was done.
pub fn confirm(question: &str, yes: bool) -> anyhow::Result<()> {
    if yes {
        return Ok(());
    }
    if !interactive() {
        return Err(UserError::usage(format!(
            "{question} (no terminal to ask on; nothing was done)"
        ))
        .hint("pass --yes to go ahead without asking")
        .into());
    }
    let confirmed = dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| UserError::usage(format!("cannot ask for confirmation: {e}")))?;
    if confirmed {
        Ok(())
    } else {
        Err(UserError::usage("not confirmed; nothing was done")
            .hint("pass --yes to skip the question")
            .into())
    }
}
