//! `trst-hooks completions`: shell completion scripts and man pages, generated from the clap
//! definition so they never drift (a test compares them with the checked-in `completions/`).
//! Regenerate that directory with `cargo run -- completions all --dir completions`. The whole
//! command definition is handed in by `cli` (the layer above), never imported from here.

mod man;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap_complete::Shell;

use crate::error::{Code, UserError};
use crate::output;

const EXAMPLES: &str = "\
Examples:
  trst-hooks completions bash > ~/.local/share/bash-completion/completions/trst-hooks
  trst-hooks completions zsh > ~/.zfunc/_trst-hooks
  trst-hooks completions fish > ~/.config/fish/completions/trst-hooks.fish
  trst-hooks completions man --dir ~/.local/share/man/man1
  trst-hooks completions all --dir completions

`man` writes trst-hooks.1 and one page per subcommand (trst-hooks-send.1,
trst-hooks-webhooks-create.1, …), so it needs --dir. `all` writes every script into DIR and the
man pages into DIR/man.";

/// The name the scripts complete; the binary's name.
const BIN: &str = "trst-hooks";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Artifact {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
    /// The man pages (needs --dir)
    Man,
    /// Every script, and the man pages under man/ (needs --dir)
    All,
}

/// The shells, in the order `all` writes them.
pub const SHELLS: [Artifact; 5] = [
    Artifact::Bash,
    Artifact::Zsh,
    Artifact::Fish,
    Artifact::Powershell,
    Artifact::Elvish,
];

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
#[command(about = "Print a shell completion script, or write the man pages", after_help = EXAMPLES)]
pub struct Args {
    /// The shell, `man` for the man pages, or `all`
    #[arg(value_enum)]
    pub target: Artifact,

    /// Write the files into DIR (created if missing) instead of printing
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// With --dir: one JSON line per file written ({"path"})
    #[arg(long)]
    pub json: bool,
}

/// One generated file: its path relative to the output directory, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Every file `target` produces for the command definition `cli`, relative to the `--dir`
/// directory (used by the command and by the drift test, so both agree on names and bytes).
pub fn files(cli: &clap::Command, target: Artifact) -> Vec<Generated> {
    match target {
        Artifact::Man => man::pages(cli.clone())
            .into_iter()
            .map(|(name, bytes)| Generated {
                path: PathBuf::from(name),
                bytes,
            })
            .collect(),
        Artifact::All => {
            let mut all: Vec<Generated> = SHELLS.iter().flat_map(|&t| files(cli, t)).collect();
            all.extend(files(cli, Artifact::Man).into_iter().map(|page| Generated {
                path: Path::new("man").join(page.path),
                bytes: page.bytes,
            }));
            all
        }
        shell => file_name(shell)
            .map(|name| Generated {
                path: PathBuf::from(name),
                bytes: script(cli, shell),
            })
            .into_iter()
            .collect(),
    }
}

/// The completion script for one shell (empty for `man` and `all`, which are not shells).
pub fn script(cli: &clap::Command, target: Artifact) -> Vec<u8> {
    let shell = match target {
        Artifact::Bash => Shell::Bash,
        Artifact::Zsh => Shell::Zsh,
        Artifact::Fish => Shell::Fish,
        Artifact::Powershell => Shell::PowerShell,
        Artifact::Elvish => Shell::Elvish,
        Artifact::Man | Artifact::All => return Vec::new(),
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cli.clone(), BIN, &mut buf);
    match target {
        Artifact::Bash => fix_bash_state_names(&buf),
        Artifact::Fish => with_fish_positional_values(cli, buf),
        _ => buf,
    }
}

/// clap_complete (4.6.11, still in 4.6.12; clap-rs/clap#6421) spells the completion state of a
/// hyphenated binary two ways: the loop over the words builds `trst__hooks__subcmd__send`, the
/// case labels read `trst__subcmd__hooks__subcmd__send`, so nothing below the top level ever
/// completes. Respell the labels the way the loop builds them. Once upstream is fixed this
/// finds nothing to replace, and the shell tests keep checking the result.
fn fix_bash_state_names(script: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(script);
    let wrong = format!("\n        {}__subcmd__", BIN.replace('-', "__subcmd__"));
    let right = format!("\n        {}__subcmd__", BIN.replace('-', "__"));
    text.replace(&wrong, &right).into_bytes()
}

