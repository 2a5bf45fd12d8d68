//! The effective settings and where each came from, for `trst-hooks config show`: the config file
//! and its trust, the API base, project and key, the default webhook secret, and every target with
//! its secret source. Secrets appear masked only; nothing here prompts or sends anything.

use serde::Serialize;

use crate::api::settings::{self, ApiChoices};
use crate::config::{Loaded, Target, Trust};
use crate::environment::{Environment, WithoutPrompt};
use crate::secret::{self, Origin, Secret, Source, Sourced};

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Effective {
    pub config_file: Option<ConfigFile>,
    /// Where trusted working-directory files are recorded.
    pub trust_store: Option<String>,
    /// The profile the API settings were read from (`default` unless `--profile`).
    pub profile: String,
    pub api_base: Setting,
    pub project: Setting,
    pub api_key: Setting,
    /// The secret `listen`, `verify`, `sign` and `send` use when given no secret flag.
    pub webhook_secret: Setting,
    pub targets: Vec<TargetView>,
}

/// The config file in use.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigFile {
    pub path: String,
    /// `user`, `trusted` or `untrusted`.
    pub trust: &'static str,
}

/// One setting: its value (masked when secret), where it came from, or why it cannot be used.
#[derive(Debug, Clone, Serialize)]
pub struct Setting {
    pub value: Option<String>,
    pub source: Option<String>,
    pub problem: Option<String>,
}

/// A named target.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    pub name: String,
    pub url: String,
    pub production: bool,
    pub secret: Setting,
    /// Set when the file is untrusted and this target cannot be used until it is trusted.
    pub refused: Option<String>,
}

impl Setting {
    fn found(value: String, source: impl ToString) -> Self {
        Setting {
            value: Some(value),
            source: Some(source.to_string()),
            problem: None,
        }
    }

    fn problem(problem: impl ToString) -> Self {
        Setting {
            value: None,
            source: None,
            problem: Some(problem.to_string()),
        }
    }

    fn masked(sourced: &Sourced) -> Self {
        Setting::found(sourced.secret.masked(), &sourced.origin)
    }
}

/// Work out the report for `loaded` (the config file in use, if any) and `profile`.
pub fn report(loaded: Option<&Loaded>, profile: Option<&str>, env: &dyn Environment) -> Effective {
    let env = WithoutPrompt(env);
    let chosen = loaded.and_then(|l| l.profile(profile));
    let request = ApiChoices::default();
    let api_base = match settings::resolve_base(&request, chosen, &env) {
        Ok((url, origin)) => Setting::found(url.to_string(), origin),
        Err(e) => Setting::problem(e),
    };
    let project = match settings::resolve_project(&request, chosen, &env) {
        Ok((value, origin)) => Setting::found(value, origin),
        Err(e) => Setting::problem(e),
    };
    let api_key = match settings::resolve_key(&request, chosen, &env) {
        Ok(sourced) => Setting::masked(&sourced),
        Err(e) => Setting::problem(e),
    };
    let webhook_secret = match env
        .var(secret::DEFAULT_SECRET_ENV)
        .filter(|v| !v.is_empty())
    {
        Some(value) => Setting::found(
            Secret::new(value).masked(),
            Origin::Env(secret::DEFAULT_SECRET_ENV.into()),
        ),
        None => Setting::found(
            Secret::new(secret::LOCAL_DEV_SECRET).masked(),
            "the local development default, loopback only",
        ),
    };
    let targets = loaded.map_or_else(Vec::new, |l| {
        l.config
            .targets
            .iter()
            .map(|(name, target)| target_view(l, name, target, &env))
            .collect()
    });
    Effective {
        config_file: loaded.map(|l| ConfigFile {
            path: l.path.display().to_string(),
            trust: l.trust.label(),
        }),
        trust_store: crate::trust::store_path()
            .ok()
            .map(|p| p.display().to_string()),
        profile: profile.unwrap_or("default").to_owned(),
        api_base,
        project,
        api_key,
        webhook_secret,
        targets,
    }
}

fn target_view(loaded: &Loaded, name: &str, target: &Target, env: &dyn Environment) -> TargetView {
    let refused = loaded.target(name).err().map(|e| e.to_string());
    let secret = if let Some(value) = &target.secret {
        Setting::found(value.masked(), format!("config targets.{name}.secret"))
    } else if refused.is_some() && loaded.trust == Trust::Untrusted {
        Setting::problem("not read: the file is untrusted")
    } else {
        let source = match (&target.secret_file, &target.secret_env) {
            (Some(path), _) => Some(Source::File(crate::config::expand_home(path))),
            (None, Some(var)) => Some(Source::Env(var.clone())),
            (None, None) => None,
        };
        match source.map(|s| secret::read(&s, env)) {
            Some(Ok(sourced)) => Setting::masked(&sourced),
            Some(Err(e)) => Setting::problem(e),
            None => Setting::problem(
                "none configured (flags, $TRST_WEBHOOK_SECRET, or the local default on loopback)",
            ),
        }
    };
    TargetView {
        name: name.to_owned(),
        url: target.url.clone(),
        production: target.production,
        secret,
        refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::environment::Fake;

    #[test]
    fn secrets_are_masked_and_untrusted_targets_refused() {
        let config = crate::config::parse(
            r#"
            [targets.local]
            url = "http://127.0.0.1:3000/"
            secret_env = "LOCAL_SECRET"
            [targets.remote]
            url = "https://hooks.example.com/"
            secret_file = "/secret"
            [profiles.default]
            project = "proj_1"
            "#,
            std::path::Path::new("t"),
        )
        .unwrap();
        let loaded = Loaded {
            path: "/repo/trst-hooks.toml".into(),
            config,
            trust: Trust::Untrusted,
        };
        let mut env = Fake::with_vars(&[
            ("LOCAL_SECRET", "whsec_0123456789abcdef"),
            ("TRST_API_KEY", "key1.0123456789abcdef"),
        ]);
        env.files
            .insert("/secret".into(), "whsec_fromfile\n".into());
        env.prompt = Some("never asked".into());
        let report = report(Some(&loaded), None, &env);
        let text = serde_json::to_string(&report).unwrap();
        assert!(
            !text.contains("0123456789") && !text.contains("fromfile"),
            "{text}"
        );
        assert_eq!(
            report.project.source.as_deref(),
            Some("profiles.default.project in /repo/trst-hooks.toml")
        );
        assert_eq!(report.api_key.source.as_deref(), Some("$TRST_API_KEY"));
        assert!(report.targets[0].refused.is_none());
        assert_eq!(
            report.targets[0].secret.value.as_deref(),
            Some("whsec_0123…")
        );
        assert!(
            report.targets[1]
                .refused
                .as_deref()
                .unwrap()
                .contains("targets.remote.url")
        );
        assert!(report.targets[1].secret.value.is_none());
        let no_key = report_without_key();
        assert_eq!(no_key.api_key.problem.as_deref(), Some("no API key given"));
    }

    fn report_without_key() -> Effective {
        let env = Fake {
            prompt: Some("typed".into()),
            ..Fake::default()
        };
        report(None, None, &env)
    }
}
