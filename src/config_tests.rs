//! Unit tests of [`super`]: kept beside it so that `config.rs` stays short.

use super::*;

#[test]
fn parses_targets_and_profiles() {
    let text = r#"
        [targets.staging]
        url = "https://staging.example.com/webhooks/trst"
        secret_env = "STAGING_SECRET"
        production = true

        [profiles.default]
        project = "proj_1"
    "#;
    let config = parse(text, Path::new("t.toml")).unwrap();
    let staging = &config.targets["staging"];
    assert!(staging.production);
    assert_eq!(staging.secret_request().envs, vec!["STAGING_SECRET"]);
    assert_eq!(
        config.profiles["default"].project.as_deref(),
        Some("proj_1")
    );
}

#[test]
fn typos_and_bad_toml_are_errors_with_the_path() {
    let err = parse(
        "[targets.x]\nurl = \"u\"\nsecret_evn = \"A\"\n",
        Path::new("cfg.toml"),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("cfg.toml") && text.contains("secret_evn"),
        "{text}"
    );
    assert!(parse("[targets.x", Path::new("c")).is_err());
    assert!(
        parse("[targets.x]\nproduction = true\n", Path::new("c")).is_err(),
        "url is required"
    );
}

#[test]
fn unknown_target_lists_known_ones() {
    let loaded = Loaded {
        path: "c.toml".into(),
        config: parse(
            "[targets.a]\nurl = \"http://x\"\n[targets.b]\nurl = \"http://y\"\n",
            Path::new("c"),
        )
        .unwrap(),
        trust: Trust::UserLevel,
    };
    let err = loaded.target("staging").unwrap_err().to_string();
    assert!(err.contains("known: a, b"), "{err}");
}

fn untrusted(text: &str) -> Loaded {
    Loaded {
        path: "/repo/trst-hooks.toml".into(),
        config: parse(text, Path::new("c")).unwrap(),
        trust: Trust::Untrusted,
    }
}

#[test]
fn untrusted_files_keep_to_loopback_and_no_secret_paths() {
    let loaded = untrusted(
        r#"
        [targets.local]
        url = "http://127.0.0.1:3000/webhooks/trst"
        secret_env = "LOCAL_SECRET"
        production = true
        [targets.remote]
        url = "https://attacker.example/hook"
        [targets.file]
        url = "http://localhost:3000/"
        secret_file = "~/.ssh/id_ed25519"
        [targets.inline]
        url = "http://[::1]:3000/"
        secret = "whsec_inline"
    "#,
    );
    assert!(loaded.target("local").is_ok());
    for (name, setting) in [
        ("remote", "targets.remote.url"),
        ("file", "targets.file.secret_file"),
        ("inline", "targets.inline.secret"),
    ] {
        let err = loaded.target(name).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains(setting) && text.contains("/repo/trst-hooks.toml"),
            "{text}"
        );
        assert!(err.hint().unwrap().contains(TRUST_COMMAND));
    }
    let trusted = Loaded {
        trust: Trust::Trusted,
        ..loaded
    };
    assert!(trusted.target("remote").is_ok() && trusted.target("file").is_ok());
}

#[test]
fn inline_secrets_are_masked_in_debug() {
    let loaded = untrusted(
        "[targets.x]\nurl = \"http://127.0.0.1/\"\nsecret = \"whsec_0123456789abcdef\"\n",
    );
    let debug = format!("{loaded:?}");
    assert!(!debug.contains("0123456789"), "{debug}");
}

#[test]
fn profile_guard_names_the_setting() {
    let loaded = untrusted("[profiles.default]\napi_base = \"https://x.example/v1\"\n");
    let profile = loaded.profile(None).unwrap();
    let err = profile.guard("api_base", "why").unwrap_err().to_string();
    assert!(err.contains("profiles.default.api_base"), "{err}");
    assert!(loaded.profile(Some("other")).is_none());
}
