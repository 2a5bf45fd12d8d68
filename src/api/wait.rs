//! Following a test delivery (`webhooks test --wait`), the pure part: which delivery in a list is
//! the one our trigger caused, and when to poll next without breaking the rate limit.

use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::models::{Attempt, Delivery, DeliveryOutcome, Item};

/// Slack for the server's clock against the trigger's reference time (the server's `Date` header
/// has whole seconds only).
const CLOCK_SLACK: Duration = Duration::from_secs(2);

/// A delivery id the trigger's answer names, if any: `delivery_id`, `delivery.id`, or `id` when
/// the answer looks like a delivery (not the webhook itself).
pub fn delivery_id_from_trigger(answer: &Value) -> Option<String> {
    let obj = answer.as_object()?;
    let text = |v: &Value| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    if let Some(id) = obj.get("delivery_id").and_then(text) {
        return Some(id);
    }
    if let Some(id) = obj.get("delivery").and_then(|d| d.get("id")).and_then(text) {
        return Some(id);
    }
    let looks_like_delivery = !obj.contains_key("url")
        && ["status", "event_type", "event_id", "webhook_id"]
            .iter()
            .any(|k| obj.contains_key(*k));
    if looks_like_delivery {
        return obj.get("id").and_then(text);
    }
    None
}

/// The delivery our trigger caused: the one with `known_id` when the trigger named it, else the
/// newest `webhook.test` delivery created at or after `since` (less a little clock slack).
pub fn pick<'a>(
    deliveries: &'a [Item<Delivery>],
    known_id: Option<&str>,
    since: SystemTime,
) -> Option<&'a Item<Delivery>> {
    if let Some(id) = known_id {
        return deliveries.iter().find(|d| d.view.id.as_deref() == Some(id));
    }
    let floor = since.checked_sub(CLOCK_SLACK).unwrap_or(since);
    deliveries
        .iter()
        .filter(|d| d.view.event_type.as_deref() == Some("webhook.test"))
        .filter_map(|d| {
            let created = parse_time(d.view.created_at.as_deref()?)?;
            (created >= floor).then_some((created, d))
        })
        .max_by_key(|(created, _)| *created)
        .map(|(_, d)| d)
}

/// Where a followed delivery stands after a poll, and whether to keep following it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Nothing has failed yet: queued, or its first attempt is in flight.
    Waiting,
    /// Its last attempt failed and TRST will retry it before the deadline (or when is not said):
    /// keep following. `attempts` made so far; `next` when the API names the retry time.
    Retrying {
        attempts: u64,
        next: Option<SystemTime>,
    },
    /// Over as far as the wait goes: succeeded, failed for good, or the next retry comes only
    /// after the deadline.
    Done,
}

/// Decide [`Progress`] for a delivery, given when the wait gives up.
pub fn progress(delivery: &Delivery, deadline: SystemTime) -> Progress {
    if delivery.settled().is_some() {
        return Progress::Done;
    }
    let attempts = delivery.attempts.unwrap_or(0);
    let last_ok = delivery
        .response_code
        .is_some_and(|c| (200..300).contains(&c));
    if attempts == 0 || last_ok {
        return Progress::Waiting;
    }
    let next = delivery.next_attempt_at.as_deref().and_then(parse_time);
    match next {
        Some(at) if at > deadline => Progress::Done,
        _ => Progress::Retrying { attempts, next },
    }
}

/// Parse an RFC 3339 timestamp (`Z` or a numeric offset, optional fractions).
pub fn parse_time(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    if let Ok(t) = humantime::parse_rfc3339_weak(text.trim_end_matches(['Z', 'z']))
        && text.ends_with(['Z', 'z'])
    {
        return Some(t);
    }
    // A numeric offset: `…+02:00` or `…-0500`.
    let split = text.len().checked_sub(6)?;
    let (local, offset) = match text.get(split..)? {
        o if o.starts_with(['+', '-']) && o.as_bytes().get(3) == Some(&b':') => {
            (text.get(..split)?, o)
        }
        _ => {
            let split = text.len().checked_sub(5)?;
            let o = text.get(split..)?;
            if !o.starts_with(['+', '-']) {
                return None;
            }
            (text.get(..split)?, o)
        }
    };
    let digits: String = offset[1..].chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let hours: u64 = digits[..2].parse().ok()?;
    let minutes: u64 = digits[2..].parse().ok()?;
    let shift = Duration::from_secs(hours * 3600 + minutes * 60);
    let t = humantime::parse_rfc3339_weak(local).ok()?;
    if offset.starts_with('+') {
        t.checked_sub(shift)
    } else {
        t.checked_add(shift)
    }
}

/// When to poll: soon after the trigger (deliveries are usually quick), then every `interval`,
/// stretched when the API rate-limits us.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollSchedule {
    pub interval: Duration,
    polls: u32,
}

/// The longest gap between two polls, however often we were rate limited.
const MAX_INTERVAL: Duration = Duration::from_secs(60);

impl PollSchedule {
    /// A schedule polling every `interval`.
    pub fn new(interval: Duration) -> Self {
        PollSchedule { interval, polls: 0 }
    }

    /// The wait before the next poll: the first one after at most 5 s.
    pub fn next_wait(&mut self) -> Duration {
        self.polls += 1;
        if self.polls == 1 {
            self.interval.min(Duration::from_secs(5))
        } else {
            self.interval
        }
    }

    /// The API said 429 even after the client's retries: poll half as often.
    pub fn slow_down(&mut self) {
        self.interval = (self.interval * 2).min(MAX_INTERVAL.max(self.interval));
    }

    /// How many polls have been scheduled.
    pub fn polls(&self) -> u32 {
        self.polls
    }
}

/// How the wait ends for the delivery it followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Delivered.
    Succeeded,
    /// Failed for good: TRST will not try again.
    Failed,
    /// Not settled: its last attempt failed and TRST retries it, at `next` when the API says.
    Retrying { next: Option<SystemTime> },
    /// Not settled and no failed attempt yet (queued, or the first attempt in flight).
    StillPending,
}

/// Read how a delivery stands when the wait stops following it.
pub fn ending(delivery: &Delivery) -> Ending {
    match delivery.settled() {
        Some(DeliveryOutcome::Succeeded) => Ending::Succeeded,
        Some(_) => Ending::Failed,
        None if delivery.attempts.unwrap_or(0) > 0 => Ending::Retrying {
            next: delivery.next_attempt_at.as_deref().and_then(parse_time),
        },
        None => Ending::StillPending,
    }
}

/// The attempts not shown yet (numbered above `shown`), in attempt order, each with its number;
/// an attempt without a number counts by its place in the list.
pub fn unseen_attempts(attempts: &[Item<Attempt>], shown: u64) -> Vec<(u64, &Attempt)> {
    let mut unseen: Vec<(u64, &Attempt)> = attempts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.view.attempt.unwrap_or(i as u64 + 1), &a.view))
        .filter(|(number, _)| *number > shown)
        .collect();
    unseen.sort_by_key(|(number, _)| *number);
    unseen
}

#[cfg(test)]
#[path = "wait_tests.rs"]
mod tests;
