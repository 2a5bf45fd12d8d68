//! Appending deliveries to the log so that none is ever acknowledged without being written.
//!
//! Group commit: a delivery queues its line and waits; whichever delivery finds no write in
//! progress becomes the writer and appends everything queued so far with one `write` call, then
//! wakes the waiters; lines queued meanwhile go out in the next write. Each line is complete in
//! the buffer, so a file never holds half a line unless the process dies inside a `write`, and
//! [`open`] repairs exactly that case at the next start (the fragment was never acknowledged).
//! The file is locked so two listeners cannot interleave their lines. The log holds every body
//! and header, so it and its `.torn` side file are created 0600 (see [`crate::private_file`]).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

use crate::private_file;

/// Why the log could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the log {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("the log {0} is in use by another trst-hooks listen")]
    InUse(PathBuf),
}

/// A torn last line found at start (left by a crash inside a write) and where it was moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub bytes: u64,
    pub moved_to: PathBuf,
}

/// The open log, shared by every request.
#[derive(Clone)]
pub struct LogWriter {
    shared: Arc<Shared>,
}

struct Shared {
    file: File,
    fsync: bool,
    wider_mode: Option<u32>,
    queue: Mutex<Queue>,
}

type Waiter = oneshot::Sender<Result<(), String>>;

#[derive(Default)]
struct Queue {
    lines: Vec<u8>,
    waiters: Vec<Waiter>,
    spare: Vec<u8>,
    writing: bool,
    /// File length after the last complete write, to cut back a failed partial one.
    committed_len: u64,
    /// Set when a failed write could not be undone: appending more would corrupt the log.
    broken: Option<String>,
}

/// Open (creating parent directories), lock, and repair a torn last line if there is one.
pub fn open(path: &Path, fsync: bool) -> Result<(LogWriter, Option<Repair>), OpenError> {
    let io = |e: std::io::Error| OpenError::Io {
        path: path.to_owned(),
        reason: crate::net::io_reason(&e),
    };
    private_file::create_parent(path).map_err(io)?;
    let mut file = private_file::open(
        path,
        OpenOptions::new().read(true).append(true).create(true),
    )
    .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Err(OpenError::InUse(path.to_owned())),
        Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    let repair = repair_torn_tail(&mut file, path).map_err(io)?;
    let committed_len = file.metadata().map_err(io)?.len();
    let wider_mode = private_file::wider_mode(&file).map_err(io)?;
    let queue = Queue {
        committed_len,
        ..Queue::default()
    };
    let shared = Shared {
        file,
        fsync,
        wider_mode,
        queue: Mutex::new(queue),
    };
    Ok((
        LogWriter {
            shared: Arc::new(shared),
        },
        repair,
    ))
}

/// When the file does not end with a newline, move the unfinished last line to `<log>.torn`
/// and cut it from the log, so the next line starts on a line of its own.
fn repair_torn_tail(file: &mut File, path: &Path) -> std::io::Result<Option<Repair>> {
    let len = file.metadata()?.len();
    if len == 0 || last_byte(file, len)? == b'\n' {
        return Ok(None);
    }
    let start = last_newline_end(file, len)?;
    let mut fragment = Vec::new();
    file.seek(SeekFrom::Start(start))?;
    file.take(len - start).read_to_end(&mut fragment)?;
    let mut side_name = path.as_os_str().to_owned();
    side_name.push(".torn");
    let moved_to = PathBuf::from(side_name);
    let mut side = private_file::open(&moved_to, OpenOptions::new().append(true).create(true))?;
    fragment.push(b'\n');
    side.write_all(&fragment)?;
    side.sync_all()?;
    file.set_len(start)?;
    file.sync_all()?;
    Ok(Some(Repair {
        bytes: len - start,
        moved_to,
    }))
}

fn last_byte(file: &mut File, len: u64) -> std::io::Result<u8> {
    let mut byte = [0u8];
    file.seek(SeekFrom::Start(len - 1))?;
    file.read_exact(&mut byte)?;
    Ok(byte[0])
}

