//! Sending one event at a time: each unit (an event, raw bytes, a replay) is built and signed
//! once, sent `--repeat` times, each time retried per the backoff schedule; or, with `--dry-run`,
//! only shown with an equivalent curl command.

use super::Args;
use super::source::Unit;
use super::target::{self, Destination};
use crate::defaults;
use crate::error::{Code, UserError};
use crate::event;
use crate::output::{self, send as view};
use crate::secret::Sourced;
use crate::sender::client::{self, EndpointAnswer, SendError};
use crate::sender::request::{self, Outgoing, Signing};
use crate::sender::{curl, retry};

/// What every unit shares.
pub struct SendPlan<'a> {
    pub destination: &'a Destination,
    pub secret: Option<&'a Sourced>,
    pub signing: Signing,
    pub extra_headers: &'a [(String, String)],
    pub args: &'a Args,
}

impl SendPlan<'_> {
    fn request(&self, unit: &Unit) -> anyhow::Result<(Outgoing, Signing)> {
        let body = unit.body()?;
        let signing = match unit {
            Unit::Fixed {
                kept_signature: Some(value),
                ..
            } => Signing::Keep(value.clone()),
            Unit::Fixed { .. } if self.args.keep_signature => Signing::Missing,
            _ => self.signing.clone(),
        };
        let secret = self.secret.map(|s| s.secret.expose()).unwrap_or_default();
        Ok((
            request::build(
                &self.destination.url,
                body,
                secret,
                &signing,
                self.extra_headers,
            ),
            signing,
        ))
    }

    fn signed_with(&self, signing: &Signing) -> String {
        let with = self.secret.map(Sourced::describe).unwrap_or_default();
        match signing {
            Signing::Valid => format!("signed with {with}"),
            Signing::Bad => format!(
                "deliberately wrong signature (--bad-signature; real key {with}): expecting 401"
            ),
            Signing::Missing if self.args.keep_signature => {
                "no signature (the logged delivery had none)".into()
            }
            Signing::Missing => "no signature (--no-signature): expecting 401".into(),
            Signing::Keep(_) => "original signature kept (--keep-signature)".into(),
        }
    }
}

/// `--dry-run`: show each request and a curl command; send nothing.
pub fn dry_run(plan: &SendPlan<'_>, units: &[Unit]) -> anyhow::Result<Code> {
    for unit in units {
        let (request, signing) = plan.request(unit)?;
        let summary = event::summarize(&request.body).unwrap_or_default();
        let body_file = match &plan.args.raw {
            Some(path) if path.as_os_str() != "-" => path.display().to_string(),
            _ => "body.bin".to_owned(),
        };
        let command = curl::render(&request, &body_file);
        let signed_with = plan.signed_with(&signing);
        let sent = view::Sent {
            request: &request,
            event: &summary,
            signed_with: &signed_with,
            note: None,
        };
        view::dry_run(
            &mut crate::output::stdout(),
            &sent,
            &command,
            plan.args.json,
        )?;
    }
    Ok(Code::Ok)
}

/// Send every unit; exit 0 only when every final attempt got what was expected.
pub async fn send_all(plan: &SendPlan<'_>, units: &[Unit]) -> anyhow::Result<Code> {
    let args = plan.args;
    let http = client::for_url(&plan.destination.url, 1).map_err(UserError::usage)?;
    let mut all_ok = true;
    let mut first = true;
    for unit in units {
        let (request, signing) = plan.request(unit)?;
        let summary = event::summarize(&request.body).unwrap_or_default();
        let signed_with = plan.signed_with(&signing);
        for repeat in 1..=args.repeat {
            let note = match (unit, args.repeat) {
                (Unit::Fixed { note, .. }, 1) => Some(note.clone()),
                (Unit::Fixed { note, .. }, n) => Some(format!("{note}; repeat {repeat} of {n}")),
                (Unit::Event(_), 1) => None,
                (Unit::Event(_), n) => {
                    Some(format!("repeat {repeat} of {n}: same bytes, same event_id"))
                }
            };
            let sent = view::Sent {
                request: &request,
                event: &summary,
                signed_with: &signed_with,
                note: note.as_deref(),
            };
            if !args.json {
                if !first {
                    output::line(&mut crate::output::stdout(), "")?;
                }
                view::request_human(&mut crate::output::stdout(), &sent, args.verbose)?;
            }
            first = false;
            all_ok &= deliver(plan, &http, &sent, &signing).await?;
        }
    }
    Ok(if all_ok { Code::Ok } else { Code::Failed })
}

/// One delivery with its retries; true when the final attempt was as expected.
async fn deliver(
    plan: &SendPlan<'_>,
    http: &client::Client,
    sent: &view::Sent<'_>,
    signing: &Signing,
) -> anyhow::Result<bool> {
    let args = plan.args;
    let attempts = args.retries.saturating_add(1);
    let schedule = retry::Schedule {
        base: args.backoff,
        max: args.max_backoff,
    };
    let expect_rejection = signing.expects_rejection();
    for attempt in 1..=attempts {
        let result = client::send(http, sent.request, args.timeout, client::DISPLAY_CAP).await;
        let ok = match &result {
            Ok(answer) if expect_rejection => matches!(answer.status, 401 | 403),
            Ok(answer) => answer.is_success(),
            Err(_) => false,
        };
        let hint = hint_for(plan, &result);
        let shown = view::SendAttempt {
            attempt,
            attempts,
            result: &result,
            ok,
            expect_rejection,
            hint: hint.as_deref(),
        };
        if args.json {
            view::attempt_json(&mut crate::output::stdout(), sent, &shown)?;
        } else {
            view::attempt_human(
                &mut crate::output::stdout(),
                &shown,
                args.verbose,
                args.full,
            )?;
        }
        if let Ok(answer) = &result {
            slow_warning(answer);
        }
        if ok || attempt == attempts || result.as_ref().is_err_and(retry::is_permanent) {
            return Ok(ok);
        }
        let delay = schedule.delay(attempt, fastrand::f64());
        if !args.json {
            view::retry_wait(delay, attempt + 1, attempts);
        }
        tokio::time::sleep(delay).await;
    }
    Ok(false)
}

fn slow_warning(answer: &EndpointAnswer) {
    if answer.latency.as_millis() > u128::from(defaults::SLOW_ANSWER_MS) {
        output::warn(&format!(
            "the endpoint took {} to answer; TRST gives up after 20 s and its docs ask for under 1 s: answer first, process asynchronously",
            view::latency(answer.latency)
        ));
    }
}

/// A hint that knows the situation better than the generic one.
fn hint_for(plan: &SendPlan<'_>, result: &Result<EndpointAnswer, SendError>) -> Option<String> {
    match result {
        Err(SendError::Refused(_)) if plan.destination.is_default => Some(format!(
            "nothing listens on the default target {}: run `trst-hooks listen` in another terminal, or pass --to URL",
            defaults::local_listener_url()
        )),
        Ok(answer) if answer.status == 401 && !plan.signing.expects_rejection() => {
            let dev = plan.secret.is_some_and(target::is_dev_secret);
            Some(if dev {
                "401: the endpoint rejected the signature; it was signed with the local development secret, pass the endpoint's secret with --secret-env/--secret-file".into()
            } else {
                "401: the endpoint rejected the signature; check that it verifies with the same secret (trst-hooks verify diagnoses captured requests)".into()
            })
        }
        _ => None,
    }
}
