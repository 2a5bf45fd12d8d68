//! Where `send` sends and with which secret: `--to URL`, `--to NAME` from the config file, or the
//! local listener's default URL, resolved by [`crate::destination`] exactly as `check` resolves
//! its target (through [`crate::cmd::target`]); and the production confirmation.

use crate::cmd::prelude::SecretArgs;
use crate::cmd::target;
use crate::output;
use crate::secret::{self, Sourced};

pub use crate::destination::Destination;

/// Resolve `--to`: anything with `://` is a URL, anything else a target name.
pub fn resolve(to: Option<&str>) -> anyhow::Result<Destination> {
    target::resolve(to)
}

/// The secret to sign with (see [`target::secrets`]); with several (rotation), the first signs.
pub fn secret(destination: &Destination, flags: &SecretArgs) -> anyhow::Result<Sourced> {
    let mut found = target::secrets(destination, flags)?;
    if found.len() > 1 {
        output::warn(&format!(
            "{} secrets given; signing with the first, {}",
            found.len(),
            found[0].describe()
        ));
    }
    Ok(found.swap_remove(0))
}

/// Ask before sending to a production target (not for `--dry-run`, which sends nothing).
pub fn confirm_production(
    destination: &Destination,
    yes: bool,
    dry_run: bool,
) -> anyhow::Result<()> {
    if dry_run {
        return Ok(());
    }
    target::confirm_production(destination, "signed test events", yes)
}

/// Whether a secret is the local development one (to mention it when an endpoint says 401).
pub fn is_dev_secret(sourced: &Sourced) -> bool {
    sourced.secret.expose() == secret::LOCAL_DEV_SECRET
}
