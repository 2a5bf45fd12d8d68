//! Which secret a log says verified its deliveries: `listen` records the matching secret, masked,
//! in each line's `signature.secret`. `verify --log` given no secret reads this to tell a log
//! written on the development secret (verify it with that) from one written on another secret.

use std::io::{self, BufRead, BufReader, Read};

use serde::Deserialize;

/// Only the part of a log line that names the matching secret.
#[derive(Deserialize)]
struct SecretOnly {
    #[serde(default)]
    signature: Option<RecordedSignature>,
}

#[derive(Deserialize)]
struct RecordedSignature {
    #[serde(default)]
    secret: Option<String>,
}

/// True when some line of the log records `masked` as the secret that verified its delivery.
/// Lines that are not records are skipped (the full check reports them); stops at the first match.
pub fn log_records_secret<R: Read>(reader: R, masked: &str) -> io::Result<bool> {
    for line in BufReader::new(reader).split(b'\n') {
        let line = line?;
        let recorded = serde_json::from_slice::<SecretOnly>(&line)
            .ok()
            .and_then(|r| r.signature)
            .and_then(|s| s.secret);
        if recorded.as_deref() == Some(masked) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_recorded_secret_and_skips_other_lines() {
        let log = b"not json\n{\"signature\":{\"valid\":false}}\n{\"signature\":{\"valid\":true,\"secret\":\"whsec_a1b2\xe2\x80\xa6\"}}\n";
        assert!(log_records_secret(&log[..], "whsec_a1b2…").unwrap());
        assert!(!log_records_secret(&log[..], "whsec_zzzz…").unwrap());
        assert!(!log_records_secret(&b""[..], "whsec_a1b2…").unwrap());
    }
}
