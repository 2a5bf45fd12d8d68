//! The emulator's state in SQLite (bundled): webhooks, events, deliveries and attempts. WAL mode,
//! one connection behind a `std::sync::Mutex` held only for the length of a query (never across an
//! `.await`), and an exclusive lock so two emulators cannot share one database file.
//! Delivery bookkeeping (claim, finish, recover, list) lives in `queue.rs`. The database holds
//! webhook secrets in clear, so a new one is created 0600 in a 0700 directory; SQLite gives its
//! `-wal` and `-shm` files the database file's mode.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::models::Webhook;
use super::time_scale::rfc3339;
use super::validate::{NewWebhook, WebhookPatch};
use crate::private_file;

const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS webhooks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    project_id TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    event_types TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhooks_project ON webhooks(project_id, seq);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    body BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES events(id),
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    response_code INTEGER,
    created_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    next_attempt_at INTEGER
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS deliveries_webhook ON deliveries(webhook_id, seq);
CREATE TABLE IF NOT EXISTS attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    attempted_at INTEGER NOT NULL,
    finished INTEGER NOT NULL DEFAULT 0,
    status_code INTEGER,
    latency_ms INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    response_body TEXT,
    succeeded INTEGER NOT NULL DEFAULT 0,
    UNIQUE (delivery_id, attempt)
);
";

/// Create the database file (mode 0600, its directory 0700) before SQLite opens it, so SQLite
/// never creates it with the umask's mode; report the mode of an existing file wider than that.
fn create_private(path: &Path) -> Result<Option<u32>, OpenError> {
    let opened = private_file::create_parent(path).and_then(|()| {
        private_file::open(
            path,
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true),
        )
    });
    let file = opened.map_err(|e| OpenError::File(crate::net::io_reason(&e)))?;
    private_file::wider_mode(&file).map_err(|e| OpenError::File(crate::net::io_reason(&e)))
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the database is in use by another emulator")]
    Locked,
    #[error(
        "the database was written by a newer trst-hooks (schema {0}, this one knows {SCHEMA_VERSION})"
    )]
    TooNew(i64),
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    File(String),
}

/// The database handle shared by the API and the delivery engine.
pub struct Store {
    conn: Mutex<Connection>,
    wider_mode: Option<u32>,
}

/// Creating a webhook can fail because the project is full.
#[derive(Debug, PartialEq, Eq)]
pub struct LimitReached;

