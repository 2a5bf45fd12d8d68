//! Where trst-hooks keeps files: config and data directories, each overridable by an env var
//! first (tests and unusual setups), then an absolute XDG variable, then the platform default.

use std::path::{Path, PathBuf};

/// The per-directory config file name, looked for in the working directory first.
pub const LOCAL_CONFIG_FILE: &str = "trst-hooks.toml";

/// The config directory: `$TRST_HOOKS_CONFIG_DIR`, `$XDG_CONFIG_HOME/trst-hooks`, or
/// `~/.config/trst-hooks`.
pub fn config_dir() -> Option<PathBuf> {
    dir_from("TRST_HOOKS_CONFIG_DIR", "XDG_CONFIG_HOME", || {
        dirs::home_dir().map(|h| h.join(".config"))
    })
}

/// The data directory (delivery logs, emulator database): `$TRST_HOOKS_DATA_DIR`,
/// `$XDG_DATA_HOME/trst-hooks`, or the platform's data dir.
pub fn data_dir() -> Option<PathBuf> {
    dir_from("TRST_HOOKS_DATA_DIR", "XDG_DATA_HOME", dirs::data_dir)
}

fn dir_from(own: &str, xdg: &str, fallback: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(own).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let xdg_dir = std::env::var_os(xdg)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    xdg_dir
        .or_else(fallback)
        .map(|base| base.join("trst-hooks"))
}

/// The config file to use: `./trst-hooks.toml` when present, else `<config dir>/config.toml`.
pub fn config_file(cwd: &Path) -> Option<PathBuf> {
    let local = cwd.join(LOCAL_CONFIG_FILE);
    if local.is_file() {
        return Some(local);
    }
    config_dir().map(|d| d.join("config.toml"))
}

/// The default delivery log written by `listen` and read by `verify --log` / `send --replay`.
pub fn default_log() -> Option<PathBuf> {
    data_dir().map(|d| d.join("deliveries.jsonl"))
}
