//! Unit tests of [`super`]: kept beside it so that `settings.rs` stays short.

use super::*;
use crate::config::{Loaded, Profile, Trust};
use crate::environment::Fake;

fn env(pairs: &[(&str, &str)]) -> Fake {
    Fake::with_vars(pairs)
}

fn loaded(profile: Profile, trust: Trust) -> Loaded {
    let mut config = crate::config::Config::default();
    config.profiles.insert("default".into(), profile);
    Loaded {
        path: "/repo/trst-hooks.toml".into(),
        config,
        trust,
    }
}

#[test]
fn flags_beat_env_beat_profile_beat_default() {
    let profile = loaded(
        Profile {
            api_base: Some("https://profile.example/v1".into()),
            project: Some("proj_profile".into()),
            api_key_env: Some("PROFILE_KEY".into()),
            api_key_file: None,
        },
        Trust::UserLevel,
    );
    let profile = profile.profile(None);
    let e = env(&[("PROFILE_KEY", "k.profile")]);
    let s = resolve(&ApiChoices::default(), profile, &e).unwrap();
    assert_eq!(s.base.as_str(), "https://profile.example/v1");
    assert_eq!(
        s.base_origin.to_string(),
        "profiles.default.api_base in /repo/trst-hooks.toml"
    );
    assert_eq!(s.project, "proj_profile");
    assert_eq!(s.key.expose(), "k.profile");
    let e = env(&[
        ("PROFILE_KEY", "k.profile"),
        (API_KEY_ENV, "k.env"),
        (API_BASE_ENV, "https://env.example/v1"),
        (PROJECT_ENV, "proj_env"),
    ]);
    let s = resolve(&ApiChoices::default(), profile, &e).unwrap();
    assert_eq!((s.project.as_str(), s.key.expose()), ("proj_env", "k.env"));
    assert_eq!(s.base.host_str(), Some("env.example"));
    assert_eq!(s.base_origin, SettingOrigin::Env(API_BASE_ENV));
    let flags = ApiChoices {
        base_url: Some("http://127.0.0.1:9/v1".into()),
        project: Some("proj_flag".into()),
        api_key: Some(Secret::new(" k.flag ")),
        api_key_file: None,
    };
    let s = resolve(&flags, profile, &e).unwrap();
    assert_eq!(
        (s.project.as_str(), s.key.expose()),
        ("proj_flag", "k.flag")
    );
    assert_eq!(s.key_origin.to_string(), "--api-key");
    assert!(s.api_is_loopback());
    let s = resolve(
        &ApiChoices::default(),
        None,
        &env(&[(API_KEY_ENV, "k"), (PROJECT_ENV, "p")]),
    )
    .unwrap();
    assert_eq!(s.base.as_str(), "https://api.prod.trstinc.ca/v1");
    assert_eq!(s.base_origin, SettingOrigin::Default);
}

#[test]
fn key_file_and_errors() {
    let mut e = env(&[(PROJECT_ENV, "p")]);
    e.files.insert("k.txt".into(), "key1.secret\n".into());
    e.files.insert("empty".into(), "\n".into());
    let with_file = |p: &str| ApiChoices {
        api_key_file: Some(p.into()),
        ..Default::default()
    };
    assert_eq!(
        resolve(&with_file("k.txt"), None, &e).unwrap().key.expose(),
        "key1.secret"
    );
    assert_eq!(
        resolve(&with_file("nope"), None, &e)
            .unwrap_err()
            .to_string(),
        "cannot read nope: no such file"
    );
    assert!(matches!(
        resolve(&with_file("empty"), None, &e),
        Err(SettingsError::Key(SecretError::Empty(_)))
    ));
    assert_eq!(
        resolve(&ApiChoices::default(), None, &e).unwrap_err(),
        SettingsError::NoKey
    );
    e.prompt = Some("typed.key".into());
    assert_eq!(
        resolve(&ApiChoices::default(), None, &e)
            .unwrap()
            .key
            .expose(),
        "typed.key"
    );
    let missing = loaded(
        Profile {
            api_key_env: Some("MISSING".into()),
            ..Default::default()
        },
        Trust::UserLevel,
    );
    assert_eq!(
        resolve(&ApiChoices::default(), missing.profile(None), &e).unwrap_err(),
        SettingsError::Key(SecretError::EnvNotSet("MISSING".into()))
    );
    let no_project = env(&[(API_KEY_ENV, "k")]);
    assert_eq!(
        resolve(&ApiChoices::default(), None, &no_project).unwrap_err(),
        SettingsError::NoProject
    );
}

