//! Replay: send a held delivery again (to this listener, to `--forward-to`, or to a URL the user
//! typed), optionally with an edited body, signed with the listener's secret, with the original
//! signature, deliberately wrong, or unsigned. The same choices build "copy as curl".

use std::time::{Duration, Instant};

use reqwest::Url;
use serde::{Deserialize, Serialize};

use super::store::REPLAY_HEADER;
use crate::defaults::DELIVERY_TIMEOUT_SECS;
use crate::delivery_log::DeliveryRecord;
use crate::secret::Secret;
use crate::server::forward::HOP_BY_HOP;
use crate::signature::{self, HEADER_NAME};

/// Headers a replay sets itself, besides the hop-by-hop ones: never copied from the original.
const NOT_COPIED: &[&str] = &["expect", "x-webhook-signature", REPLAY_HEADER];

/// The key used to sign deliberately wrong (so the listener shows its diagnosis).
const WRONG_KEY: &str = "whsec_trst_hooks_deliberately_wrong";

/// Where a replay goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplayTarget {
    /// This listener, on the path the delivery came in on.
    #[default]
    Listener,
    /// The `--forward-to` URL.
    Forward,
    /// The URL in the request's `url` field.
    Url,
}

/// How a replay is signed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignMode {
    /// The `X-Webhook-Signature` values the delivery came with, unchanged.
    #[default]
    Original,
    /// A fresh signature over the (possibly edited) body with the listener's first secret.
    Listener,
    /// A well-formed signature made with a key nobody uses.
    Wrong,
    /// No signature header.
    None,
}

/// What to replay and how (the JSON body of `POST …/replay`, the query of `…/curl`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReplayRequest {
    #[serde(default)]
    pub target: ReplayTarget,
    #[serde(default)]
    pub url: Option<String>,
    /// The edited body (text); the original bytes when absent.
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub signature: SignMode,
}

/// What the inspector knows about where replays can go.
pub struct Targets {
    /// `http://HOST:PORT` of this listener (loopback when it listens on every address).
    pub listener: Url,
    pub forward_to: Option<Url>,
    /// The listener's first secret, to sign with.
    pub secret: Option<Secret>,
    /// This run's id, for the replay link header.
    pub run: String,
    client: reqwest::Client,
}

/// One request ready to send or to print as curl.
pub struct Prepared {
    pub url: Url,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// How a replay went.
#[derive(Debug, Clone, Serialize)]
pub struct ReplayOutcome {
    pub url: String,
    pub target: ReplayTarget,
    pub signature: SignMode,
    /// The answer's status; None when there was no answer (see `error`).
    pub status: Option<u16>,
    pub latency_ms: f64,
    pub error: Option<String>,
}

/// Why a replay could not even be prepared (a 400 for the caller).
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("this listener has no --forward-to URL")]
    NoForward,
    #[error("give a url for target \"url\"")]
    NoUrl,
    #[error("not an http:// or https:// URL: {0}")]
    BadUrl(String),
    #[error("the listener has no secret to sign with")]
    NoSecret,
    #[error("the logged body does not decode: {0}")]
    BadBody(String),
}

