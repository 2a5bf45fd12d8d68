//! Picking a delivery out of a `listen` log for `send --replay`: the last one, or the latest with
//! a given `event_id`. Pure: takes the log's text, returns the record and its exact body bytes.

use crate::delivery_log::{DeliveryRecord, LogLineError};

/// Which delivery to replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// The last delivery in the log.
    Last,
    /// The latest delivery with this `event_id`.
    EventId(String),
}

/// The chosen delivery.
#[derive(Debug, Clone)]
pub struct Found {
    pub record: DeliveryRecord,
    /// 1-based line number in the log.
    pub line: usize,
    /// The exact bytes received, to be sent again.
    pub body: Vec<u8>,
}

/// Why nothing can be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("the log holds no deliveries{}", skipped_note(*.skipped))]
    Empty { skipped: usize },
    #[error("no delivery with event_id {event_id} among {deliveries} in the log{}", skipped_note(*.skipped))]
    NoMatch {
        event_id: String,
        deliveries: usize,
        skipped: usize,
    },
    #[error("line {line}: {source}")]
    BadBody { line: usize, source: LogLineError },
}

fn skipped_note(skipped: usize) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!(" ({skipped} unreadable line(s) skipped)")
    }
}

/// Find the delivery to replay. Unreadable lines are skipped (and counted in the error).
pub fn pick(log: &str, which: &Pick) -> Result<Found, ReplayError> {
    let mut chosen: Option<(usize, DeliveryRecord)> = None;
    let mut deliveries = 0;
    let mut skipped = 0;
    for (index, line) in log.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Ok(record) = DeliveryRecord::parse_line(line) else {
            skipped += 1;
            continue;
        };
        deliveries += 1;
        let matches = match which {
            Pick::Last => true,
            Pick::EventId(id) => record.event_id.as_deref() == Some(id.as_str()),
        };
        if matches {
            chosen = Some((index + 1, record));
        }
    }
    let Some((line, record)) = chosen else {
        return Err(match which {
            Pick::Last => ReplayError::Empty { skipped },
            Pick::EventId(id) => ReplayError::NoMatch {
                event_id: id.clone(),
                deliveries,
                skipped,
            },
        });
    };
    let body = record
        .raw_body()
        .map_err(|source| ReplayError::BadBody { line, source })?;
    Ok(Found { record, line, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(event_id: &str, body: &[u8]) -> String {
        let mut record = crate::delivery_log::sample(body);
        record.headers.clear();
        record.event_id = Some(event_id.into());
        record.response = Default::default();
        record.to_line()
    }

    #[test]
    fn picks_last_and_by_id() {
        let log = [
            line("a", b"one"),
            "garbage".into(),
            line("b", b"two"),
            line("a", &[0xff, 1]),
        ]
        .join("\n");
        let last = pick(&log, &Pick::Last).unwrap();
        assert_eq!((last.line, last.body), (4, vec![0xff, 1]));
        let b = pick(&log, &Pick::EventId("b".into())).unwrap();
        assert_eq!(b.body, b"two");
        let err = pick(&log, &Pick::EventId("zzz".into())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no delivery with event_id zzz among 3 in the log (1 unreadable line(s) skipped)"
        );
        assert!(matches!(
            pick("", &Pick::Last),
            Err(ReplayError::Empty { skipped: 0 })
        ));
    }

    #[test]
    fn a_corrupt_body_is_reported_with_its_line() {
        let bad = line("a", b"abc").replace("\"body_bytes\":3", "\"body_bytes\":9");
        let err = pick(&bad, &Pick::Last).unwrap_err();
        assert!(
            err.to_string().starts_with("line 1: body is 3 bytes"),
            "{err}"
        );
    }
}
