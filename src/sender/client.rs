//! The HTTP edge of `send`: a [`Client`] (for `https://` one reqwest client with pooled
//! keep-alive connections and the tool's policy from [`crate::net::client`]: no redirects
//! followed, no proxies; for `http://` hyper directly, see [`super::http1`]), sending an
//! [`Outgoing`] and reading at most a bounded part of the answer, and turning transport failures
//! into messages a person can act on.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::http1;
use super::request::Outgoing;
use crate::net::{self, CappedBody, Failure, FailureKind};

/// How much of an answer's body is kept for display; the rest is not read.
pub const DISPLAY_CAP: usize = 64 * 1024;

/// How `send` reaches its target. Plain `http://` needs no TLS: going through hyper directly
/// spares a one-shot `send` the loading of the system's root certificates (~150 files) that
/// building a reqwest client costs. Neither follows redirects nor uses a proxy.
pub enum Client {
    /// `http://`: a fresh hyper HTTP/1.1 connection per one-shot request ([`http1`]).
    Plain,
    /// `https://` (and anything else): reqwest.
    Pooled(reqwest::Client),
}

/// The client for `url`: [`Client::Plain`] for `http://`, else a reqwest client keeping up to
/// `pool_size` idle connections ([`build`]).
pub fn for_url(url: &url::Url, pool_size: usize) -> Result<Client, String> {
    if http1::Connection::for_url(url).is_some() {
        Ok(Client::Plain)
    } else {
        build(pool_size).map(Client::Pooled)
    }
}

/// Build the client: redirects are never followed and proxies never used ([`net::client`]),
/// connections are pooled and kept alive.
pub fn build(pool_size: usize) -> Result<reqwest::Client, String> {
    net::client::builder()
        .pool_max_idle_per_host(pool_size)
        .tcp_nodelay(true)
        .build()
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))
}

/// What the endpoint answered.
#[derive(Debug, Clone)]
pub struct EndpointAnswer {
    pub status: u16,
    pub reason: Option<&'static str>,
    pub version: String,
    pub headers: Vec<(String, String)>,
    /// At most [`DISPLAY_CAP`] bytes of the body.
    pub body: Vec<u8>,
    /// The body was longer than what was kept.
    pub truncated: bool,
    /// `Content-Length`, when the endpoint sent one.
    pub content_length: Option<u64>,
    /// Time from sending to the answer's headers.
    pub latency: Duration,
}

impl EndpointAnswer {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The `Location` of a redirect.
    pub fn location(&self) -> Option<&str> {
        if !(300..400).contains(&self.status) {
            return None;
        }
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("location"))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("no answer within {0:?} (TRST gives up after 20 s)")]
    Timeout(Duration),
    #[error("cannot connect to {0}: connection refused")]
    Refused(String),
    #[error("cannot resolve host {0}")]
    Dns(String),
    #[error("TLS handshake with {host} failed: {reason}")]
    Tls { host: String, reason: String },
    #[error("cannot connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("request failed: {0}")]
    Other(String),
}

impl SendError {
    /// A stable snake_case name for JSON output and load statistics.
    pub fn code(&self) -> &'static str {
        match self {
            SendError::Timeout(_) => "timeout",
            SendError::Refused(_) => "connection_refused",
            SendError::Dns(_) => "dns",
            SendError::Tls { .. } => "tls",
            SendError::Connect { .. } => "connect",
            SendError::Other(_) => "other",
        }
    }

    /// What to try next.
    pub fn hint(&self) -> &'static str {
        match self {
            SendError::Timeout(_) => {
                "the endpoint must answer within 20 s (aim for 1 s): answer 2xx first, process later; --timeout changes the limit"
            }
            SendError::Refused(_) => {
                "nothing is listening there: start your receiver (or `trst-hooks listen`), or check the port in --to"
            }
            SendError::Dns(_) => "check the host name in --to",
            SendError::Tls { .. } => {
                "is the endpoint really HTTPS, with a certificate valid for this host name? Use http:// for a plain local server"
            }
            SendError::Connect { .. } | SendError::Other(_) => {
                "check the URL and that the endpoint is up"
            }
        }
    }
}