impl Store {
    /// Open (creating if needed) the database at `path`, or a private in-memory one for `None`.
    pub fn open(path: Option<&Path>) -> Result<Store, OpenError> {
        let (conn, wider_mode) = match path {
            Some(path) => {
                let wider_mode = create_private(path)?;
                (Connection::open(path)?, wider_mode)
            }
            None => (Connection::open_in_memory()?, None),
        };
        conn.busy_timeout(std::time::Duration::from_millis(250))?;
        if path.is_some() {
            conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
            let mode: String = conn
                .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
                .map_err(locked)?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(OpenError::Sqlite(rusqlite::Error::InvalidQuery));
            }
            // NORMAL in WAL mode: a commit survives the process being killed (kill -9), which
            // is what matters here; only a power loss could undo the last commits.
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
                .map_err(locked)?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(OpenError::TooNew(version));
        }
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(Store {
            conn: Mutex::new(conn),
            wider_mode,
        })
    }

    /// The database file's permission bits when an existing file lets others read it (created
    /// before databases were made private); `None` when it is private or in memory.
    pub fn wider_mode(&self) -> Option<u32> {
        self.wider_mode
    }

    /// The connection, for one short synchronous use.
    pub(super) fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Insert a webhook unless its project already has `max` of them.
    pub fn create_webhook(
        &self,
        project_id: &str,
        id: &str,
        secret: &str,
        new: &NewWebhook,
        now_ms: i64,
        max: usize,
    ) -> rusqlite::Result<Result<Webhook, LimitReached>> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let count: i64 = tx.query_row(
            "SELECT COUNT(*) FROM webhooks WHERE project_id = ?1",
            [project_id],
            |r| r.get(0),
        )?;
        if usize::try_from(count).unwrap_or(usize::MAX) >= max {
            return Ok(Err(LimitReached));
        }
        tx.execute(
            "INSERT INTO webhooks (id, project_id, url, secret, event_types, enabled, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                project_id,
                new.url,
                secret,
                types_json(&new.event_types),
                new.enabled,
                now_ms
            ],
        )?;
        tx.commit()?;
        Ok(Ok(Webhook {
            id: id.to_owned(),
            url: new.url.clone(),
            event_types: new.event_types.clone(),
            enabled: new.enabled,
            created_at: rfc3339(now_ms),
            project_id: project_id.to_owned(),
        }))
    }

    /// A project's webhooks, oldest first.
    pub fn list_webhooks(&self, project_id: &str) -> rusqlite::Result<Vec<Webhook>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE project_id = ?1 ORDER BY seq"
        ))?;
        let rows = stmt.query_map([project_id], webhook_row)?;
        rows.collect()
    }

    /// One webhook of a project.
    pub fn get_webhook(&self, project_id: &str, id: &str) -> rusqlite::Result<Option<Webhook>> {
        let conn = self.lock();
        conn.query_row(
            &format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE project_id = ?1 AND id = ?2"),
            [project_id, id],
            webhook_row,
        )
        .optional()
    }

    /// Apply an update; `None` when the webhook does not exist.
    pub fn update_webhook(
        &self,
        project_id: &str,
        id: &str,
        patch: &WebhookPatch,
    ) -> rusqlite::Result<Option<Webhook>> {
        {
            let conn = self.lock();
            let changed = conn.execute(
                "UPDATE webhooks SET url = COALESCE(?3, url),
                     event_types = COALESCE(?4, event_types),
                     enabled = COALESCE(?5, enabled)
                 WHERE project_id = ?1 AND id = ?2",
                params![
                    project_id,
                    id,
                    patch.url,
                    patch.event_types.as_deref().map(types_json),
                    patch.enabled
                ],
            )?;
            if changed == 0 {
                return Ok(None);
            }
        }
        self.get_webhook(project_id, id)
    }

    /// Delete a webhook with its deliveries and attempts; false when it did not exist.
    pub fn delete_webhook(&self, project_id: &str, id: &str) -> rusqlite::Result<bool> {
        let conn = self.lock();
        let changed = conn.execute(
            "DELETE FROM webhooks WHERE project_id = ?1 AND id = ?2",
            [project_id, id],
        )?;
        Ok(changed > 0)
    }

    /// Enabled webhooks subscribed to `event_type`, in one project or all of them.
    pub fn subscribers(
        &self,
        event_type: &str,
        project_id: Option<&str>,
    ) -> rusqlite::Result<Vec<Webhook>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks
             WHERE enabled = 1 AND (?1 IS NULL OR project_id = ?1)
               AND EXISTS (SELECT 1 FROM json_each(event_types) WHERE value = ?2)
             ORDER BY project_id, seq"
        ))?;
        let rows = stmt.query_map(params![project_id, event_type], webhook_row)?;
        rows.collect()
    }
}

const WEBHOOK_COLUMNS: &str = "id, url, event_types, enabled, created_at, project_id";

fn webhook_row(row: &Row<'_>) -> rusqlite::Result<Webhook> {
    let types: String = row.get(2)?;
    Ok(Webhook {
        id: row.get(0)?,
        url: row.get(1)?,
        event_types: serde_json::from_str(&types).unwrap_or_default(),
        enabled: row.get(3)?,
        created_at: rfc3339(row.get(4)?),
        project_id: row.get(5)?,
    })
}

fn types_json(types: &[String]) -> String {
    serde_json::to_string(types).unwrap_or_else(|_| "[]".into())
}

fn locked(e: rusqlite::Error) -> OpenError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            OpenError::Locked
        }
        _ => OpenError::Sqlite(e),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_database_and_its_wal_and_shm_are_private() {
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("state/emulator.db");
        let store = Store::open(Some(&db)).expect("opens");
        assert_eq!(store.wider_mode(), None);
        store
            .lock()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .expect("writes");
        assert_eq!(mode(&dir.path().join("state")), 0o700);
        for name in ["emulator.db", "emulator.db-wal", "emulator.db-shm"] {
            let path = dir.path().join("state").join(name);
            if name == "emulator.db" || path.exists() {
                assert_eq!(mode(&path), 0o600, "{name}");
            }
        }
        assert!(dir.path().join("state/emulator.db-wal").exists());
    }
}
