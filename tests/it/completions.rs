//! The checked-in `completions/` (scripts and man pages) must match what the CLI generates
//! today, and the scripts must complete the way a shell runs them: bash through its completion
//! function with COMP_WORDS/COMP_CWORD, zsh through its completion system in a pseudo-terminal,
//! fish through `complete -C`. A missing shell is skipped with a loud line, except under CI
//! (env var `CI` set), where it fails.
//! Regenerate `completions/` with: cargo run -- completions all --dir completions

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::CommandFactory;
use trst_hooks::cmd::completions::{Artifact, file_name, files, script};

const REGENERATE: &str = "cargo run -- completions all --dir completions";

/// The whole command definition, as `cli` hands it to `completions`.
fn cli() -> clap::Command {
    trst_hooks::cli::Cli::command()
}

/// Every file under `dir`, relative to it.
fn tree(dir: &Path, base: &Path, found: &mut BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            tree(&path, base, found);
        } else if let Ok(rel) = path.strip_prefix(base) {
            found.insert(rel.to_path_buf());
        }
    }
}

#[test]
fn checked_in_completions_and_man_pages_match_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let generated = files(&cli(), Artifact::All);
    let mut on_disk = BTreeSet::new();
    tree(&dir, &dir, &mut on_disk);
    let mut stale = Vec::new();
    for file in &generated {
        assert!(
            !file.bytes.is_empty(),
            "{} generated nothing",
            file.path.display()
        );
        if std::fs::read(dir.join(&file.path)).ok().as_deref() != Some(file.bytes.as_slice()) {
            stale.push(file.path.display().to_string());
        }
        on_disk.remove(&file.path);
    }
    let extra: Vec<String> = on_disk.iter().map(|p| p.display().to_string()).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "completions/ is out of date: changed or missing {stale:?}, no longer generated {extra:?}; \
         hint: delete the ones no longer generated, run `{REGENERATE}` and commit completions/"
    );
}

#[test]
fn man_pages_cover_every_subcommand_and_webhooks_leaf_and_name_only_pages_that_exist() {
    let pages = files(&cli(), Artifact::Man);
    let names: BTreeSet<String> = pages.iter().map(|p| p.path.display().to_string()).collect();
    for expected in [
        "trst-hooks.1",
        "trst-hooks-listen.1",
        "trst-hooks-send.1",
        "trst-hooks-verify.1",
        "trst-hooks-sign.1",
        "trst-hooks-check.1",
        "trst-hooks-webhooks.1",
        "trst-hooks-webhooks-create.1",
        "trst-hooks-webhooks-list.1",
        "trst-hooks-webhooks-attempts.1",
        "trst-hooks-emulator.1",
        "trst-hooks-emulator-trigger.1",
        "trst-hooks-completions.1",
    ] {
        assert!(
            names.contains(expected),
            "{expected} missing; pages: {names:?}"
        );
    }
    assert!(
        !names.iter().any(|n| n.contains("-help")),
        "a page for `help`: {names:?}"
    );
    let reference = regex::Regex::new(
        r"(trst\\-hooks(?:\\-[a-z]+)*)\\fR\((\d)\)|(trst\\-hooks(?:\\-[a-z]+)*)\((\d)\)",
    )
    .unwrap();
    for page in &pages {
        let text = String::from_utf8(page.bytes.clone()).expect("utf-8 page");
        for cap in reference.captures_iter(&text) {
            let (name, section) = match (cap.get(1), cap.get(3)) {
                (Some(n), _) => (n.as_str(), &cap[2]),
                (None, Some(n)) => (n.as_str(), &cap[4]),
                (None, None) => continue,
            };
            let file = format!("{}.{section}", name.replace("\\-", "-"));
            assert!(
                names.contains(&file),
                "{} names {file}, which is not generated",
                page.path.display()
            );
        }
    }
}

