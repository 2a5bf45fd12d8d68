//! Duplicate detection by `event_id` (TRST delivers at least once): counts validly signed
//! deliveries per event ([`duplicate_key`], the rule `verify --log` uses too), from the log already on disk at start and from this run. The same counts
//! drive `--fail-first` (the first N deliveries of each event in this run get a 500).

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Mutex;

use crate::delivery_log::duplicate_key;

/// How often an event was seen before the delivery being handled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sighting {
    /// Earlier deliveries of this event, in the log before this run plus in this run.
    pub before: u32,
    /// Earlier deliveries of this event in this run only.
    pub before_in_run: u32,
}

impl Sighting {
    /// True when this event was delivered before (in this run or in the log).
    pub fn is_duplicate(&self) -> bool {
        self.before > 0
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    in_log: u32,
    in_run: u32,
}

/// The event ids seen so far; shared by all requests.
#[derive(Debug, Default)]
pub struct Dedup {
    seen: Mutex<HashMap<Box<str>, Counts>>,
}

/// What reading the existing log found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub deliveries: usize,
    pub event_ids: usize,
    pub unreadable_lines: usize,
}

#[derive(serde::Deserialize)]
struct SeenLine {
    #[serde(default)]
    event_id: Option<String>,
    #[serde(default)]
    signature: Option<SeenSignature>,
}

#[derive(serde::Deserialize)]
struct SeenSignature {
    #[serde(default)]
    valid: bool,
}

impl Dedup {
    /// Seed the counts from an existing delivery log: every validly signed line with an event id.
    pub fn load(log: impl BufRead) -> std::io::Result<(Dedup, LoadReport)> {
        let mut map: HashMap<Box<str>, Counts> = HashMap::new();
        let mut report = LoadReport::default();
        for line in log.split(b'\n') {
            let line = line?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<SeenLine>(&line) {
                Ok(seen) => {
                    report.deliveries += 1;
                    let valid = seen.signature.is_some_and(|s| s.valid);
                    if let Some(id) = duplicate_key(valid, seen.event_id.as_deref()) {
                        map.entry(id.into()).or_default().in_log += 1;
                    }
                }
                Err(_) => report.unreadable_lines += 1,
            }
        }
        report.event_ids = map.len();
        Ok((
            Dedup {
                seen: Mutex::new(map),
            },
            report,
        ))
    }

    /// Count one more delivery of `event_id` and say how often it was seen before.
    pub fn record(&self, event_id: &str) -> Sighting {
        let mut seen = match self.seen.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let counts = match seen.get_mut(event_id) {
            Some(counts) => counts,
            None => seen.entry(event_id.into()).or_default(),
        };
        let sighting = Sighting {
            before: counts.in_log.saturating_add(counts.in_run),
            before_in_run: counts.in_run,
        };
        counts.in_run = counts.in_run.saturating_add(1);
        sighting
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_log_then_the_run() {
        let log = concat!(
            r#"{"event_id":"a","signature":{"valid":true}}"#,
            "\n",
            r#"{"event_id":"a","signature":{"valid":true}}"#,
            "\n",
            r#"{"event_id":"forged","signature":{"valid":false}}"#,
            "\n\nnot json\n",
            r#"{"event_id":"b","signature":{"valid":true},"extra":[1]}"#,
        );
        let (dedup, report) = Dedup::load(log.as_bytes()).expect("reads");
        assert_eq!(
            report,
            LoadReport {
                deliveries: 4,
                event_ids: 2,
                unreadable_lines: 1
            }
        );
        assert_eq!(
            dedup.record("a"),
            Sighting {
                before: 2,
                before_in_run: 0
            }
        );
        assert_eq!(dedup.record("a").before_in_run, 1);
        assert!(!dedup.record("forged").is_duplicate());
        assert!(dedup.record("forged").is_duplicate());
        assert!(!dedup.record("new").is_duplicate());
    }
}
