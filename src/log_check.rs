//! Checking a whole delivery log: every line re-verified with the given secrets, duplicates found
//! by `event_id`, bad lines reported by number. Pure: takes the log's bytes, returns a report.

use std::collections::HashMap;

use crate::delivery_log::{DeliveryRecord, LogLineError};
use crate::signature::HEADER_NAME;
use crate::verdict::{self, Verdict};

/// What became of one log line.
#[derive(Debug, Clone, PartialEq)]
pub enum LineOutcome {
    Checked {
        event_id: Option<String>,
        event_type: Option<String>,
        verdict: Verdict,
        /// This `event_id` appeared on an earlier line.
        duplicate: bool,
    },
    Unreadable(LogLineError),
}

/// One line's result, with its 1-based line number.
#[derive(Debug, Clone, PartialEq)]
pub struct LineResult {
    pub line: usize,
    pub outcome: LineOutcome,
}

/// Totals over a log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub deliveries: usize,
    pub valid: usize,
    pub invalid: usize,
    /// Invalid deliveries by reason code.
    pub invalid_by_reason: Vec<(&'static str, usize)>,
    pub unreadable_lines: usize,
    /// `event_id`s seen on more than one line, with how many times, in first-seen order.
    pub duplicates: Vec<(String, usize)>,
}

impl Summary {
    /// True when every line was readable and verified.
    pub fn all_valid(&self) -> bool {
        self.invalid == 0 && self.unreadable_lines == 0
    }
}

/// Verify every line of a log. Blank lines are skipped.
pub fn check<S: AsRef<[u8]> + Sync>(log: &[u8], secrets: &[S]) -> (Vec<LineResult>, Summary) {
    let mut results = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for (index, raw_line) in log.split(|&b| b == b'\n').enumerate() {
        let raw_line = raw_line.strip_suffix(b"\r").unwrap_or(raw_line);
        if raw_line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let outcome = check_line(raw_line, secrets);
        let outcome = match outcome {
            LineOutcome::Checked {
                event_id,
                event_type,
                verdict,
                ..
            } => {
                let duplicate = match &event_id {
                    Some(id) => {
                        let count = seen.entry(id.clone()).or_insert(0);
                        *count += 1;
                        if *count == 2 {
                            order.push(id.clone());
                        }
                        *count > 1
                    }
                    None => false,
                };
                LineOutcome::Checked {
                    event_id,
                    event_type,
                    verdict,
                    duplicate,
                }
            }
            other => other,
        };
        results.push(LineResult {
            line: index + 1,
            outcome,
        });
    }
    let summary = summarize(&results, &seen, order);
    (results, summary)
}

fn check_line<S: AsRef<[u8]>>(raw_line: &[u8], secrets: &[S]) -> LineOutcome {
    let text = match std::str::from_utf8(raw_line) {
        Ok(text) => text,
        Err(_) => {
            return LineOutcome::Unreadable(LogLineError::NotARecord("line is not UTF-8".into()));
        }
    };
    let record = match DeliveryRecord::parse_line(text) {
        Ok(record) => record,
        Err(e) => return LineOutcome::Unreadable(e),
    };
    let body = match record.raw_body() {
        Ok(body) => body,
        Err(e) => return LineOutcome::Unreadable(e),
    };
    let verdict = verdict::judge(&body, &record.header_values(HEADER_NAME), secrets);
    LineOutcome::Checked {
        event_id: record.event_id,
        event_type: record.event_type,
        verdict,
        duplicate: false,
    }
}

fn summarize(results: &[LineResult], seen: &HashMap<String, usize>, order: Vec<String>) -> Summary {
    let mut summary = Summary::default();
    let mut reasons: Vec<(&'static str, usize)> = Vec::new();
    for result in results {
        match &result.outcome {
            LineOutcome::Checked { verdict, .. } => {
                summary.deliveries += 1;
                match &verdict.outcome {
                    Ok(_) => summary.valid += 1,
                    Err(e) => {
                        summary.invalid += 1;
                        match reasons.iter_mut().find(|(code, _)| *code == e.code()) {
                            Some((_, n)) => *n += 1,
                            None => reasons.push((e.code(), 1)),
                        }
                    }
                }
            }
            LineOutcome::Unreadable(_) => summary.unreadable_lines += 1,
        }
    }
    summary.invalid_by_reason = reasons;
    summary.duplicates = order
        .into_iter()
        .map(|id| {
            let count = seen.get(&id).copied().unwrap_or(0);
            (id, count)
        })
        .collect();
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery_log::{
        DeliveryRecord, FORMAT_VERSION, ResponseRecord, SignatureOutcome, encode_body,
    };
    use crate::signature::sign;

    fn line(body: &[u8], signature: Option<String>, event_id: &str) -> String {
        let (text, encoding) = encode_body(body);
        DeliveryRecord {
            v: FORMAT_VERSION,
            received_at: "t".into(),
            method: "POST".into(),
            path: "/".into(),
            remote_addr: None,
            headers: signature
                .into_iter()
                .map(|s| ("x-webhook-signature".to_string(), s))
                .collect(),
            body: text,
            body_encoding: encoding,
            body_bytes: body.len(),
            event_id: Some(event_id.into()),
            event_type: None,
            signature: SignatureOutcome::default(),
            duplicate: false,
            response: ResponseRecord::default(),
        }
        .to_line()
    }

    #[test]
    fn counts_valid_invalid_unreadable_and_duplicates() {
        let body = b"{\"x\":1}";
        let log = [
            line(body, Some(sign("whsec_k", body)), "a"),
            line(body, Some(sign("whsec_k", body)), "a"),
            line(body, Some(sign("whsec_other", body)), "b"),
            line(body, None, "c"),
            "this is not json".to_string(),
            String::new(),
        ]
        .join("\n");
        let (results, summary) = check(log.as_bytes(), &["whsec_k"]);
        assert_eq!(results.len(), 5);
        assert_eq!(summary.deliveries, 4);
        assert_eq!(summary.valid, 2);
        assert_eq!(summary.invalid, 2);
        assert_eq!(
            summary.invalid_by_reason,
            vec![("mismatch", 1), ("missing", 1)]
        );
        assert_eq!(summary.unreadable_lines, 1);
        assert_eq!(summary.duplicates, vec![("a".to_string(), 2)]);
        assert_eq!(results[4].line, 5);
        assert!(!summary.all_valid());
    }
}
