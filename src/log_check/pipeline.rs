//! The plumbing behind [`super::check_reader`]: a reader thread cuts the input into batches of
//! whole lines, one worker per core parses and verifies them, and the caller's thread receives
//! the results and hands them to the tally in batch order.

use std::collections::HashMap;
use std::io::{self, Read};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};

use super::{LineOutcome, LineResult, Summary, Tally, check_line};

/// Whole lines handed from the reader to a worker; `index` restores their order.
struct Batch {
    index: usize,
    bytes: Vec<u8>,
}

/// A worker's results for one batch: outcomes by line within the batch (1-based), and how many
/// lines the batch held, blank ones included.
pub(super) struct Checked {
    index: usize,
    pub(super) lines: usize,
    pub(super) outcomes: Vec<(usize, LineOutcome)>,
}

pub(super) fn check_batched<R, S>(
    reader: R,
    secrets: &[S],
    batch_bytes: usize,
) -> io::Result<(Vec<LineResult>, Summary)>
where
    R: Read + Send,
    S: AsRef<[u8]> + Sync,
{
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (work_tx, work_rx) = sync_channel::<Batch>(workers * 2);
    // Only the workers hold the receiving end: should they all stop, the reader stops too.
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = channel::<Checked>();
    let (spare_tx, spare_rx) = channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let reading = scope.spawn(move || read_batches(reader, batch_bytes, &work_tx, &spare_rx));
        for _ in 0..workers {
            let (jobs, done, spare) = (Arc::clone(&work_rx), done_tx.clone(), spare_tx.clone());
            scope.spawn(move || work(&jobs, secrets, &done, &spare));
        }
        drop((work_rx, done_tx, spare_tx));
        let mut tally = Tally::default();
        let mut waiting: HashMap<usize, Checked> = HashMap::new();
        for checked in done_rx {
            waiting.insert(checked.index, checked);
            while let Some(next) = waiting.remove(&tally.batches) {
                tally.add(next);
            }
        }
        match reading.join() {
            Ok(read) => read.map(|()| tally.finish()),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Read `batch_bytes` at a time, cut after the last newline, and send the whole lines; the cut
/// part starts the next batch. A line longer than a batch is read on until it ends.
fn read_batches<R: Read>(
    mut reader: R,
    batch_bytes: usize,
    work: &SyncSender<Batch>,
    spare: &Receiver<Vec<u8>>,
) -> io::Result<()> {
    let mut carry = Vec::new();
    let mut index = 0;
    let mut send = |bytes: Vec<u8>| {
        let sent = work.send(Batch { index, bytes }).is_ok();
        index += 1;
        sent
    };
    loop {
        let mut buf = spare.try_recv().unwrap_or_default();
        buf.clear();
        buf.append(&mut carry);
        let (cut, ended) = loop {
            let ended = fill(&mut reader, &mut buf, batch_bytes)?;
            if let Some(newline) = memchr::memrchr(b'\n', &buf) {
                break (newline + 1, ended);
            }
            if ended {
                break (buf.len(), ended);
            }
        };
        carry.extend_from_slice(&buf[cut..]);
        buf.truncate(cut);
        // A send fails only when every worker has stopped: nothing more to do.
        if !buf.is_empty() && !send(buf) {
            return Ok(());
        }
        if ended {
            if !carry.is_empty() {
                send(carry);
            }
            return Ok(());
        }
    }
}

/// Append up to `more` bytes to `buf`; true when the reader has ended.
fn fill<R: Read>(reader: &mut R, buf: &mut Vec<u8>, more: usize) -> io::Result<bool> {
    buf.reserve(more);
    let got = reader.by_ref().take(more as u64).read_to_end(buf)?;
    Ok(got < more)
}

fn work<S: AsRef<[u8]>>(
    jobs: &Mutex<Receiver<Batch>>,
    secrets: &[S],
    done: &Sender<Checked>,
    spare: &Sender<Vec<u8>>,
) {
    loop {
        let next = match jobs.lock() {
            Ok(receiver) => receiver.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(batch) = next else { return };
        let checked = check_batch(&batch, secrets);
        // The reader may have finished already; then the buffer is simply freed.
        let _ = spare.send(batch.bytes);
        if done.send(checked).is_err() {
            return;
        }
    }
}

fn check_batch<S: AsRef<[u8]>>(batch: &Batch, secrets: &[S]) -> Checked {
    let bytes = batch.bytes.as_slice();
    let mut outcomes = Vec::new();
    let mut scratch = Vec::new();
    let mut lines = 0;
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(
        // The log's last line may lack its newline.
        (bytes.last() != Some(&b'\n') && !bytes.is_empty()).then_some(bytes.len()),
    );
    for end in ends {
        lines += 1;
        let line = trim_line(&bytes[start..end]);
        start = end + 1;
        if !is_blank(line) {
            outcomes.push((lines, check_line(line, secrets, &mut scratch)));
        }
    }
    Checked {
        index: batch.index,
        lines,
        outcomes,
    }
}

fn trim_line(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}
