//! `trst-hooks sign`: print the X-Webhook-Signature TRST would send for a body.

use std::path::PathBuf;

use crate::cmd::prelude::SecretArgs;
use crate::error::Code;
use crate::output;
use crate::signature;

const EXAMPLES: &str = "\
Examples:
  trst-hooks sign event.json                           sha256=5f1c…
  trst-hooks sign event.json --header                  X-Webhook-Signature: sha256=5f1c…
  cat event.json | trst-hooks sign - --secret-file ~/.trst/secret
  trst-hooks sign event.json --json                    {\"signature\":…,\"header\":…,\"body_sha256\":…,\"bytes\":…}

The body is signed byte for byte, trailing newline included: sign exactly what you send.";

/// Arguments of `sign`.
#[derive(Debug, clap::Args)]
#[command(about = "Print the X-Webhook-Signature for a body", after_help = EXAMPLES)]
pub struct Args {
    /// The body to sign: a file, or - for stdin
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Print the whole header line, not just its value
    #[arg(long)]
    pub header: bool,

    /// Print {signature, header, body_sha256, bytes} as JSON
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub secrets: SecretArgs,
}

/// Sign the body with the first secret given.
pub fn run(args: Args) -> anyhow::Result<Code> {
    let body = super::read_input(&args.file)?;
    let secrets = super::resolve_secrets(&args.secrets, false)?;
    if secrets.len() > 1 {
        output::warn(&format!(
            "{} secrets given; signing with the first, {}",
            secrets.len(),
            secrets[0].describe()
        ));
    }
    let secret = &secrets[0].secret;
    let value = signature::sign(secret.expose(), &body);
    let form = match (args.json, args.header) {
        (true, _) => output::sign::Form::Json,
        (false, true) => output::sign::Form::Header,
        (false, false) => output::sign::Form::Value,
    };
    output::sign::print(&mut output::stdout(), form, &value, &body, &secret.masked())?;
    Ok(Code::Ok)
}
