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
    decide(question, yes, interactive(), prompt)
}

/// The question itself, on the terminal (default: no).
fn prompt(question: &str) -> Result<bool, String> {
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| e.to_string())
}

/// Ask a yes/no `question` (default: no) when a person is there; without a terminal, or when the
/// question cannot be asked, the answer is no. For choices where "no" carries on (keeping
/// something) rather than stopping the command.
pub fn ask(question: &str) -> bool {
    interactive() && prompt(question).unwrap_or(false)
}

/// [`confirm`] with the terminal test and the question passed in, so the rule can be tested.
fn decide(
    question: &str,
    yes: bool,
    interactive: bool,
    ask: impl FnOnce(&str) -> Result<bool, String>,
) -> anyhow::Result<()> {
    if yes {
        return Ok(());
    }
    if !interactive {
        return Err(UserError::usage(format!(
            "{question} (no terminal to ask on; nothing was done)"
        ))
        .hint("pass --yes to go ahead without asking")
        .into());
    }
    let confirmed =
        ask(question).map_err(|e| UserError::usage(format!("cannot ask for confirmation: {e}")))?;
    if confirmed {
        Ok(())
    } else {
        Err(UserError::usage("not confirmed; nothing was done")
            .hint("pass --yes to skip the question")
            .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    fn code(result: anyhow::Result<()>) -> Option<Code> {
        result
            .err()
            .map(|e| e.downcast_ref::<UserError>().expect("a UserError").code)
    }

    #[test]
    fn declined_and_unaskable_both_exit_2() {
        assert_eq!(
            code(decide("Go?", false, true, |_| Ok(false))),
            Some(Code::Usage)
        );
        assert_eq!(
            code(decide("Go?", false, false, |_| Ok(true))),
            Some(Code::Usage)
        );
        assert_eq!(
            code(decide("Go?", false, true, |_| Err("eof".into()))),
            Some(Code::Usage)
        );
    }

    #[test]
    fn yes_or_a_yes_answer_goes_ahead() {
        assert_eq!(code(decide("Go?", true, false, |_| unreachable!())), None);
        assert_eq!(code(decide("Go?", false, true, |_| Ok(true))), None);
    }
}
