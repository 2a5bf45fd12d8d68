//! `trst-hooks completions`: shell completion scripts and the man page, generated from the clap
//! definition so they never drift (a test compares them with `completions/`).

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Code;

const EXAMPLES: &str = "\
Examples:
  trst-hooks completions bash > ~/.local/share/bash-completion/completions/trst-hooks
  trst-hooks completions zsh > ~/.zfunc/_trst-hooks
  trst-hooks completions fish > ~/.config/fish/completions/trst-hooks.fish
  trst-hooks completions man > ~/.local/share/man/man1/trst-hooks.1";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
    /// A roff man page
    Man,
}

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
#[command(about = "Print a shell completion script or the man page", after_help = EXAMPLES)]
pub struct Args {
    /// The shell (or `man` for the man page)
    #[arg(value_enum)]
    pub target: Target,
}

/// Generate into a byte buffer (used by the command and by the drift test).
pub fn generate(target: Target) -> Vec<u8> {
    let mut command = Cli::command();
    let mut buf = Vec::new();
    let shell = match target {
        Target::Bash => Shell::Bash,
        Target::Zsh => Shell::Zsh,
        Target::Fish => Shell::Fish,
        Target::Powershell => Shell::PowerShell,
        Target::Elvish => Shell::Elvish,
        Target::Man => {
            let _ = clap_mangen::Man::new(command).render(&mut buf);
            return buf;
        }
    };
    clap_complete::generate(shell, &mut command, "trst-hooks", &mut buf);
    buf
}

/// The file name under `completions/` for each target.
pub fn file_name(target: Target) -> &'static str {
    match target {
        Target::Bash => "trst-hooks.bash",
        Target::Zsh => "_trst-hooks",
        Target::Fish => "trst-hooks.fish",
        Target::Powershell => "_trst-hooks.ps1",
        Target::Elvish => "trst-hooks.elv",
        Target::Man => "trst-hooks.1",
    }
}

/// Print the generated script.
pub fn run(args: Args) -> anyhow::Result<Code> {
    std::io::stdout().lock().write_all(&generate(args.target))?;
    Ok(Code::Ok)
}