/// Send the request and read the answer, keeping at most `cap` body bytes.
pub async fn send(
    client: &Client,
    request: &Outgoing,
    timeout: Duration,
    cap: usize,
) -> Result<EndpointAnswer, SendError> {
    match client {
        Client::Plain => http1::send_once(request, timeout, cap).await,
        Client::Pooled(client) => send_pooled(client, request, timeout, cap).await,
    }
}

async fn send_pooled(
    client: &reqwest::Client,
    request: &Outgoing,
    timeout: Duration,
    cap: usize,
) -> Result<EndpointAnswer, SendError> {
    let started = Instant::now();
    let mut response = start(client, request, timeout).await?;
    let latency = started.elapsed();
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let content_length = response.content_length();
    let mut body = CappedBody::new(cap);
    body.read_from(&mut response)
        .await
        .map_err(|e| classify(&e, &request.url, timeout))?;
    let CappedBody {
        bytes: body,
        truncated,
        ..
    } = body;
    Ok(EndpointAnswer {
        status: status.as_u16(),
        reason: status.canonical_reason(),
        version: format!("{:?}", response.version()),
        headers,
        body,
        truncated,
        content_length,
        latency,
    })
}

/// Send and read the whole answer without keeping it (load mode: the connection stays
/// reusable). Returns the status and the time until the body was read.
pub async fn send_discard(
    client: &reqwest::Client,
    request: Outgoing,
    timeout: Duration,
) -> (Result<u16, SendError>, Duration) {
    let started = Instant::now();
    let result = async {
        let Outgoing { url, headers, body } = request;
        let mut response = start_owned(client, &url, &headers, body, timeout).await?;
        while response
            .chunk()
            .await
            .map_err(|e| classify(&e, &url, timeout))?
            .is_some()
        {}
        Ok(response.status().as_u16())
    }
    .await;
    (result, started.elapsed())
}

async fn start(
    client: &reqwest::Client,
    request: &Outgoing,
    timeout: Duration,
) -> Result<reqwest::Response, SendError> {
    let body = request.body.clone();
    start_owned(client, &request.url, &request.headers, body, timeout).await
}

async fn start_owned(
    client: &reqwest::Client,
    url: &url::Url,
    headers: &[(String, String)],
    body: Vec<u8>,
    timeout: Duration,
) -> Result<reqwest::Response, SendError> {
    client
        .post(url.clone())
        .headers(header_map(headers))
        .body(body)
        .timeout(timeout)
        .send()
        .await
        .map_err(|e| classify(&e, url, timeout))
}

/// Our header list as a reqwest map (names and values were validated when parsed).
fn header_map(headers: &[(String, String)]) -> HeaderMap {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            map.append(name, value);
        }
    }
    map
}

/// Turn a reqwest error into one of ours ([`net::classify`]), naming the host it concerns.
fn classify(err: &reqwest::Error, url: &url::Url, timeout: Duration) -> SendError {
    from_failure(net::classify(err), url, timeout)
}

/// One of our errors for a classified failure, naming the host it concerns.
pub(super) fn from_failure(failure: Failure, url: &url::Url, timeout: Duration) -> SendError {
    let host = match (url.host_str(), url.port_or_known_default()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => url.to_string(),
    };
    match failure.kind {
        FailureKind::Timeout => SendError::Timeout(timeout),
        FailureKind::Refused => SendError::Refused(host),
        FailureKind::Dns => SendError::Dns(url.host_str().unwrap_or_default().to_owned()),
        FailureKind::Tls => SendError::Tls {
            host,
            reason: failure.reason,
        },
        FailureKind::Reset | FailureKind::Other if failure.connecting => SendError::Connect {
            host,
            reason: failure.reason,
        },
        FailureKind::Reset | FailureKind::Other => SendError::Other(failure.reason),
    }
}
