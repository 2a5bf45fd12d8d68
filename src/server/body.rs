//! Reading a request body with a size limit, an idle timeout per chunk and a total deadline (so a
//! client trickling a byte every few seconds cannot hold a connection forever), and draining what
//! is left of a rejected one so the client can finish sending and read our 413 instead of a reset.

use std::time::Duration;

use tokio::time::Instant;

use axum::body::{Body, Bytes};
use http_body_util::BodyExt;

use super::delivery::Rejection;

/// A client that sends nothing for this long in the middle of a body gets a 408.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(20);

/// A whole body must have arrived this long after its request (TRST's own delivery timeout);
/// `listen --body-timeout` changes it.
pub const BODY_DEADLINE: Duration = Duration::from_secs(crate::defaults::DELIVERY_TIMEOUT_SECS);

/// At most this much of a rejected body is read and thrown away before the connection closes.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(10);

/// Why a body could not be read whole; `rest` is the unread remainder when it can be drained.
pub struct BodyFailure {
    pub rejection: Rejection,
    pub rest: Option<Body>,
}

/// Read the whole body, failing when it grows past `limit`, breaks off, stalls, or is not
/// complete by `deadline` (measured from the request's arrival, `started`).
pub async fn read(
    mut body: Body,
    limit: usize,
    started: Instant,
    deadline: Duration,
) -> Result<Bytes, BodyFailure> {
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    let mut received = 0usize;
    let give_up = started + deadline;
    loop {
        // Biased toward the body: when a frame is already there (the usual case), the timer is
        // never polled, so it never costs a timer-wheel registration. One timer serves both
        // limits: whichever comes first.
        let timer = tokio::time::sleep_until(give_up.min(Instant::now() + BODY_IDLE_TIMEOUT));
        let next = tokio::select! {
            biased;
            frame = body.frame() => Ok(frame),
            () = timer => Err(()),
        };
        let frame = match next {
            Err(()) => {
                let rejection = if Instant::now() >= give_up {
                    Rejection::TooSlow { received, deadline }
                } else {
                    Rejection::Stalled { received }
                };
                return Err(BodyFailure {
                    rejection,
                    rest: None,
                });
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                return Err(BodyFailure {
                    rejection: Rejection::CutOff {
                        received,
                        reason: describe(&e),
                    },
                    rest: None,
                });
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        received += data.len();
        if received > limit {
            return Err(BodyFailure {
                rejection: Rejection::TooLarge {
                    limit,
                    declared: None,
                },
                rest: Some(body),
            });
        }
        // One chunk (the common case) is kept as it is; more are joined.
        match first.take() {
            None if joined.is_empty() => first = Some(data),
            None => joined.extend_from_slice(&data),
            Some(previous) => {
                joined.reserve(previous.len() + data.len());
                joined.extend_from_slice(&previous);
                joined.extend_from_slice(&data);
            }
        }
    }
    Ok(match first {
        Some(only) => only,
        None => Bytes::from(joined),
    })
}

/// Read and discard the rest of a rejected body in the background, within limits.
pub fn drain(mut body: Body) {
    tokio::spawn(async move {
        let mut seen = 0usize;
        let _ = tokio::time::timeout(DRAIN_TIME, async {
            while let Some(Ok(frame)) = body.frame().await {
                if let Ok(data) = frame.into_data() {
                    seen += data.len();
                    if seen > DRAIN_LIMIT {
                        break;
                    }
                }
            }
        })
        .await;
    });
}

/// The innermost cause of a body error, which says what actually happened.
fn describe(e: &axum::Error) -> String {
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        reason = inner.to_string();
        source = inner.source();
    }
    reason
}
