//! `trst-hooks verify`: check signatures offline — a body with `--signature`, a raw HTTP request
//! captured with `nc -l`, or a whole delivery log — and name the mistake when one fails.

use std::path::PathBuf;

use crate::cmd::prelude::SecretArgs;
use crate::delivery_log::DeliveryRecord;
use crate::error::{Code, UserError};
use crate::output::verify as view;
use crate::secret::{self, Sourced};
use crate::signature::HEADER_NAME;
use crate::{event, http_dump, log_check, paths, verdict};

const EXAMPLES: &str = "\
Examples:
  trst-hooks verify body.json --signature 'sha256=5f1c…'
  trst-hooks verify capture.txt                     raw request from `nc -l 3000 > capture.txt`
  trst-hooks verify --log                           the default listen log
  trst-hooks verify --log deliveries.jsonl --json   one JSON line per delivery, then a summary
  trst-hooks verify --log d.jsonl --secret-env NEW --secret-env OLD    rotation: either may match

When a signature fails, verify tries the classic mistakes (secret without whsec_, re-serialised
JSON, base64 instead of hex, missing sha256=, a trailing newline) and names the one that explains it.

Exit codes: 0 every signature valid, 1 any invalid or unreadable delivery, 2 usage or unreadable input.";

/// Arguments of `verify`.
#[derive(Debug, clap::Args)]
#[command(about = "Verify signatures offline and diagnose failures", after_help = EXAMPLES)]
pub struct Args {
    /// A body (with --signature) or a raw HTTP request; - for stdin
    #[arg(value_name = "INPUT")]
    pub input: Option<PathBuf>,

    /// The X-Webhook-Signature value the body came with
    #[arg(long, short = 's', value_name = "SIG")]
    pub signature: Option<String>,

    /// Read INPUT as a raw HTTP/1.1 request (detected automatically when it starts with one)
    #[arg(long, conflicts_with = "signature")]
    pub request: bool,

    /// Verify every delivery in a listen log (default: the listen default log)
    #[arg(long, value_name = "PATH", num_args = 0..=1, conflicts_with_all = ["signature", "request", "input"])]
    pub log: Option<Option<PathBuf>>,

    /// With --log, list valid deliveries too, not only failures
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Print JSON (one line per delivery with --log, then a summary line)
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub secrets: SecretArgs,
}

enum Mode {
    Body(Vec<u8>, String),
    Request(http_dump::RawRequest),
    /// A log still to be read (streamed in chunks), or one already read while sniffing.
    Log(PathBuf, Option<Vec<u8>>),
}

/// Pick the mode, verify, print, and return 0/1.
pub fn run(args: Args) -> anyhow::Result<Code> {
    let mode = choose_mode(&args)?;
    let secrets = match development_secret_from_log(&args, &mode)? {
        Some(dev) => vec![dev],
        None => super::resolve_secrets(&args.secrets, false)?,
    };
    let keys: Vec<&[u8]> = secrets
        .iter()
        .map(|s| s.secret.expose().as_bytes())
        .collect();
    let labels: Vec<String> = secrets.iter().map(|s| s.secret.masked()).collect();
    match mode {
        Mode::Body(body, signature) => {
            let verdict = verdict::judge(&body, &[signature.as_str()], &keys);
            single(&args, &secrets, &labels, &body, verdict, None)
        }
        Mode::Request(request) => {
            let values = request.header_values(HEADER_NAME);
            let verdict = verdict::judge(&request.body, &values, &keys);
            single(
                &args,
                &secrets,
                &labels,
                &request.body,
                verdict,
                Some(&request),
            )
        }
        Mode::Log(path, content) => {
            let (results, summary) = match content {
                Some(content) => log_check::check(&content, &keys),
                None => super::read_log(&path, |reader| log_check::check_reader(reader, &keys))?,
            };
            if args.json {
                view::log_json(&mut crate::output::stdout(), &results, &summary, &labels)?;
            } else {
                view::log_human(
                    &mut crate::output::stdout(),
                    &path,
                    &results,
                    &summary,
                    &secrets,
                    args.verbose,
                )?;
            }
            Ok(if summary.all_valid() {
                Code::Ok
            } else {
                Code::Failed
            })
        }
    }
}

/// With no secret given, a log whose own records say the development secret verified its
/// deliveries (as after the Quick start) is checked with that secret; the choice is said on stderr.
fn development_secret_from_log(args: &Args, mode: &Mode) -> anyhow::Result<Option<Sourced>> {
    use crate::environment::Environment;
    let env_secret = crate::environment::System
        .var(secret::DEFAULT_SECRET_ENV)
        .is_some_and(|v| !v.is_empty());
    if args.secrets.is_explicit() || env_secret {
        return Ok(None);
    }
    let dev = secret::local_default();
    let masked = dev.secret.masked();
    let recorded = match mode {
        Mode::Log(_, Some(content)) => log_check::log_records_secret(&content[..], &masked)?,
        // stdin can be read only once: the check itself needs it
        Mode::Log(path, None) if path.as_path() != std::path::Path::new("-") => {
            super::read_log(path, |reader| {
                log_check::log_records_secret(reader, &masked)
            })?
        }
        _ => false,
    };
    if !recorded {
        return Ok(None);
    }
    crate::output::status(&format!(
        "note: no secret given; using the development secret {masked}, because this log records \
         deliveries verified with it"
    ));
    Ok(Some(dev))
}

fn choose_mode(args: &Args) -> anyhow::Result<Mode> {
    if let Some(log) = &args.log {
        let path = match log.clone().or_else(paths::default_log) {
            Some(path) => path,
            None => {
                return Err(
                    UserError::usage("no home directory to find the default log in")
                        .hint("give the log path: --log PATH")
                        .into(),
                );
            }
        };
        return Ok(Mode::Log(path, None));
    }
    let input = args.input.clone().unwrap_or_else(|| PathBuf::from("-"));
    let data = super::read_input(&input)?;
    if let Some(signature) = &args.signature {
        return Ok(Mode::Body(data, signature.clone()));
    }
    if args.request || http_dump::looks_like_request(&data) {
        let request = http_dump::parse(&data).map_err(|e| {
            UserError::usage(format!("{}: {e}", input.display()))
                .hint("capture the whole request, e.g. `nc -l 3000 > capture.txt`, then send to it")
        })?;
        return Ok(Mode::Request(request));
    }
    let first_line = data.split(|&b| b == b'\n').next().unwrap_or_default();
    if std::str::from_utf8(first_line).is_ok_and(|l| DeliveryRecord::parse_line(l).is_ok()) {
        return Ok(Mode::Log(input, Some(data)));
    }
    Err(UserError::usage(format!(
        "{} is not an HTTP request or a delivery log, and no --signature was given",
        input.display()
    ))
    .hint("pass the signature: trst-hooks verify BODY --signature 'sha256=…'")
    .into())
}

fn single(
    args: &Args,
    secrets: &[Sourced],
    labels: &[String],
    body: &[u8],
    verdict: verdict::Verdict,
    request: Option<&http_dump::RawRequest>,
) -> anyhow::Result<Code> {
    let summary = event::summarize(body).ok();
    let view = view::Single {
        body,
        verdict: &verdict,
        event: summary.as_ref(),
        request,
        secrets,
        labels,
    };
    if args.json {
        view::single_json(&mut crate::output::stdout(), &view)?;
    } else {
        view::single_human(&mut crate::output::stdout(), &view)?;
    }
    Ok(if verdict.is_valid() {
        Code::Ok
    } else {
        Code::Failed
    })
}
