//! The checked-in completions and man page must match what the CLI generates today.
//! Refresh them with: TRST_HOOKS_BLESS=1 cargo test --test it completions

use trst_hooks::cmd::completions::{Target, file_name, generate};

const TARGETS: [Target; 6] = [
    Target::Bash,
    Target::Zsh,
    Target::Fish,
    Target::Powershell,
    Target::Elvish,
    Target::Man,
];

#[test]
fn checked_in_completions_match_the_cli() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("TRST_HOOKS_BLESS").is_some();
    let mut stale = Vec::new();
    for target in TARGETS {
        let path = dir.join(file_name(target));
        let fresh = generate(target);
        assert!(!fresh.is_empty(), "{target:?} generated nothing");
        if bless {
            std::fs::write(&path, &fresh).expect("write completions");
        } else if std::fs::read(&path).ok().as_deref() != Some(fresh.as_slice()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "completions are out of date: {stale:?}\nhint: run `TRST_HOOKS_BLESS=1 cargo test --test it completions` and commit completions/"
    );
}

#[test]
fn bash_completion_knows_every_subcommand() {
    let bash = String::from_utf8(generate(Target::Bash)).expect("utf-8");
    for sub in ["sign", "verify", "completions"] {
        assert!(bash.contains(sub), "{sub} missing from bash completions");
    }
}