#[test]
fn an_untrusted_profile_cannot_move_the_key() {
    let mut e = env(&[(PROJECT_ENV, "p"), (API_KEY_ENV, "k.env")]);
    e.files
        .insert("/home/me/.ssh/key".into(), "private\n".into());
    let attacker = loaded(
        Profile {
            api_base: Some("https://attacker.example/v1".into()),
            ..Default::default()
        },
        Trust::Untrusted,
    );
    let err = resolve(&ApiChoices::default(), attacker.profile(None), &e).unwrap_err();
    assert!(
        err.to_string().contains("profiles.default.api_base"),
        "{err}"
    );
    assert!(err.hint().contains("trst-hooks config trust"));
    // A flag or env var overrides the profile, so the untrusted setting is never used.
    let flag = ApiChoices {
        base_url: Some("https://api.prod.trstinc.ca/v1".into()),
        ..Default::default()
    };
    assert!(resolve(&flag, attacker.profile(None), &e).is_ok());
    let key_file = loaded(
        Profile {
            api_key_file: Some("/home/me/.ssh/key".into()),
            project: Some("p".into()),
            ..Default::default()
        },
        Trust::Untrusted,
    );
    let no_env_key = env(&[]);
    let err = resolve(&ApiChoices::default(), key_file.profile(None), &no_env_key).unwrap_err();
    assert!(
        err.to_string().contains("profiles.default.api_key_file"),
        "{err}"
    );
    // Non-secret defaults and the default key variable are fine.
    let honest = loaded(
        Profile {
            api_base: Some(crate::defaults::API_BASE.into()),
            api_key_env: Some(API_KEY_ENV.into()),
            project: Some("proj_repo".into()),
            ..Default::default()
        },
        Trust::Untrusted,
    );
    let s = resolve(
        &ApiChoices::default(),
        honest.profile(None),
        &env(&[(API_KEY_ENV, "k")]),
    )
    .unwrap();
    assert_eq!(s.project, "proj_repo");
    let trusted = Loaded {
        trust: Trust::Trusted,
        ..attacker
    };
    let s = resolve(&ApiChoices::default(), trusted.profile(None), &e).unwrap();
    assert_eq!(s.base.host_str(), Some("attacker.example"));
}

#[test]
fn plain_http_only_for_loopback() {
    let e = env(&[(API_KEY_ENV, "k"), (PROJECT_ENV, "p")]);
    let with_base = |b: &str| ApiChoices {
        base_url: Some(b.into()),
        ..Default::default()
    };
    assert!(resolve(&with_base("http://localhost:8080/v1"), None, &e).is_ok());
    assert!(resolve(&with_base("http://[::1]:8080"), None, &e).is_ok());
    assert!(matches!(
        resolve(&with_base("http://api.example.com/v1"), None, &e),
        Err(SettingsError::PlainHttp(_))
    ));
    assert!(matches!(
        resolve(&with_base("ftp://x/"), None, &e),
        Err(SettingsError::BadBase { .. })
    ));
    assert!(matches!(
        resolve(&with_base("not a url"), None, &e),
        Err(SettingsError::BadBase { .. })
    ));
}

#[test]
fn webhook_urls() {
    assert!(check_webhook_url("https://hooks.example.com/webhooks/trst", false).is_ok());
    let err = check_webhook_url("http://localhost:3000/webhooks/trst", false).unwrap_err();
    assert!(err.contains("https") && err.contains("localhost"), "{err}");
    assert!(
        check_webhook_url("https://10.0.0.5/x", false)
            .unwrap_err()
            .contains("private")
    );
    assert!(check_webhook_url("nope", false).is_err());
    assert!(check_webhook_url("ftp://example.com/", false).is_err());
    // Against a local emulator, loopback receivers are fine; private networks still are not.
    assert!(check_webhook_url("http://127.0.0.1:3000/webhooks/trst", true).is_ok());
    assert!(check_webhook_url("https://localhost/x", true).is_ok());
    assert!(check_webhook_url("http://10.0.0.5/x", true).is_err());
    assert!(check_webhook_url("http://hooks.example.com/x", true).is_err());
}
