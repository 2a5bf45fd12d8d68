//! Checking a whole delivery log: every line re-verified with the given secrets, duplicates found
//! by `event_id`, bad lines reported by number. Pure: takes the log's bytes (whole or in
//! chunks), returns a report; the caller does the reading.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::delivery_log::{DeliveryView, LogLineError};
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

/// Verify a whole log held in memory; see [`LogChecker`] for logs read in chunks.
pub fn check<S: AsRef<[u8]> + Sync>(log: &[u8], secrets: &[S]) -> (Vec<LineResult>, Summary) {
    let mut checker = LogChecker::new(secrets);
    checker.feed(log);
    checker.finish()
}

/// Verifies a log fed in chunks of any size (lines may straddle chunks), so a large log is read
/// with a small reused buffer. Lines of a chunk are checked on all cores; duplicates and totals
/// are counted in line order. Blank lines are skipped.
pub struct LogChecker<'s, S> {
    secrets: &'s [S],
    carry: Vec<u8>,
    line_number: usize,
    results: Vec<LineResult>,
    seen: HashMap<String, usize>,
    duplicate_order: Vec<String>,
}

impl<'s, S: AsRef<[u8]> + Sync> LogChecker<'s, S> {
    /// A checker that verifies with any of `secrets`.
    pub fn new(secrets: &'s [S]) -> Self {
        LogChecker {
            secrets,
            carry: Vec::new(),
            line_number: 0,
            results: Vec::new(),
            seen: HashMap::new(),
            duplicate_order: Vec::new(),
        }
    }

    /// Check every line completed by this chunk; keep a trailing partial line for later.
    pub fn feed(&mut self, chunk: &[u8]) {
        let Some(last_newline) = memchr::memrchr(b'\n', chunk) else {
            self.carry.extend_from_slice(chunk);
            return;
        };
        let (complete, rest) = chunk.split_at(last_newline + 1);
        let mut lines = Vec::new();
        let body = if self.carry.is_empty() {
            complete
        } else {
            let first_end = memchr::memchr(b'\n', complete).unwrap_or(complete.len());
            let mut first = std::mem::take(&mut self.carry);
            first.extend_from_slice(&complete[..first_end]);
            self.check_one(&first);
            &complete[(first_end + 1).min(complete.len())..]
        };
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', body) {
            self.line_number += 1;
            lines.push((self.line_number, trim_line(&body[start..end])));
            start = end + 1;
        }
        lines.retain(|(_, line)| !is_blank(line));
        let outcomes = check_parallel(&lines, self.secrets);
        self.record(lines, outcomes);
        self.carry.extend_from_slice(rest);
    }

    /// Check the last line (if it had no newline) and total everything up.
    pub fn finish(mut self) -> (Vec<LineResult>, Summary) {
        let last = std::mem::take(&mut self.carry);
        if !last.is_empty() {
            self.check_one(&last);
        }
        let summary = summarize(&self.results, &self.seen, self.duplicate_order);
        (self.results, summary)
    }

    /// Check a single line assembled across chunks.
    fn check_one(&mut self, line: &[u8]) {
        self.line_number += 1;
        let line = trim_line(line);
        if !is_blank(line) {
            let outcome = check_line(line, self.secrets);
            self.record(vec![(self.line_number, line)], vec![outcome]);
        }
    }

    fn record(&mut self, lines: Vec<(usize, &[u8])>, outcomes: Vec<LineOutcome>) {
        for ((line, _), outcome) in lines.into_iter().zip(outcomes) {
            let outcome = match outcome {
                LineOutcome::Checked {
                    event_id,
                    event_type,
                    verdict,
                    ..
                } => {
                    let duplicate = event_id.as_ref().is_some_and(|id| self.count(id));
                    LineOutcome::Checked {
                        event_id,
                        event_type,
                        verdict,
                        duplicate,
                    }
                }
                other => other,
            };
            self.results.push(LineResult { line, outcome });
        }
    }

    /// Count an `event_id`; true when it was seen before.
    fn count(&mut self, id: &str) -> bool {
        match self.seen.get_mut(id) {
            Some(count) => {
                *count += 1;
                if *count == 2 {
                    self.duplicate_order.push(id.to_owned());
                }
                true
            }
            None => {
                self.seen.insert(id.to_owned(), 1);
                false
            }
        }
    }
}

fn trim_line(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

fn check_parallel<S: AsRef<[u8]> + Sync>(
    lines: &[(usize, &[u8])],
    secrets: &[S],
) -> Vec<LineOutcome> {
    const MIN_LINES_PER_THREAD: usize = 256;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(lines.len() / MIN_LINES_PER_THREAD).max(1);
    if threads == 1 {
        return lines
            .iter()
            .map(|(_, line)| check_line(line, secrets))
            .collect();
    }
    let chunk = lines.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = lines
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(_, line)| check_line(line, secrets))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(outcomes) => outcomes,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

fn check_line<S: AsRef<[u8]>>(raw_line: &[u8], secrets: &[S]) -> LineOutcome {
    let record = match DeliveryView::parse_line(raw_line) {
        Ok(record) => record,
        Err(e) => return LineOutcome::Unreadable(e),
    };
    let body = match record.raw_body() {
        Ok(body) => body,
        Err(e) => return LineOutcome::Unreadable(e),
    };
    let verdict = verdict::judge(&body, &record.header_values(HEADER_NAME), secrets);
    LineOutcome::Checked {
        event_id: record.event_id.map(Cow::into_owned),
        event_type: record.event_type.map(Cow::into_owned),
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

    #[test]
    fn chunking_never_changes_the_result() {
        let body = b"{\"x\":1}";
        let log = [
            line(body, Some(sign("whsec_k", body)), "a"),
            String::new(),
            line(body, Some(sign("whsec_other", body)), "a"),
            "garbage".to_string(),
            line(body, None, "c"),
        ]
        .join("\r\n");
        let whole = check(log.as_bytes(), &["whsec_k"]);
        for size in [1, 2, 7, 64, 1000] {
            let mut checker = LogChecker::new(&["whsec_k"]);
            for chunk in log.as_bytes().chunks(size) {
                checker.feed(chunk);
            }
            assert_eq!(checker.finish(), whole, "chunk size {size}");
        }
        assert_eq!(
            whole.0.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![1, 3, 4, 5]
        );
    }
}
