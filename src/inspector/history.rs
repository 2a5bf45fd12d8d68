//! What the delivery log already holds when `listen` starts: its last N lines, read backwards
//! from the end so a large log costs only what is kept.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::delivery_log::DeliveryRecord;

const BLOCK: u64 = 64 * 1024;

/// The last `n` delivery records of the log at `path` (as lines, oldest first). Lines that are
/// not delivery records are skipped; a missing log is an empty history.
pub fn load_history(path: &Path, n: usize) -> std::io::Result<Vec<Vec<u8>>> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut end = file.seek(SeekFrom::End(0))?;
    let mut tail: Vec<u8> = Vec::new();
    // Read blocks from the end until the tail's complete lines hold n that look like records.
    while end > 0
        && complete_lines(&tail)
            .filter(|l| l.starts_with(b"{"))
            .count()
            < n
    {
        let start = end.saturating_sub(BLOCK);
        let mut block = vec![0u8; usize::try_from(end - start).unwrap_or(0)];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut block)?;
        block.extend_from_slice(&tail);
        tail = block;
        end = start;
    }
    let whole = end == 0;
    let mut segments: Vec<&[u8]> = tail.split(|b| *b == b'\n').collect();
    if !whole && !segments.is_empty() {
        segments.remove(0); // the start of a line that began before the bytes read
    }
    let mut lines: Vec<Vec<u8>> = segments
        .into_iter()
        .rev()
        .filter(|line| is_record(line))
        .take(n)
        .map(<[u8]>::to_vec)
        .collect();
    lines.reverse();
    Ok(lines)
}

/// The lines of `tail` known to be whole: those after its first line break.
fn complete_lines(tail: &[u8]) -> impl Iterator<Item = &[u8]> {
    tail.split(|b| *b == b'\n').skip(1)
}

fn is_record(line: &[u8]) -> bool {
    std::str::from_utf8(line).is_ok_and(|text| DeliveryRecord::parse_line(text).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspector::store::tests::line as record_line;

    fn line(body: &str) -> String {
        String::from_utf8(record_line(body, vec![])).unwrap()
    }

    #[test]
    fn the_last_records_oldest_first_skipping_junk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        let big = "x".repeat(100_000);
        let text = format!(
            "{}\n{}\nnot json\n{}\n{}\n",
            line("a"),
            line(&big),
            line("c"),
            line("d")
        );
        std::fs::write(&path, text).unwrap();
        let got = load_history(&path, 3).unwrap();
        let bodies: Vec<String> = got
            .iter()
            .map(|l| {
                DeliveryRecord::parse_line(std::str::from_utf8(l).unwrap())
                    .unwrap()
                    .body
            })
            .collect();
        assert_eq!(bodies, vec![big, "c".to_string(), "d".to_string()]);
        assert_eq!(load_history(&path, 10).unwrap().len(), 4);
        assert!(
            load_history(&dir.path().join("none"), 5)
                .unwrap()
                .is_empty()
        );
    }
}