#[test]
fn man_pages_keep_examples_verbatim_and_list_every_flag() {
    let send = files(&cli(), Artifact::Man)
        .into_iter()
        .find(|p| p.path == Path::new("trst-hooks-send.1"))
        .expect("send page");
    let text = String::from_utf8(send.bytes).unwrap();
    let examples = text
        .split(".SH EXAMPLES\n")
        .nth(1)
        .expect("EXAMPLES section");
    assert!(
        examples.starts_with(".nf\n"),
        "examples are filled: {examples}"
    );
    assert!(
        examples
            .contains("\n  trst\\-hooks send enrollment.completed \\-\\-repeat 3      same bytes"),
        "an example line lost its spacing: {examples}"
    );
    for flag in [
        "\\-\\-repeat",
        "\\-\\-replay",
        "\\-\\-retries",
        "\\-\\-dry\\-run",
        "\\-\\-color",
    ] {
        assert!(
            text.contains(&format!("\\fB{flag}\\fR")),
            "{flag} missing from the send page"
        );
    }
}

#[test]
fn man_pages_render_without_groff_warnings() {
    let Some(groff) = shell("groff") else { return };
    let dir = tempfile::tempdir().unwrap();
    for page in files(&cli(), Artifact::Man) {
        let path = dir.path().join(&page.path);
        std::fs::write(&path, &page.bytes).unwrap();
        let out = Command::new(&groff)
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(&path)
            .output()
            .expect("run groff");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.is_empty(),
            "{}: {stderr}",
            page.path.display()
        );
    }
}

/// The shell's path, or None after one loud skip line; under CI a missing shell fails.
fn shell(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is not installed and CI is set: .ci/run installs it (apt-get install {name})"
        );
        eprintln!(
            "SKIPPED: {name} is not installed, so its test did not run (apt-get install {name})"
        );
    }
    found
}

/// A directory holding one shell's generated script under its usual name.
fn script_dir(target: Artifact) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name(target).expect("a shell"));
    std::fs::write(&path, script(&cli(), target)).unwrap();
    (dir, path)
}