impl Targets {
    /// Where replays can go; one HTTP client without proxies or redirects for the whole run.
    pub fn new(
        listener: Url,
        forward_to: Option<Url>,
        secret: Option<Secret>,
        run: String,
    ) -> anyhow::Result<Targets> {
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(DELIVERY_TIMEOUT_SECS))
            .build()?;
        Ok(Targets {
            listener,
            forward_to,
            secret,
            run,
            client,
        })
    }

    /// Build the request a replay of delivery `id` would send; `link` adds the header that
    /// links a replay to its original when it comes back to this listener.
    pub fn prepare(
        &self,
        id: u64,
        record: &DeliveryRecord,
        ask: &ReplayRequest,
        link: bool,
    ) -> Result<Prepared, ReplayError> {
        let url = match ask.target {
            ReplayTarget::Listener => {
                // Concatenated, not joined: a logged path such as `//elsewhere/x` must stay a
                // path on this listener.
                let base = self.listener.as_str().trim_end_matches('/');
                let slash = if record.path.starts_with('/') {
                    ""
                } else {
                    "/"
                };
                let text = format!("{base}{slash}{}", record.path);
                Url::parse(&text).map_err(|_| ReplayError::BadUrl(text))?
            }
            ReplayTarget::Forward => self.forward_to.clone().ok_or(ReplayError::NoForward)?,
            ReplayTarget::Url => {
                let text = ask.url.as_deref().map(str::trim).unwrap_or_default();
                if text.is_empty() {
                    return Err(ReplayError::NoUrl);
                }
                let url = Url::parse(text).map_err(|_| ReplayError::BadUrl(text.to_owned()))?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(ReplayError::BadUrl(text.to_owned()));
                }
                url
            }
        };
        let body = match &ask.body {
            Some(text) => text.clone().into_bytes(),
            None => record
                .raw_body()
                .map_err(|e| ReplayError::BadBody(e.to_string()))?,
        };
        let mut headers: Vec<(String, String)> = record
            .headers
            .iter()
            .filter(|(name, _)| {
                let name = name.to_ascii_lowercase();
                !HOP_BY_HOP.contains(&name.as_str()) && !NOT_COPIED.contains(&name.as_str())
            })
            .cloned()
            .collect();
        let signatures = match ask.signature {
            SignMode::Original => record
                .header_values(HEADER_NAME)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            SignMode::Listener => {
                let secret = self.secret.as_ref().ok_or(ReplayError::NoSecret)?;
                vec![signature::sign(secret.expose(), &body)]
            }
            SignMode::Wrong => vec![signature::sign(WRONG_KEY, &body)],
            SignMode::None => Vec::new(),
        };
        for value in signatures {
            headers.push(("x-webhook-signature".into(), value));
        }
        if link && ask.target == ReplayTarget::Listener {
            headers.push((REPLAY_HEADER.into(), format!("{}:{id}", self.run)));
        }
        Ok(Prepared {
            url,
            method: record.method.clone(),
            headers,
            body,
        })
    }

    /// Send a prepared replay and report the answer (never an error: failures are reported).
    pub async fn send(&self, prepared: Prepared, ask: &ReplayRequest) -> ReplayOutcome {
        let started = Instant::now();
        let method = reqwest::Method::from_bytes(prepared.method.as_bytes())
            .unwrap_or(reqwest::Method::POST);
        let mut request = self.client.request(method, prepared.url.clone());
        for (name, value) in &prepared.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let sent = request.body(prepared.body).send().await;
        let (status, error) = match sent {
            Ok(response) => (Some(response.status().as_u16()), None),
            Err(e) => (None, Some(describe(&e))),
        };
        ReplayOutcome {
            url: prepared.url.to_string(),
            target: ask.target,
            signature: ask.signature,
            status,
            latency_ms: started.elapsed().as_micros() as f64 / 1000.0,
            error,
        }
    }
}

/// The error and its causes in one line.
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspector::store::tests::line;

    fn targets() -> Targets {
        let listener = Url::parse("http://127.0.0.1:3000/").unwrap();
        Targets::new(listener, None, Some(Secret::new("whsec_k")), "run1".into()).unwrap()
    }

    fn record(path: &str) -> DeliveryRecord {
        let headers = vec![
            ("host".into(), "elsewhere:1".into()),
            ("connection".into(), "keep-alive".into()),
            ("x-webhook-signature".into(), "sha256=00".into()),
            ("x-app".into(), "kept".into()),
        ];
        let mut r =
            DeliveryRecord::parse_line(std::str::from_utf8(&line("{}", headers)).unwrap()).unwrap();
        r.path = path.into();
        r
    }

    #[test]
    fn a_logged_path_cannot_leave_this_listener() {
        let ask = ReplayRequest::default();
        for path in ["//evil.example/x", "/webhooks/trst?a=1", "relative"] {
            let p = targets().prepare(1, &record(path), &ask, true).unwrap();
            assert_eq!(p.url.host_str(), Some("127.0.0.1"), "{path}");
            assert_eq!(p.url.port(), Some(3000));
        }
    }

    #[test]
    fn headers_are_copied_but_hops_and_signatures_are_decided_anew() {
        let t = targets();
        let names = |p: &Prepared| -> Vec<String> {
            p.headers.iter().map(|(n, v)| format!("{n}={v}")).collect()
        };
        let ask = |signature| ReplayRequest {
            signature,
            body: Some("{\"b\":1}".into()),
            ..Default::default()
        };
        let original = t
            .prepare(7, &record("/"), &ask(SignMode::Original), true)
            .unwrap();
        assert_eq!(
            names(&original),
            vec![
                "x-app=kept",
                "x-webhook-signature=sha256=00",
                "x-trst-hooks-replay-of=run1:7"
            ]
        );
        let signed = t
            .prepare(7, &record("/"), &ask(SignMode::Listener), false)
            .unwrap();
        let expected = signature::sign("whsec_k", b"{\"b\":1}");
        assert_eq!(signed.headers[1], ("x-webhook-signature".into(), expected));
        assert_eq!(signed.headers.len(), 2, "no link header for curl");
        let none = t
            .prepare(7, &record("/"), &ask(SignMode::None), false)
            .unwrap();
        assert_eq!(names(&none), vec!["x-app=kept"]);
        let wrong = t
            .prepare(7, &record("/"), &ask(SignMode::Wrong), false)
            .unwrap();
        assert_ne!(wrong.headers[1].1, signed.headers[1].1);
    }
}
