//! `trst-hooks webhooks test ID [--wait]`: make TRST send a `webhook.test` event, and optionally
//! follow the webhook's deliveries until that delivery succeeds or fails for good (reporting each
//! failed attempt and following TRST's retries while they fall within `--timeout`), polling gently
//! (the sandbox allows 5 requests a minute) and slowing down further when rate limited.

use std::time::{Duration, Instant, SystemTime};

use super::{ApiArgs, Session, block, non_empty_id, session};
use crate::api::models::{Attempt, Delivery, DeliveryOutcome};
use crate::api::wait::{self, Ending, PollSchedule, Progress};
use crate::error::{Code, UserError};
use crate::output;
use crate::output::webhooks as view;

const EXAMPLES: &str = "\
Examples:
  trst-hooks webhooks test webhook_abc123
  trst-hooks webhooks test --wait                 the webhook of the running `listen --register`
  trst-hooks webhooks test webhook_abc123 --wait
  trst-hooks webhooks test webhook_abc123 --wait --poll-interval 3s --timeout 1m   Business plans

--wait polls the deliveries every --poll-interval (default 15s, which keeps the trigger and the
polls within the sandbox's 5 requests per minute; 1s against a local emulator, where
`emulator --plan sandbox` calls for --poll-interval 15s too); the first poll comes after at most 5s. Each failed attempt is reported, and TRST's retries are followed while
they are due within --timeout.
Exit codes: 0 triggered (with --wait: delivered), 1 the delivery failed, its next retry comes
after --timeout, or --timeout passed.";

/// Arguments of `webhooks test`.
#[derive(Debug, clap::Args)]
#[command(about = "Send a test event to a webhook (and wait for the result)", after_help = EXAMPLES)]
pub struct Args {
    /// The webhook ID [default: the temporary webhook of the running `listen --register`]
    #[arg(value_name = "ID", value_parser = non_empty_id)]
    pub id: Option<String>,

    /// Follow the test delivery until it succeeds or fails
    #[arg(long)]
    pub wait: bool,

    /// Time between polls with --wait (e.g. 15s, 500ms) [default: 15s; 1s for a loopback API]
    #[arg(long, value_name = "DURATION", value_parser = crate::cmd::prelude::duration_secs)]
    pub poll_interval: Option<Duration>,

    /// Give up waiting after this long (and on a retry due later than that)
    #[arg(long, value_name = "DURATION", default_value = "2m", value_parser = crate::cmd::prelude::duration_secs)]
    pub timeout: Duration,
}

