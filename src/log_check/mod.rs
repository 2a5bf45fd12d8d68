//! Checking a whole delivery log: every line re-verified with the given secrets, duplicates found
//! by `event_id` among verified deliveries only (the rule `listen` uses:
//! [`crate::delivery_log::duplicate_key`]), bad lines reported by number. The log comes from any reader (a file, stdin, a
//! byte slice in tests); nothing else here touches the outside world.
//!
//! A log can hold millions of deliveries, so the work is pipelined: one thread reads batches of
//! whole lines, one worker per core parses and verifies them, and the calling thread puts the
//! results back in line order, counting duplicates as it goes. Memory stays bounded by the few
//! batches in flight plus the per-line results.

mod pipeline;
mod recorded_secret;

pub use recorded_secret::log_records_secret;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Read};

use rustc_hash::FxBuildHasher;

use crate::delivery_log::{DeliveryView, LogLineError, duplicate_key};
use crate::signature::HEADER_NAME;
use crate::verdict::{self, Verdict};

/// Bytes read per batch: large enough that hand-offs cost nothing measurable, small enough that
/// the batches in flight stay a few MiB.
const BATCH_BYTES: usize = 1 << 20;

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

/// Verify a whole log held in memory.
pub fn check<S: AsRef<[u8]> + Sync>(log: &[u8], secrets: &[S]) -> (Vec<LineResult>, Summary) {
    // Reading from a slice cannot fail, so there is never an error to drop here.
    pipeline::check_batched(log, secrets, BATCH_BYTES).unwrap_or_default()
}

/// Verify a log read from `reader` (a file, stdin) in bounded memory, on every core. Blank lines
/// are skipped but keep their numbers. Fails only when reading fails.
pub fn check_reader<R, S>(reader: R, secrets: &[S]) -> io::Result<(Vec<LineResult>, Summary)>
where
    R: Read + Send,
    S: AsRef<[u8]> + Sync,
{
    pipeline::check_batched(reader, secrets, BATCH_BYTES)
}

/// The results put back in line order, with duplicates counted as they come.
#[derive(Default)]
struct Tally {
    batches: usize,
    lines_before: usize,
    results: Vec<LineResult>,
    seen: HashMap<String, usize, FxBuildHasher>,
    duplicate_order: Vec<String>,
}

impl Tally {
    fn add(&mut self, checked: pipeline::Checked) {
        self.results.reserve(checked.outcomes.len());
        for (line, mut outcome) in checked.outcomes {
            if let LineOutcome::Checked {
                event_id,
                verdict,
                duplicate,
                ..
            } = &mut outcome
                && let Some(id) = duplicate_key(verdict.is_valid(), event_id.as_deref())
            {
                *duplicate = self.count(id);
            }
            let line = self.lines_before + line;
            self.results.push(LineResult { line, outcome });
        }
        self.lines_before += checked.lines;
        self.batches += 1;
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

    fn finish(self) -> (Vec<LineResult>, Summary) {
        let summary = summarize(&self.results, &self.seen, self.duplicate_order);
        (self.results, summary)
    }
}

/// Check one line; `scratch` holds its decoded body (one buffer reused for a whole batch).
fn check_line<S: AsRef<[u8]>>(
    raw_line: &[u8],
    secrets: &[S],
    scratch: &mut Vec<u8>,
) -> LineOutcome {
    let (record, body) = match DeliveryView::parse_with_body(raw_line, scratch) {
        Ok(parsed) => parsed,
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

fn summarize(
    results: &[LineResult],
    seen: &HashMap<String, usize, FxBuildHasher>,
    order: Vec<String>,
) -> Summary {
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
    use pipeline::check_batched;

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
            exec_skipped: None,
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
    fn only_verified_deliveries_count_as_duplicates() {
        let body = b"{\"x\":1}";
        let log = [
            line(body, None, "forged"),
            line(body, None, "forged"),
            line(body, Some(sign("whsec_other", body)), "forged"),
            line(body, Some(sign("whsec_k", body)), "real"),
            line(body, None, "real"),
            line(body, Some(sign("whsec_k", body)), ""),
            line(body, Some(sign("whsec_k", body)), ""),
        ]
        .join("\n");
        let (results, summary) = check(log.as_bytes(), &["whsec_k"]);
        assert_eq!(summary.duplicates, vec![]);
        for result in &results {
            assert!(
                matches!(
                    result.outcome,
                    LineOutcome::Checked {
                        duplicate: false,
                        ..
                    }
                ),
                "{result:?}"
            );
        }
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
        for batch in [1, 2, 7, 64, 1000] {
            for read in [1, 3, 4096] {
                let reader = Trickle(log.as_bytes(), read);
                let got = check_batched(reader, &["whsec_k"], batch).unwrap();
                assert_eq!(got, whole, "batches of {batch} bytes, reads of {read}");
            }
        }
        assert_eq!(
            whole.0.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![1, 3, 4, 5]
        );
    }

    /// A reader that hands out at most `.1` bytes per read, like a pipe.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn duplicates_and_line_numbers_hold_across_many_batches() {
        let body = b"{\"x\":1}";
        let signed = Some(sign("whsec_k", body));
        let mut lines: Vec<String> = (0..500)
            .map(|i| line(body, signed.clone(), &format!("e{}", i % 200)))
            .collect();
        lines.insert(250, "   ".into());
        let log = lines.join("\n");
        let (results, summary) = check_batched(log.as_bytes(), &["whsec_k"], 300).unwrap();
        assert_eq!(results.len(), 500);
        assert_eq!(results.last().map(|r| r.line), Some(501));
        assert_eq!(summary.valid, 500);
        assert_eq!(summary.duplicates.len(), 200);
        assert_eq!(summary.duplicates[0], ("e0".to_string(), 3));
        assert_eq!(summary.duplicates[199], ("e199".to_string(), 2));
        let flagged = results
            .iter()
            .filter(|r| {
                matches!(
                    r.outcome,
                    LineOutcome::Checked {
                        duplicate: true,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(flagged, 300);
        assert!(matches!(
            results[199].outcome,
            LineOutcome::Checked {
                duplicate: false,
                ..
            }
        ));
        assert!(matches!(
            results[200].outcome,
            LineOutcome::Checked {
                duplicate: true,
                ..
            }
        ));
    }

    #[test]
    fn a_line_longer_than_a_batch_is_read_whole() {
        let body = "{\"pad\":\"".to_string() + &"y".repeat(10_000) + "\"}";
        let body = body.as_bytes();
        let log = line(body, Some(sign("whsec_k", body)), "long") + "\n";
        let (results, summary) = check_batched(log.as_bytes(), &["whsec_k"], 64).unwrap();
        assert_eq!(results.len(), 1);
        assert_eq!(summary.valid, 1);
    }

    #[test]
    fn a_read_error_is_returned_not_hidden() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let error = check_reader(Failing, &["whsec_k"]).unwrap_err();
        assert_eq!(error.to_string(), "disk on fire");
    }
}
