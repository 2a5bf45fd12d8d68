//! The verdict on one delivery: verification plus, when it fails, the diagnosis. `verify` (all
//! three input kinds) and `listen` use this one function, so they always agree.

use serde::Serialize;

use crate::delivery_log::DiagnosisNote;
use crate::diagnosis::{self, Mistake};
use crate::signature::{self, SignatureError};

/// The result of checking one delivery's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Result<usize, SignatureError>,
    /// Known mistakes that explain a failure (empty when valid or when nothing explains it).
    pub diagnosis: Vec<Mistake>,
}

/// Verify `body` against every value the request carried in `X-Webhook-Signature`.
pub fn judge<S: AsRef<[u8]>>(body: &[u8], header_values: &[&str], secrets: &[S]) -> Verdict {
    let outcome = signature::single_header(header_values)
        .and_then(|header| signature::verify(body, Some(header), secrets));
    let diagnosis = match (&outcome, header_values) {
        (Err(SignatureError::Missing | SignatureError::Repeated), _) | (Ok(_), _) => Vec::new(),
        (Err(_), [header, ..]) => diagnosis::diagnose(body, header, secrets),
        (Err(_), []) => Vec::new(),
    };
    Verdict { outcome, diagnosis }
}

impl Verdict {
    /// True when a secret matched.
    pub fn is_valid(&self) -> bool {
        self.outcome.is_ok()
    }

    /// The stable JSON/log form; `secret_labels` are the masked secrets, by index.
    pub fn report(&self, secret_labels: &[String]) -> VerdictReport {
        match &self.outcome {
            Ok(index) => VerdictReport {
                valid: true,
                secret_index: Some(*index),
                secret: secret_labels.get(*index).cloned(),
                reason: None,
                message: None,
                diagnosis: Vec::new(),
            },
            Err(e) => VerdictReport {
                valid: false,
                secret_index: None,
                secret: None,
                reason: Some(e.code()),
                message: Some(e.to_string()),
                diagnosis: self.diagnosis.iter().map(DiagnosisNote::from).collect(),
            },
        }
    }
}

/// A verdict in the shape JSON output and the delivery log use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictReport {
    pub valid: bool,
    pub secret_index: Option<usize>,
    pub secret: Option<String>,
    pub reason: Option<&'static str>,
    pub message: Option<String>,
    pub diagnosis: Vec<DiagnosisNote>,
}

/// The sentence shown when a failure has no known explanation.
pub const NO_KNOWN_MISTAKE: &str =
    "no known mistake explains it: most likely the sender used a different secret";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_invalid_and_diagnosed() {
        let body = b"{\"a\":1}";
        let good = signature::sign("whsec_k", body);
        assert!(judge(body, &[good.as_str()], &["whsec_k"]).is_valid());
        let bare = signature::sign("k", body);
        let v = judge(body, &[bare.as_str()], &["whsec_k"]);
        assert_eq!(v.outcome, Err(SignatureError::Mismatch(1)));
        assert_eq!(v.diagnosis, vec![Mistake::SecretWithoutPrefix]);
        let report = v.report(&["whsec_…".into()]);
        assert_eq!(report.reason, Some("mismatch"));
        assert_eq!(report.diagnosis[0].code, "secret_without_whsec_prefix");
        let missing = judge(body, &[], &["whsec_k"]);
        assert_eq!(missing.outcome, Err(SignatureError::Missing));
    }
}