/// The temporary webhook of the one `listen --register` running on this machine for this API
/// and project; an error that says how to name one otherwise.
fn running_listener(s: &Session) -> anyhow::Result<String> {
    let settings = s.client.settings();
    let scan = crate::registration::registry::Registry::in_data_dir()
        .map(|r| r.scan(settings.base.as_str(), &settings.project))
        .transpose()
        .map_err(|e| {
            UserError::usage(format!(
                "cannot read the records of running listeners: {}",
                crate::net::io_reason(&e)
            ))
        })?
        .unwrap_or_default();
    match scan.running.as_slice() {
        [one] => {
            output::status(&format!(
                "testing {}, the temporary webhook of the running listen --register (pid {})",
                one.webhook_id, one.pid
            ));
            Ok(one.webhook_id.clone())
        }
        [] => Err(UserError::usage(format!(
            "no webhook id given, and no `listen --register` is running for project {}",
            settings.project
        ))
        .hint("name one: trst-hooks webhooks test ID (trst-hooks webhooks list shows them), or start trst-hooks listen --register")
        .into()),
        many => Err(UserError::usage(format!(
            "no webhook id given, and {} listen --register runs are active: {}",
            many.len(),
            many.iter()
                .map(|r| r.webhook_id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .hint("name one: trst-hooks webhooks test ID")
        .into()),
    }
}

/// The default time between polls: gentle on TRST's rate limits, brisk against a local emulator.
const POLL_INTERVAL: Duration = Duration::from_secs(15);
const LOOPBACK_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// Trigger, then wait if asked.
pub fn run(api: &ApiArgs, args: Args) -> anyhow::Result<Code> {
    let s = session(api)?;
    let id = match &args.id {
        Some(id) => id.clone(),
        None => running_listener(&s)?,
    };
    let id = id.as_str();
    block(async {
        let local_before = SystemTime::now();
        let answer = s
            .client
            .trigger_test(id)
            .await
            .map_err(|e| s.fail(e, Some(id), None))?;
        let known = wait::delivery_id_from_trigger(&answer.body);
        if !args.wait {
            if api.json {
                let body = match answer.body {
                    serde_json::Value::Null => {
                        serde_json::json!({"webhook_id": id, "triggered": true})
                    }
                    other => other,
                };
                output::json_line(&mut crate::output::stdout(), &body)?;
            } else {
                let which = known
                    .map(|d| format!(" (delivery {d})"))
                    .unwrap_or_default();
                view::done(
                    &mut crate::output::stdout(),
                    &format!("test event sent to webhook {id}{which}"),
                )?;
                output::line(
                    &mut crate::output::stdout(),
                    output::dim(&format!(
                        "follow it: trst-hooks webhooks test {id} --wait, or trst-hooks webhooks deliveries {id}"
                    )),
                )?;
            }
            return Ok(Code::Ok);
        }
        // The server's clock decides what "after the trigger" means; ours only as a fallback.
        let since = answer.date.unwrap_or(local_before);
        follow(&s, api.json, id, known.as_deref(), since, &args).await
    })
}

async fn follow(
    s: &Session,
    json: bool,
    id: &str,
    known: Option<&str>,
    since: SystemTime,
    args: &Args,
) -> anyhow::Result<Code> {
    let started = Instant::now();
    let deadline = SystemTime::now() + args.timeout;
    let interval = args
        .poll_interval
        .unwrap_or(if s.client.settings().api_is_loopback() {
            LOOPBACK_POLL_INTERVAL
        } else {
            POLL_INTERVAL
        });
    let mut schedule = PollSchedule::new(interval);
    // Failed attempts reported so far (each is reported once, in order).
    let mut reported = 0;
    s.reporter
        .start_spinner("test event sent; waiting for the delivery", !json);
    let result = loop {
        let wait_for = schedule.next_wait();
        if started.elapsed() + wait_for > args.timeout {
            break None;
        }
        tokio::time::sleep(wait_for).await;
        let remaining = args.timeout.saturating_sub(started.elapsed());
        let polled = tokio::time::timeout(remaining, s.client.deliveries(id)).await;
        let list = match polled {
            Err(_) => break None,
            Ok(Ok(list)) => list,
            Ok(Err(e)) if e.status() == Some(429) => {
                schedule.slow_down();
                s.reporter.status(&format!(
                    "still rate limited; polling every {}",
                    crate::output::duration::human(schedule.interval)
                ));
                continue;
            }
            Ok(Err(e)) => {
                s.reporter.stop_spinner();
                return Err(s.fail(e, Some(id), None));
            }
        };
        let found = wait::pick(&list, known, since);
        let message = match found {
            None => "waiting for TRST to create the test delivery".to_owned(),
            Some(d) => format!(
                "delivery {} is {}",
                d.view.id.as_deref().unwrap_or("?"),
                d.view.status.as_deref().unwrap_or("pending")
            ),
        };
        s.reporter
            .spin(&format!("{message} (poll {})", schedule.polls()));
        let Some(d) = found else { continue };
        let progress = wait::progress(&d.view, deadline);
        if d.view.attempts.unwrap_or(0) > reported {
            let retry = match progress {
                Progress::Retrying { next, .. } => Some(next),
                _ => None,
            };
            reported = show_attempts(s, id, &d.view, reported, retry).await;
        }
        if progress == Progress::Done {
            break Some(d.clone());
        }
    };
    s.reporter.stop_spinner();
    let waited = crate::output::duration::human(Duration::from_secs(args.timeout.as_secs().max(1)));
    let Some(delivery) = result else {
        let so_far = if reported > 0 {
            format!(
                " ({reported} failed {} so far; TRST keeps retrying)",
                crate::output::plural(reported, "attempt", "attempts")
            )
        } else {
            String::new()
        };
        return Err(UserError::failed(format!(
            "the test delivery is still pending after {waited}{so_far}"
        ))
        .hint(format!(
            "it may still arrive: trst-hooks webhooks deliveries {id} (or raise --timeout)"
        ))
        .into());
    };
    if json {
        output::json_line(&mut crate::output::stdout(), &view::masked(&delivery.raw))?;
    } else {
        match wait::ending(&delivery.view) {
            Ending::Retrying { next } => view::still_pending(
                &mut crate::output::stdout(),
                &delivery.view,
                next,
                SystemTime::now(),
            )?,
            _ => view::test_result(&mut crate::output::stdout(), &delivery)?,
        }
        if delivery.view.settled().is_none() && delivery.view.next_attempt_at.is_some() {
            output::line(
                &mut crate::output::stdout(),
                output::dim(&format!(
                    "that is after --timeout {waited}: see it later with `trst-hooks webhooks deliveries {id}`, or wait longer next time (--timeout 10m)"
                )),
            )?;
        }
        if delivery.view.outcome() != DeliveryOutcome::Succeeded
            && let Some(did) = delivery.view.id.as_deref()
        {
            output::line(
                &mut crate::output::stdout(),
                output::dim(&format!(
                    "why: trst-hooks webhooks attempts {id} {}",
                    output::sanitize::one_line(did)
                )),
            )?;
        }
    }
    Ok(match delivery.view.outcome() {
        DeliveryOutcome::Succeeded => Code::Ok,
        _ => Code::Failed,
    })
}

/// Print the attempts of `d` recorded since the `shown` first, each with the outcome the API
/// recorded (its real error); the latest says when TRST retries. Returns how many are shown now.
/// When the attempt list cannot be read, the delivery's own record of its latest attempt stands in.
async fn show_attempts(
    s: &Session,
    id: &str,
    d: &Delivery,
    shown: u64,
    retry: Option<Option<SystemTime>>,
) -> u64 {
    let now = SystemTime::now();
    let list = match d.id.as_deref() {
        Some(delivery) => s.client.attempts(id, delivery).await.unwrap_or_default(),
        None => Vec::new(),
    };
    let unseen = wait::unseen_attempts(&list, shown);
    let Some(&(last, _)) = unseen.last() else {
        let latest = d.attempts.unwrap_or(0);
        let stand_in = Attempt {
            attempt: Some(latest),
            status_code: d.response_code,
            ..Default::default()
        };
        s.reporter
            .status(&view::attempt_line(latest, &stand_in, retry, now));
        return latest;
    };
    for (number, attempt) in &unseen {
        let retry_here = if *number == last { retry } else { None };
        s.reporter
            .status(&view::attempt_line(*number, attempt, retry_here, now));
    }
    last
}
