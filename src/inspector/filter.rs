//! The filters shared by the list, the stream and the export: verdict, event type, answer
//! (an exact status or a class such as `4xx`) and free text over the path, ids, headers and body.

use serde::Deserialize;

use super::store::{Entry, Summary};
use crate::delivery_log::DeliveryRecord;

/// Query parameters that narrow a list of deliveries; absent or empty ones match everything.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Filter {
    /// `valid`, `invalid` or `unsigned`.
    #[serde(default)]
    pub verdict: Option<String>,
    /// An exact event type.
    #[serde(default, rename = "type")]
    pub event_type: Option<String>,
    /// `200`, `401`…, or a class: `2xx`, `4xx`, `5xx`.
    #[serde(default)]
    pub status: Option<String>,
    /// Case-insensitive text searched in the path, event id and type, headers and body.
    #[serde(default)]
    pub q: Option<String>,
    /// Only replays of this delivery.
    #[serde(default)]
    pub replay_of: Option<u64>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Filter {
    /// True when the delivery passes every filter given.
    pub fn matches(&self, entry: &Entry, run: &str) -> bool {
        let Some(summary) = entry.summary(run) else {
            return false;
        };
        if !self.matches_summary(summary) {
            return false;
        }
        match given(&self.q) {
            None => true,
            Some(needle) => entry
                .record()
                .is_some_and(|record| text_matches(&record, &needle.to_lowercase())),
        }
    }

    fn matches_summary(&self, s: &Summary) -> bool {
        if given(&self.verdict).is_some_and(|v| !v.eq_ignore_ascii_case(s.verdict.name())) {
            return false;
        }
        if given(&self.event_type).is_some_and(|t| s.event_type.as_deref() != Some(t)) {
            return false;
        }
        if let Some(status) = given(&self.status)
            && !status_matches(status, s.status)
        {
            return false;
        }
        if self.replay_of.is_some() && self.replay_of != s.replay_of {
            return false;
        }
        true
    }
}

/// `401` matches 401 only; `4xx` (any case) matches 400–499.
fn status_matches(wanted: &str, status: u16) -> bool {
    let lower = wanted.to_ascii_lowercase();
    match lower.strip_suffix("xx") {
        Some(class) => class.parse::<u16>().is_ok_and(|c| status / 100 == c),
        None => lower.parse::<u16>().is_ok_and(|s| s == status),
    }
}

/// Free-text search over what a person would search for (`needle` already lowercase).
fn text_matches(record: &DeliveryRecord, needle: &str) -> bool {
    let has = |text: &str| text.to_lowercase().contains(needle);
    if has(&record.path)
        || record.event_id.as_deref().is_some_and(has)
        || record.event_type.as_deref().is_some_and(has)
    {
        return true;
    }
    if record
        .headers
        .iter()
        .any(|(name, value)| has(name) || has(value))
    {
        return true;
    }
    match record.raw_body() {
        Ok(bytes) => has(&String::from_utf8_lossy(&bytes)),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_classes_and_exact_codes() {
        assert!(status_matches("4xx", 401));
        assert!(status_matches("4XX", 499));
        assert!(!status_matches("4xx", 500));
        assert!(status_matches("200", 200));
        assert!(!status_matches("200", 201));
        assert!(!status_matches("nonsense", 200));
    }
}