/// Lines of stdout as a set; fails with stderr when the shell failed.
fn candidates(out: std::process::Output) -> BTreeSet<String> {
    assert!(
        out.status.success(),
        "shell failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| line.split('\t').next().unwrap_or("").trim().to_owned())
        .filter(|word| !word.is_empty())
        .collect()
}

/// What each shell must offer: for a command line (the cursor at its end), candidates that must
/// all be there, and whether they must be the only ones.
const CASES: &[(&str, &[&str], bool)] = &[
    (
        "trst-hooks send --re",
        &["--repeat", "--replay", "--retries"],
        true,
    ),
    ("trst-hooks webhooks l", &["list"], true),
    (
        "trst-hooks webhooks ",
        &[
            "list",
            "get",
            "create",
            "update",
            "delete",
            "test",
            "deliveries",
            "attempts",
        ],
        false,
    ),
    ("trst-hooks webhooks create --ev", &["--event-type"], true),
    (
        "trst-hooks completions ",
        &["bash", "zsh", "fish", "man", "all"],
        false,
    ),
    ("trst-hooks verify --log --col", &["--color"], true),
    ("trst-hooks li", &["listen"], true),
];

fn assert_offers(shell: &str, line: &str, got: &BTreeSet<String>, want: &[&str], only: bool) {
    let want: BTreeSet<String> = want.iter().map(|w| w.to_string()).collect();
    if only {
        assert_eq!(got, &want, "{shell}: `{line}<TAB>`");
    } else {
        assert!(
            got.is_superset(&want),
            "{shell}: `{line}<TAB>` offered {got:?}, wanted {want:?}"
        );
    }
}

#[test]
fn bash_completes_subcommands_and_their_flags() {
    let Some(bash) = shell("bash") else { return };
    let (_dir, path) = script_dir(Artifact::Bash);
    // What bash does on TAB: split the line into COMP_WORDS, point COMP_CWORD at the last word,
    // and call the function `complete -p` names with (command, current word, previous word).
    let driver = r#"
        source "$1" || exit 3
        spec=$(complete -p trst-hooks) || exit 4
        fn=${spec#*-F }; fn=${fn%% *}
        read -ra COMP_WORDS <<< "$2"
        [[ $2 == *' ' ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE=$2; COMP_POINT=${#2}
        "$fn" trst-hooks "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    for &(line, want, only) in CASES {
        let out = Command::new(&bash)
            .args(["--norc", "--noprofile", "-c", driver, "bash"])
            .arg(&path)
            .arg(line)
            .output()
            .expect("run bash");
        assert_offers("bash", line, &candidates(out), want, only);
    }
}

#[test]
fn fish_completes_subcommands_and_their_flags() {
    let Some(fish) = shell("fish") else { return };
    let (_dir, path) = script_dir(Artifact::Fish);
    for &(line, want, only) in CASES {
        let out = Command::new(&fish)
            .args([
                "--no-config",
                "-c",
                "source $argv[1]; and complete -C $argv[2]",
            ])
            .arg(&path)
            .arg(line)
            .env("HOME", path.parent().unwrap())
            .output()
            .expect("run fish");
        assert_offers("fish", line, &candidates(out), want, only);
    }
}

/// Drives an interactive zsh in a pseudo-terminal (zpty): loads the script with compinit, types
/// each line and TAB, and records every match the completion system adds (a `compadd` wrapper),
/// one file per line. Keys are typed only once zle reads the line (its line-init hook prints
/// READY-n): typed earlier, the terminal's own line editing would eat the ^U and the TAB. Every
/// step waits for such a marker, never for time.
const ZSH_DRIVER: &str = r#"
zmodload zsh/zpty || exit 3
dir=$1; shift
cat > $dir/setup.zsh <<SETUP
PS1='' PROMPT='' RPROMPT='' PROMPT_EOL_MARK=''
bindkey -e
fpath=($dir \$fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
  local -a found
  builtin compadd -O found "\$@"
  (( \${#found} )) && print -rl -- "\${found[@]}" >> $dir/out.\$ready
  builtin compadd "\$@"
}
_capture_complete() { _main_complete; compstate[list]=''; compstate[insert]=''; }
zle -C capture-complete complete-word _capture_complete
bindkey '^I' capture-complete
integer ready=0
zle-line-init() { (( ++ready )); print -rn -- "READY-\$ready-" }
zle -N zle-line-init
SETUP
zpty z zsh -f -i
zpty -w z "source $dir/setup.zsh"
integer i=0
for line in "$@"; do
  (( i++ ))
  zpty -r z seen "*READY-$i-*" || exit 4
  zpty -n -w z "$line"$'\t'
  zpty -n -w z $'\C-u'
  zpty -n -w z $'\r'
done
zpty -r z seen "*READY-$(( i + 1 ))-*" || exit 5
zpty -w z exit
zpty -d z
"#;

#[test]
fn zsh_completes_subcommands_and_their_flags() {
    let Some(zsh) = shell("zsh") else { return };
    let (dir, _path) = script_dir(Artifact::Zsh);
    let driver = dir.path().join("driver.zsh");
    std::fs::write(&driver, ZSH_DRIVER).unwrap();
    // `timeout` only guards against a hung pty; nothing waits on time to synchronise.
    let out = Command::new("timeout")
        .arg("120")
        .arg(&zsh)
        .args(["-f"])
        .arg(&driver)
        .arg(dir.path())
        .args(CASES.iter().map(|case| case.0))
        .env("HOME", dir.path())
        .output()
        .expect("run zsh");
    assert!(
        out.status.success(),
        "zsh driver failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    for (i, &(line, want, only)) in CASES.iter().enumerate() {
        let text =
            std::fs::read_to_string(dir.path().join(format!("out.{}", i + 1))).unwrap_or_default();
        let got: BTreeSet<String> = text.lines().map(str::to_owned).collect();
        assert_offers("zsh", line, &got, want, only);
    }
}
