//! `trst-hooks sign`: print the X-Webhook-Signature TRST would send for a body.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::cmd::prelude::SecretArgs;
use crate::error::Code;
use crate::output;
use crate::signature::{self, HEADER_NAME};

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

/// The JSON form of a signature.
#[derive(Debug, serde::Serialize)]
struct SignOutput {
    signature: String,
    header: String,
    body_sha256: String,
    bytes: usize,
    secret: String,
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
    let header = format!("{HEADER_NAME}: {value}");
    if args.json {
        output::json_line(&SignOutput {
            signature: value,
            header,
            body_sha256: hex::encode(Sha256::digest(&body)),
            bytes: body.len(),
            secret: secret.masked(),
        })?;
    } else if args.header {
        output::line(header)?;
    } else {
        output::line(value)?;
    }
    Ok(Code::Ok)
}