/// The offset just after the last `\n` in the file (0 when there is none).
fn last_newline_end(file: &mut File, len: u64) -> std::io::Result<u64> {
    let mut end = len;
    let mut chunk = vec![0u8; 64 * 1024];
    while end > 0 {
        let start = end.saturating_sub(chunk.len() as u64);
        let size = (end - start) as usize;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut chunk[..size])?;
        if let Some(i) = chunk[..size].iter().rposition(|&b| b == b'\n') {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

impl LogWriter {
    /// The log's permission bits when an existing log lets others read it (e.g. 0o644, from
    /// before logs were created private); `None` when it is private.
    pub fn wider_mode(&self) -> Option<u32> {
        self.shared.wider_mode
    }

    /// Append one line (without its newline) and return once it is written (and, with fsync,
    /// on disk). Safe to cancel: a queued line is written whether or not anyone still waits.
    pub async fn append(&self, line: &[u8]) -> Result<(), String> {
        let (tx, rx) = oneshot::channel();
        let lead = {
            let mut queue = self.shared.lock();
            if let Some(reason) = &queue.broken {
                return Err(reason.clone());
            }
            queue.lines.extend_from_slice(line);
            queue.lines.push(b'\n');
            queue.waiters.push(tx);
            !std::mem::replace(&mut queue.writing, true)
        };
        if lead {
            if self.shared.fsync {
                // fsync takes milliseconds: keep it off the async workers.
                let shared = Arc::clone(&self.shared);
                tokio::task::spawn_blocking(move || shared.drain());
            } else {
                // Let the other ready requests queue their lines first, so one write carries
                // many. Should this future be dropped meanwhile, the guard still drains.
                let guard = DrainOnDrop(&self.shared);
                tokio::task::yield_now().await;
                drop(guard);
            }
        }
        rx.await
            .unwrap_or_else(|_| Err("the log writer stopped".to_owned()))
    }
}

/// Drains the queue when dropped, whether the leader finished its wait or was cancelled.
struct DrainOnDrop<'a>(&'a Shared);

impl Drop for DrainOnDrop<'_> {
    fn drop(&mut self) {
        self.0.drain();
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        match self.queue.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Write batches until the queue is empty. Only one thread drains at a time (`writing`).
    fn drain(&self) {
        loop {
            let (mut batch, waiters, committed_len) = {
                let mut queue = self.lock();
                if queue.lines.is_empty() {
                    queue.writing = false;
                    return;
                }
                let spare = std::mem::take(&mut queue.spare);
                let batch = std::mem::replace(&mut queue.lines, spare);
                (
                    batch,
                    std::mem::take(&mut queue.waiters),
                    queue.committed_len,
                )
            };
            let result = self.write_batch(&batch, committed_len);
            {
                let mut queue = self.lock();
                match &result {
                    Ok(()) => queue.committed_len = committed_len + batch.len() as u64,
                    Err(WriteFailure::Undone(_)) => {}
                    Err(WriteFailure::Corrupt(reason)) => queue.broken = Some(reason.clone()),
                }
                batch.clear();
                if queue.spare.capacity() < batch.capacity() {
                    queue.spare = batch;
                }
            }
            let outcome = result.map_err(|f| f.reason());
            for waiter in waiters {
                let _ = waiter.send(outcome.clone());
            }
        }
    }

    fn write_batch(&self, batch: &[u8], committed_len: u64) -> Result<(), WriteFailure> {
        let written = (&self.file).write_all(batch).and_then(|()| {
            if self.fsync {
                self.file.sync_data()
            } else {
                Ok(())
            }
        });
        let Err(e) = written else {
            return Ok(());
        };
        let reason = format!("cannot write the log: {}", crate::net::io_reason(&e));
        // Cut back whatever part of the batch reached the file, so no torn line stays behind.
        match self.file.set_len(committed_len) {
            Ok(()) => Err(WriteFailure::Undone(reason)),
            Err(cut) => Err(WriteFailure::Corrupt(format!(
                "{reason}; and cannot cut back the partial write: {}",
                crate::net::io_reason(&cut)
            ))),
        }
    }
}

enum WriteFailure {
    Undone(String),
    Corrupt(String),
}

impl WriteFailure {
    fn reason(self) -> String {
        match self {
            WriteFailure::Undone(r) | WriteFailure::Corrupt(r) => r,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn appends_whole_lines_and_locks() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub/dir/log.jsonl");
        let (log, repair) = open(&path, false).expect("opens");
        assert_eq!(repair, None);
        log.append(b"{\"a\":1}").await.expect("writes");
        log.append(b"{\"b\":2}").await.expect("writes");
        assert_eq!(
            std::fs::read_to_string(&path).expect("reads"),
            "{\"a\":1}\n{\"b\":2}\n"
        );
        assert!(matches!(open(&path, false), Err(OpenError::InUse(_))));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_appends_each_land_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("log.jsonl");
        let (log, _) = open(&path, true).expect("opens");
        let tasks: Vec<_> = (0..200)
            .map(|i| {
                let log = log.clone();
                tokio::spawn(async move { log.append(format!("line {i}").as_bytes()).await })
            })
            .collect();
        for task in tasks {
            task.await.expect("joins").expect("writes");
        }
        let text = std::fs::read_to_string(&path).expect("reads");
        let mut lines: Vec<&str> = text.lines().collect();
        lines.sort_unstable();
        lines.dedup();
        assert_eq!(lines.len(), 200);
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn a_torn_last_line_is_moved_aside() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("log.jsonl");
        std::fs::write(&path, "{\"whole\":1}\n{\"torn\":").expect("writes");
        let (_log, repair) = open(&path, false).expect("opens");
        let repair = repair.expect("repaired");
        assert_eq!(repair.bytes, 8);
        assert_eq!(
            std::fs::read_to_string(&path).expect("reads"),
            "{\"whole\":1}\n"
        );
        assert_eq!(
            std::fs::read_to_string(&repair.moved_to).expect("reads"),
            "{\"torn\":\n"
        );
        let only_torn = dir.path().join("only.jsonl");
        std::fs::write(&only_torn, "abc").expect("writes");
        let (_log, repair) = open(&only_torn, false).expect("opens");
        assert_eq!(repair.map(|r| r.bytes), Some(3));
        assert_eq!(std::fs::read(&only_torn).expect("reads"), b"");
    }

    #[cfg(unix)]
    #[test]
    fn the_log_and_its_side_file_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("new/log.jsonl");
        let (log, _) = open(&path, false).expect("opens");
        assert_eq!(log.wider_mode(), None);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("new")), 0o700);
        drop(log);
        std::fs::write(&path, "torn").expect("writes");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let (log, repair) = open(&path, false).expect("opens");
        assert_eq!(log.wider_mode(), Some(0o644));
        assert_eq!(mode(&repair.expect("repaired").moved_to), 0o600);
    }
}
