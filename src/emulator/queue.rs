//! Delivery bookkeeping on top of [`Store`]: queueing an event for its webhooks, claiming due
//! deliveries, recording each attempt's outcome, recovering attempts cut short by a crash, and
//! the deliveries/attempts listings. Every state change is one transaction.
//!
//! The at-least-once window: an attempt is recorded (unfinished) and its delivery taken off the
//! queue *before* the request is sent, and finished after the answer. If the emulator dies in
//! between, the next start marks that attempt `interrupted` and schedules the retry: the endpoint
//! may then see the event twice, as TRST promises it might. Nothing else is ever sent twice.

use rusqlite::{OptionalExtension, Row, params};

use super::models::{Attempt, Delivery, DeliveryStatus};
use super::store::Store;
use super::time_scale::rfc3339;
use crate::secret::Secret;

/// What the engine needs to make one attempt.
#[derive(Debug)]
pub struct Job {
    pub delivery_id: String,
    pub attempt_id: String,
    pub attempt: u32,
    pub webhook_id: String,
    pub url: String,
    pub secret: Secret,
    pub event_id: String,
    pub event_type: String,
    pub body: Vec<u8>,
    pub attempted_at: i64,
}

/// The result of one attempt, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    pub status_code: Option<u16>,
    pub latency_ms: u64,
    pub error: Option<String>,
    pub response_body: Option<String>,
    pub succeeded: bool,
}

/// A new event and the webhooks it goes to.
pub struct NewEvent<'a> {
    pub event_id: &'a str,
    pub project_id: &'a str,
    pub event_type: &'a str,
    pub body: &'a [u8],
    /// `(delivery_id, webhook_id)` pairs.
    pub deliveries: &'a [(String, String)],
}

/// The message recorded for an attempt the emulator did not see the end of.
pub const INTERRUPTED: &str =
    "interrupted: the emulator stopped during this attempt; the endpoint may have received it";

