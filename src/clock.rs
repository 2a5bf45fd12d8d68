//! The only place that reads the clock or makes random ids, so the core stays pure and tests can
//! pass fixed values instead.

use std::time::SystemTime;

/// The current UTC time as RFC 3339 with seconds, the envelope's `timestamp` format.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// The current UTC time with milliseconds, for logs.
pub fn now_rfc3339_millis() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

/// A fresh UUID v4, the shape TRST uses for `event_id`.
pub fn new_event_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
