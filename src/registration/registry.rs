//! The data directory's record of the temporary webhooks `listen --register` created: one small
//! JSON file per webhook (mode 0600), held under an exclusive file lock for as long as its
//! listener runs. A record whose lock can be taken belongs to a listener that is gone (Ctrl-C
//! deletes the record; a crash or `kill -9` leaves it): its webhook is a leftover to delete. A
//! locked record belongs to a running listener, which `webhooks test` with no id can address.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::private_file;

/// One temporary webhook as recorded when it was created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub webhook_id: String,
    pub url: String,
    /// The API base URL it was created through; records of other APIs are left alone.
    pub api_base: String,
    pub project: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// The listener's process id, for the person reading the file.
    pub pid: u32,
}

impl Record {
    /// True when the record was made through this API for this project.
    pub fn belongs_to(&self, api_base: &str, project: &str) -> bool {
        self.api_base == api_base && self.project == project
    }
}

/// The records in one directory.
#[derive(Debug, Clone)]
pub struct Registry {
    dir: PathBuf,
}

/// What a scan found for one API and project.
#[derive(Debug, Default)]
pub struct Scan {
    /// Records whose listener is gone: their webhooks are leftovers.
    pub left_over: Vec<Record>,
    /// Records held by a running listener.
    pub running: Vec<Record>,
}

/// A record held (locked) by this process; [`Held::release`] deletes it.
#[derive(Debug)]
pub struct Held {
    path: PathBuf,
    _file: File,
}

impl Held {
    /// Forget the record (its webhook was deleted, or kept on purpose with `--keep`).
    pub fn release(self) -> io::Result<()> {
        std::fs::remove_file(&self.path)
    }
}

impl Registry {
    /// The records in `dir` (created on first use, mode 0700).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Registry { dir: dir.into() }
    }

    /// `<data dir>/temporary-webhooks`.
    pub fn in_data_dir() -> Option<Self> {
        crate::paths::data_dir().map(|d| Registry::new(d.join("temporary-webhooks")))
    }

    /// Where the records live.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, webhook_id: &str) -> PathBuf {
        // Ids come from the API: hex keeps any of them a plain file name in this directory.
        self.dir.join(format!("{}.json", hex::encode(webhook_id)))
    }

    /// Write `record` and lock it for the life of the returned [`Held`]. The lock is taken before
    /// the contents are written, so a concurrent scan never takes a half-written record for a
    /// leftover.
    pub fn hold(&self, record: &Record) -> io::Result<Held> {
        private_file::create_dir(&self.dir)?;
        let path = self.path_of(&record.webhook_id);
        let mut file = private_file::open(
            &path,
            OpenOptions::new().write(true).create(true).truncate(false),
        )?;
        file.lock()?;
        file.set_len(0)?;
        let text = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
        file.write_all(&text)?;
        file.sync_all()?;
        Ok(Held { path, _file: file })
    }

    /// The records of `api_base` and `project`, split into leftovers and running listeners.
    /// Unreadable or half-written files are skipped; a missing directory is an empty scan.
    pub fn scan(&self, api_base: &str, project: &str) -> io::Result<Scan> {
        let mut scan = Scan::default();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(scan),
            Err(e) => return Err(e),
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let Ok(mut file) = File::open(&path) else {
                continue;
            };
            let running = match file.try_lock_shared() {
                Ok(()) => false,
                Err(std::fs::TryLockError::WouldBlock) => true,
                Err(std::fs::TryLockError::Error(_)) => continue,
            };
            let mut text = String::new();
            if file.read_to_string(&mut text).is_err() {
                continue;
            }
            let Ok(record) = serde_json::from_str::<Record>(&text) else {
                continue;
            };
            if !record.belongs_to(api_base, project) {
                continue;
            }
            if running {
                scan.running.push(record);
            } else {
                scan.left_over.push(record);
            }
        }
        scan.left_over
            .sort_by(|a, b| a.created_at.cmp(&b.created_at));
        scan.running.sort_by(|a, b| a.created_at.cmp(&b.created_at));
        Ok(scan)
    }

    /// Delete the record of a leftover whose webhook is gone. A missing record is fine.
    pub fn forget(&self, webhook_id: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path_of(webhook_id)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, project: &str) -> Record {
        Record {
            webhook_id: id.into(),
            url: format!("https://h.example/w?trst_hooks_temporary={id}"),
            api_base: "http://127.0.0.1:9/v1".into(),
            project: project.into(),
            created_at: format!("2026-11-30T00:00:0{}Z", id.len() % 10),
            pid: 1,
        }
    }

    #[test]
    fn a_held_record_is_running_and_a_released_one_is_gone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let registry = Registry::new(dir.path().join("t"));
        let held = registry.hold(&record("wh_1", "p")).expect("hold");
        let scan = registry.scan("http://127.0.0.1:9/v1", "p").expect("scan");
        assert_eq!(scan.running, vec![record("wh_1", "p")]);
        assert!(scan.left_over.is_empty());
        held.release().expect("release");
        let scan = registry.scan("http://127.0.0.1:9/v1", "p").expect("scan");
        assert!(scan.running.is_empty() && scan.left_over.is_empty());
    }

    #[test]
    fn a_record_nobody_holds_is_a_leftover_until_forgotten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let registry = Registry::new(dir.path());
        drop(registry.hold(&record("wh_2", "p")).expect("hold"));
        let scan = registry.scan("http://127.0.0.1:9/v1", "p").expect("scan");
        assert_eq!(scan.left_over, vec![record("wh_2", "p")]);
        registry.forget("wh_2").expect("forget");
        registry.forget("wh_2").expect("forgetting twice is fine");
        assert!(
            registry
                .scan("http://127.0.0.1:9/v1", "p")
                .expect("scan")
                .left_over
                .is_empty()
        );
    }

    #[test]
    fn other_projects_apis_and_junk_files_are_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let registry = Registry::new(dir.path());
        drop(registry.hold(&record("wh_3", "other")).expect("hold"));
        std::fs::write(dir.path().join("junk.json"), "{not json").expect("write");
        std::fs::write(dir.path().join("empty.json"), "").expect("write");
        let scan = registry.scan("http://127.0.0.1:9/v1", "p").expect("scan");
        assert!(scan.left_over.is_empty() && scan.running.is_empty());
        assert!(
            registry
                .scan("https://other/v1", "other")
                .expect("scan")
                .left_over
                .is_empty()
        );
    }

    #[test]
    fn records_are_private_files_named_safely() {
        let dir = tempfile::tempdir().expect("tempdir");
        let registry = Registry::new(dir.path().join("t"));
        let _held = registry.hold(&record("../../etc/x", "p")).expect("hold");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("t"))
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1);
        let path = dir.path().join("t").join(&names[0]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