/// clap_complete's fish script completes flags but not the values of positional arguments
/// (`trst-hooks completions <TAB>` offered file names). Add them for each subcommand's
/// positionals that have a fixed set of values.
fn with_fish_positional_values(cli: &clap::Command, mut script: Vec<u8>) -> Vec<u8> {
    let using = format!("__fish_{}_using_subcommand", BIN.replace('-', "_"));
    let mut lines = String::new();
    for sub in cli.get_subcommands() {
        for arg in sub.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|value| !value.is_hide_set())
                .map(|value| value.get_name().to_owned())
                .collect();
            if !values.is_empty() {
                lines.push_str(&format!(
                    "complete -c {BIN} -n \"{using} {}\" -f -a \"{}\"\n",
                    sub.get_name(),
                    values.join(" ")
                ));
            }
        }
    }
    if !lines.is_empty() {
        script.extend_from_slice(b"# The values of positional arguments (added by trst-hooks).\n");
        script.extend_from_slice(lines.as_bytes());
    }
    script
}

/// The file name under `completions/` of each shell's script (`None` for `man` and `all`).
pub fn file_name(target: Artifact) -> Option<&'static str> {
    match target {
        Artifact::Bash => Some("trst-hooks.bash"),
        Artifact::Zsh => Some("_trst-hooks"),
        Artifact::Fish => Some("trst-hooks.fish"),
        Artifact::Powershell => Some("_trst-hooks.ps1"),
        Artifact::Elvish => Some("trst-hooks.elv"),
        Artifact::Man | Artifact::All => None,
    }
}

#[derive(serde::Serialize)]
struct Written<'a> {
    path: &'a Path,
}

/// Print a script, or write the files into `--dir`, for the command definition `cli`.
pub fn run(args: Args, cli: &clap::Command) -> anyhow::Result<Code> {
    let Some(dir) = args.dir else {
        if matches!(args.target, Artifact::Man | Artifact::All) {
            return Err(UserError::usage(format!(
                "`completions {}` writes several files, so it needs a directory",
                if args.target == Artifact::Man {
                    "man"
                } else {
                    "all"
                }
            ))
            .hint("add --dir DIR, e.g. --dir ~/.local/share/man/man1 for the man pages")
            .into());
        }
        std::io::stdout()
            .lock()
            .write_all(&script(cli, args.target))?;
        return Ok(Code::Ok);
    };
    for file in files(cli, args.target) {
        let path = dir.join(&file.path);
        write_file(&path, &file.bytes)?;
        if args.json {
            output::json_line(&mut output::stdout(), &Written { path: &path })?;
        } else {
            output::line(&mut output::stdout(), format!("wrote {}", path.display()))?;
        }
    }
    Ok(Code::Ok)
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let cannot = |e: std::io::Error| {
        UserError::usage(format!("cannot write {}: {e}", path.display()))
            .hint("choose a directory you can write to with --dir")
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(cannot)?;
    }
    std::fs::write(path, bytes).map_err(cannot)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The definition `cli` hands in when the command runs (only the tests reach up for it).
    fn cli() -> clap::Command {
        crate::cli::Cli::command()
    }

    #[test]
    fn bash_case_labels_match_the_states_the_loop_builds() {
        let bash = String::from_utf8(script(&cli(), Artifact::Bash)).unwrap();
        assert!(bash.contains("cmd=\"trst__hooks__subcmd__webhooks__subcmd__list\""));
        assert!(bash.contains("\n        trst__hooks__subcmd__webhooks__subcmd__list)"));
        assert!(
            !bash.contains("trst__subcmd__hooks"),
            "a label kept the wrong spelling"
        );
    }

    #[test]
    fn all_writes_every_script_and_the_man_pages_under_man() {
        let paths: Vec<PathBuf> = files(&cli(), Artifact::All)
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert!(paths.contains(&PathBuf::from("trst-hooks.bash")));
        assert!(paths.contains(&PathBuf::from("man/trst-hooks.1")));
        assert!(paths.contains(&PathBuf::from("man/trst-hooks-webhooks-create.1")));
    }
}