impl Store {
    /// Store an event and one pending delivery per webhook, due now.
    pub fn enqueue(&self, event: &NewEvent<'_>, now_ms: i64) -> rusqlite::Result<Vec<Delivery>> {
        {
            let mut conn = self.lock();
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO events (id, project_id, event_type, body, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    event.event_id,
                    event.project_id,
                    event.event_type,
                    event.body,
                    now_ms
                ],
            )?;
            for (delivery_id, webhook_id) in event.deliveries {
                tx.execute(
                    "INSERT INTO deliveries (id, webhook_id, event_id, status, created_at, next_attempt_at)
                     VALUES (?1, ?2, ?3, 'pending', ?4, ?4)",
                    params![delivery_id, webhook_id, event.event_id, now_ms],
                )?;
            }
            tx.commit()?;
        }
        event
            .deliveries
            .iter()
            .filter_map(|(id, _)| self.delivery(id).transpose())
            .collect()
    }

    /// One delivery by id.
    pub fn delivery(&self, id: &str) -> rusqlite::Result<Option<Delivery>> {
        let conn = self.lock();
        conn.query_row(
            &format!("SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.id = ?1"),
            [id],
            delivery_row,
        )
        .optional()
    }

    /// A webhook's deliveries, newest first; `None` when the webhook is not in that project.
    pub fn list_deliveries(
        &self,
        project_id: &str,
        webhook_id: &str,
        limit: u32,
    ) -> rusqlite::Result<Option<Vec<Delivery>>> {
        if self.get_webhook(project_id, webhook_id)?.is_none() {
            return Ok(None);
        }
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries d JOIN events e ON e.id = d.event_id
             WHERE d.webhook_id = ?1 ORDER BY d.seq DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![webhook_id, limit], delivery_row)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map(Some)
    }

    /// A delivery's finished attempts in order; `None` when the delivery is not that webhook's.
    pub fn list_attempts(
        &self,
        project_id: &str,
        webhook_id: &str,
        delivery_id: &str,
    ) -> rusqlite::Result<Option<Vec<Attempt>>> {
        if self.get_webhook(project_id, webhook_id)?.is_none() {
            return Ok(None);
        }
        let conn = self.lock();
        let belongs: Option<i64> = conn
            .query_row(
                "SELECT 1 FROM deliveries WHERE id = ?1 AND webhook_id = ?2",
                [delivery_id, webhook_id],
                |r| r.get(0),
            )
            .optional()?;
        if belongs.is_none() {
            return Ok(None);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, delivery_id, attempt, attempted_at, status_code, latency_ms, error,
                    response_body, succeeded
             FROM attempts WHERE delivery_id = ?1 AND finished = 1 ORDER BY attempt",
        )?;
        let rows = stmt.query_map([delivery_id], attempt_row)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map(Some)
    }

    /// When the next pending delivery of an enabled webhook falls due.
    pub fn next_due(&self) -> rusqlite::Result<Option<i64>> {
        let conn = self.lock();
        conn.query_row(
            "SELECT MIN(d.next_attempt_at) FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.status = 'pending' AND d.next_attempt_at IS NOT NULL AND w.enabled = 1",
            [],
            |r| r.get(0),
        )
    }

    /// Take up to `limit` due deliveries off the queue, recording an unfinished attempt for each.
    pub fn claim_due(
        &self,
        now_ms: i64,
        limit: usize,
        new_id: &mut dyn FnMut() -> String,
    ) -> rusqlite::Result<Vec<Job>> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let mut jobs = Vec::new();
        {
            let mut stmt = tx.prepare_cached(
                "SELECT d.id, d.attempts, w.id, w.url, w.secret, e.id, e.event_type, e.body
                 FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN events e ON e.id = d.event_id
                 WHERE d.status = 'pending' AND d.next_attempt_at IS NOT NULL
                   AND d.next_attempt_at <= ?1 AND w.enabled = 1
                 ORDER BY d.next_attempt_at, d.seq LIMIT ?2",
            )?;
            let rows = stmt.query_map(
                params![now_ms, i64::try_from(limit).unwrap_or(i64::MAX)],
                |r| {
                    Ok(Job {
                        delivery_id: r.get(0)?,
                        attempt: r.get::<_, u32>(1)?.saturating_add(1),
                        webhook_id: r.get(2)?,
                        url: r.get(3)?,
                        secret: Secret::new(r.get::<_, String>(4)?),
                        event_id: r.get(5)?,
                        event_type: r.get(6)?,
                        body: r.get(7)?,
                        attempt_id: String::new(),
                        attempted_at: now_ms,
                    })
                },
            )?;
            for row in rows {
                jobs.push(row?);
            }
        }
        for job in &mut jobs {
            job.attempt_id = new_id();
            tx.execute(
                "UPDATE deliveries SET next_attempt_at = NULL WHERE id = ?1",
                [&job.delivery_id],
            )?;
            tx.execute(
                "INSERT INTO attempts (id, delivery_id, attempt, attempted_at) VALUES (?1, ?2, ?3, ?4)",
                params![job.attempt_id, job.delivery_id, job.attempt, now_ms],
            )?;
        }
        tx.commit()?;
        Ok(jobs)
    }

    /// Record an attempt's outcome and where its delivery goes next (`next`: retry time).
    pub fn finish(
        &self,
        job: &Job,
        outcome: &AttemptRecord,
        next: Option<i64>,
    ) -> rusqlite::Result<()> {
        let status = delivery_status(outcome.succeeded, next);
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE attempts SET finished = 1, status_code = ?2, latency_ms = ?3, error = ?4,
                 response_body = ?5, succeeded = ?6 WHERE id = ?1",
            params![
                job.attempt_id,
                outcome.status_code,
                i64::try_from(outcome.latency_ms).unwrap_or(i64::MAX),
                outcome.error,
                outcome.response_body,
                outcome.succeeded
            ],
        )?;
        tx.execute(
            "UPDATE deliveries SET attempts = ?2, response_code = ?3, last_attempt_at = ?4,
                 status = ?5, next_attempt_at = ?6 WHERE id = ?1",
            params![
                job.delivery_id,
                job.attempt,
                outcome.status_code,
                job.attempted_at,
                status.as_str(),
                next
            ],
        )?;
        tx.commit()
    }

    /// Close attempts a previous run left unfinished (it was killed mid-request) and schedule
    /// their retries with `next(attempt, attempted_at)`. Returns how many were recovered.
    pub fn recover_interrupted(
        &self,
        next: &dyn Fn(u32, i64) -> Option<i64>,
    ) -> rusqlite::Result<usize> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let open: Vec<(String, String, u32, i64)> = {
            let mut stmt = tx.prepare(
                "SELECT id, delivery_id, attempt, attempted_at FROM attempts WHERE finished = 0",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (attempt_id, delivery_id, attempt, attempted_at) in &open {
            tx.execute(
                "UPDATE attempts SET finished = 1, error = ?2, succeeded = 0 WHERE id = ?1",
                params![attempt_id, INTERRUPTED],
            )?;
            let next_at = next(*attempt, *attempted_at);
            tx.execute(
                "UPDATE deliveries SET attempts = ?2, response_code = NULL, last_attempt_at = ?3,
                     status = ?4, next_attempt_at = ?5 WHERE id = ?1",
                params![
                    delivery_id,
                    attempt,
                    attempted_at,
                    delivery_status(false, next_at).as_str(),
                    next_at
                ],
            )?;
        }
        tx.commit()?;
        Ok(open.len())
    }
}

fn delivery_status(succeeded: bool, next: Option<i64>) -> DeliveryStatus {
    match (succeeded, next) {
        (true, _) => DeliveryStatus::Succeeded,
        (false, Some(_)) => DeliveryStatus::Pending,
        (false, None) => DeliveryStatus::Failed,
    }
}

const DELIVERY_COLUMNS: &str = "d.id, d.webhook_id, d.event_id, e.event_type, d.status, d.attempts,
    d.response_code, d.created_at, d.last_attempt_at, d.next_attempt_at";

fn delivery_row(row: &Row<'_>) -> rusqlite::Result<Delivery> {
    let status: String = row.get(4)?;
    Ok(Delivery {
        id: row.get(0)?,
        webhook_id: row.get(1)?,
        event_id: row.get(2)?,
        event_type: row.get(3)?,
        status: DeliveryStatus::parse(&status),
        attempts: row.get(5)?,
        response_code: row.get(6)?,
        created_at: rfc3339(row.get(7)?),
        last_attempt_at: row.get::<_, Option<i64>>(8)?.map(rfc3339),
        next_attempt_at: row.get::<_, Option<i64>>(9)?.map(rfc3339),
    })
}

fn attempt_row(row: &Row<'_>) -> rusqlite::Result<Attempt> {
    Ok(Attempt {
        id: row.get(0)?,
        delivery_id: row.get(1)?,
        attempt: row.get(2)?,
        attempted_at: rfc3339(row.get(3)?),
        status_code: row.get(4)?,
        latency_ms: u64::try_from(row.get::<_, i64>(5)?).unwrap_or(0),
        error: row.get(6)?,
        response_body: row.get(7)?,
        succeeded: row.get(8)?,
    })
}
