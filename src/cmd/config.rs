//! `trst-hooks config`: trust or untrust the working directory's `trst-hooks.toml`, and show the
//! effective settings with their sources (secrets masked).

use std::path::{Path, PathBuf};

use crate::config;
use crate::error::{Code, UserError};
use crate::output::config::{self as view, TrustChange};
use crate::paths::LOCAL_CONFIG_FILE;
use crate::trust::{self, Store};

const EXAMPLES: &str = "\
Examples:
  trst-hooks config show                 what each setting is and where it comes from
  trst-hooks config show --profile staging --json
  trst-hooks config trust                trust ./trst-hooks.toml as it is now
  trst-hooks config untrust

A trst-hooks.toml found in the working directory (a cloned repo, a shared folder) is untrusted
until you trust it: until then it may name loopback targets and settings that move no secret
(project, production), but not an api_base, an api_key_file or api_key_env, a target off this
machine, a secret_file or an inline secret. Trusting records the file's path and SHA-256 in
<config dir>/trusted.json; when the file changes it is untrusted again. Your own
<config dir>/config.toml is always trusted. See SECURITY.md.

Exit codes: 0 ok, 2 usage error (no such file, invalid config, unwritable trust store).";

/// Arguments of `config`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Trust the working directory's config file, or show the effective settings",
    after_help = EXAMPLES,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

/// The leaves of `config`.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Trust a config file as it is now [default: ./trst-hooks.toml]
    #[command(after_help = EXAMPLES)]
    Trust(FileArgs),
    /// Stop trusting a config file [default: ./trst-hooks.toml]
    #[command(after_help = EXAMPLES)]
    Untrust(FileArgs),
    /// Print the effective settings and where each comes from (secrets masked)
    #[command(after_help = EXAMPLES)]
    Show(ShowArgs),
}

/// Which file to trust or untrust.
#[derive(Debug, clap::Args)]
pub struct FileArgs {
    /// The config file [default: ./trst-hooks.toml]
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Print one JSON object instead of a sentence
    #[arg(long)]
    pub json: bool,
}

/// Flags of `config show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The profile whose API settings to show [default: default]
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Print one JSON object (schema: docs/schemas/config-show.schema.json)
    #[arg(long)]
    pub json: bool,
}

/// Run the chosen leaf.
pub fn run(args: Args) -> anyhow::Result<Code> {
    match args.command {
        Sub::Trust(a) => trust_file(&a),
        Sub::Untrust(a) => untrust_file(&a),
        Sub::Show(a) => show(&a),
    }
}

fn file_path(args: &FileArgs) -> anyhow::Result<PathBuf> {
    let cwd = std::env::current_dir()
        .map_err(|e| UserError::usage(format!("cannot read the working directory: {e}")))?;
    Ok(cwd.join(args.path.as_deref().unwrap_or(Path::new(LOCAL_CONFIG_FILE))))
}

fn store_path() -> anyhow::Result<PathBuf> {
    trust::store_path().map_err(|e| {
        UserError::usage(e.to_string())
            .hint("set TRST_HOOKS_CONFIG_DIR")
            .into()
    })
}

fn store_error(e: trust::TrustError) -> anyhow::Error {
    UserError::usage(e.to_string())
        .hint("check the permissions of the config directory (or remove a damaged trusted.json)")
        .into()
}

fn trust_file(args: &FileArgs) -> anyhow::Result<Code> {
    let path = file_path(args)?;
    let content = std::fs::read(&path).map_err(|e| {
        UserError::usage(format!(
            "cannot read {}: {}",
            path.display(),
            super::io_reason(&e)
        ))
        .hint("run this in the folder holding trst-hooks.toml, or give its path")
    })?;
    let text = String::from_utf8_lossy(&content);
    config::parse(&text, &path).map_err(|e| {
        UserError::usage(e.to_string())
            .hint("fix the file first; an invalid file cannot be trusted")
    })?;
    let canonical = std::fs::canonicalize(&path).map_err(|e| {
        UserError::usage(format!(
            "cannot resolve {}: {}",
            path.display(),
            super::io_reason(&e)
        ))
    })?;
    let store_file = store_path()?;
    let mut store = Store::load(&store_file).map_err(store_error)?;
    let sha256 = trust::digest(&content);
    store.files.insert(canonical.clone(), sha256.clone());
    store.save(&store_file).map_err(store_error)?;
    let change = TrustChange {
        path: canonical.display().to_string(),
        trusted: true,
        sha256: Some(sha256),
        was_trusted: false,
    };
    view::trust_change(&mut std::io::stdout().lock(), &change, args.json)?;
    Ok(Code::Ok)
}

fn untrust_file(args: &FileArgs) -> anyhow::Result<Code> {
    let path = file_path(args)?;
    // A file already deleted can still be untrusted by the path it had.
    let canonical = std::fs::canonicalize(&path).unwrap_or(path);
    let store_file = store_path()?;
    let mut store = Store::load(&store_file).map_err(store_error)?;
    let was_trusted = store.files.remove(&canonical).is_some();
    if was_trusted {
        store.save(&store_file).map_err(store_error)?;
    }
    let change = TrustChange {
        path: canonical.display().to_string(),
        trusted: false,
        sha256: None,
        was_trusted,
    };
    view::trust_change(&mut std::io::stdout().lock(), &change, args.json)?;
    Ok(Code::Ok)
}

fn show(args: &ShowArgs) -> anyhow::Result<Code> {
    let cwd = std::env::current_dir()
        .map_err(|e| UserError::usage(format!("cannot read the working directory: {e}")))?;
    let loaded = config::load(&cwd)
        .map_err(|e| UserError::usage(e.to_string()).hint("fix the config file"))?;
    if let (Some(name), Some(l)) = (&args.profile, &loaded)
        && l.profile(Some(name)).is_none()
    {
        return Err(UserError::usage(format!(
            "no profile named \"{name}\" in {}",
            l.path.display()
        ))
        .hint("drop --profile, or add the [profiles.NAME] table")
        .into());
    }
    let report = crate::effective::report(
        loaded.as_ref(),
        args.profile.as_deref(),
        &crate::environment::System,
    );
    let mut out = std::io::stdout().lock();
    if args.json {
        view::show_json(&mut out, &report)?;
    } else {
        view::show_human(&mut out, &report)?;
    }
    Ok(Code::Ok)
}
