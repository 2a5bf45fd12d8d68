//! `send` over plain `http://`, driven by hyper directly instead of through reqwest: in load mode
//! one persistent HTTP/1.1 keep-alive connection per worker (as wrk and oha do), so the load
//! generator measures the endpoint rather than itself; for a one-shot `send`, one connection
//! without reqwest's TLS set-up ([`send_once`]). The request on the wire is the same as reqwest
//! sends: our headers plus `Host`, `Content-Length` and `Accept: */*`.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Body as _;
use hyper::client::conn::http1::{SendRequest, handshake};
use hyper_util::rt::TokioIo;
use url::Url;

use super::client::{EndpointAnswer, SendError, from_failure};
use super::request::Outgoing;
use crate::net::{self, CappedBody};

/// Send one request on a fresh connection and read the answer, keeping at most `cap` body bytes;
/// the whole exchange (connecting included) must finish within `timeout`. Failures are worded
/// as for reqwest ([`from_failure`]).
pub async fn send_once(
    request: &Outgoing,
    timeout: Duration,
    cap: usize,
) -> Result<EndpointAnswer, SendError> {
    let Some(connection) = Connection::for_url(&request.url) else {
        return Err(SendError::Other(format!(
            "not an http:// URL: {}",
            request.url
        )));
    };
    match tokio::time::timeout(timeout, connection.answer(request, cap, timeout)).await {
        Ok(result) => result,
        Err(_) => Err(SendError::Timeout(timeout)),
    }
}

/// One worker's connection, opened on first use and again after a failure.
pub struct Connection {
    host: String,
    authority: String,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Connection {
    /// A connection to the URL's host (not opened yet); `None` when the URL is not `http://`.
    pub fn for_url(url: &Url) -> Option<Connection> {
        if url.scheme() != "http" {
            return None;
        }
        let host = url.host_str()?;
        let port = url.port_or_known_default()?;
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Some(Connection {
            host: format!(
                "{}:{port}",
                host.trim_start_matches('[').trim_end_matches(']')
            ),
            authority,
            sender: None,
        })
    }

    /// Send one request and read the whole answer; returns the status and the elapsed time.
    pub async fn send(
        &mut self,
        request: Outgoing,
        timeout: Duration,
    ) -> (Result<u16, SendError>, Duration) {
        let started = Instant::now();
        let result = match tokio::time::timeout(timeout, self.exchange(request)).await {
            Ok(result) => result,
            Err(_) => Err(SendError::Timeout(timeout)),
        };
        if result.is_err() {
            self.sender = None;
        }
        (result, started.elapsed())
    }

    async fn exchange(&mut self, request: Outgoing) -> Result<u16, SendError> {
        let sender = match &mut self.sender {
            Some(sender) if !sender.is_closed() => sender,
            _ => self.sender.insert(self.connect().await?),
        };
        sender.ready().await.map_err(|e| other(&e))?;
        let http_request = post(
            &self.authority,
            &request.url,
            &request.headers,
            request.body,
        )?;
        let response = sender
            .send_request(http_request)
            .await
            .map_err(|e| other(&e))?;
        let status = response.status().as_u16();
        let mut body = response.into_body();
        while let Some(frame) = body.frame().await {
            frame.map_err(|e| other(&e))?;
        }
        Ok(status)
    }

    /// One exchange on a new connection, the answer kept as [`client::send`] keeps it.
    ///
    /// [`client::send`]: super::client::send
    async fn answer(
        self,
        request: &Outgoing,
        cap: usize,
        timeout: Duration,
    ) -> Result<EndpointAnswer, SendError> {
        let started = Instant::now();
        let url = &request.url;
        let fail = |failure: net::Failure| from_failure(failure, url, timeout);
        let stream = tokio::net::TcpStream::connect(&self.host)
            .await
            .map_err(|e| {
                let mut failure = net::classify_io(&e);
                failure.connecting = true;
                fail(failure)
            })?;
        let _ = stream.set_nodelay(true);
        let (mut sender, connection) = handshake(TokioIo::new(stream))
            .await
            .map_err(|e| fail(net::classify_hyper(&e, true)))?;
        tokio::spawn(connection);
        let http_request = post(&self.authority, url, &request.headers, request.body.clone())?;
        let response = sender
            .send_request(http_request)
            .await
            .map_err(|e| fail(net::classify_hyper(&e, false)))?;
        let latency = started.elapsed();
        let status = response.status();
        let version = format!("{:?}", response.version());
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (n.as_str().to_owned(), value)
            })
            .collect();
        let mut body = response.into_body();
        let content_length = body.size_hint().exact();
        let mut kept = CappedBody::new(cap);
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| fail(net::classify_hyper(&e, false)))?;
            if let Some(chunk) = frame.data_ref()
                && kept.push(chunk)
            {
                break;
            }
        }
        Ok(EndpointAnswer {
            status: status.as_u16(),
            reason: status.canonical_reason(),
            version,
            headers,
            body: kept.bytes,
            truncated: kept.truncated,
            content_length,
            latency,
        })
    }

    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, SendError> {
        let stream = tokio::net::TcpStream::connect(&self.host)
            .await
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::ConnectionRefused => SendError::Refused(self.host.clone()),
                _ => SendError::Connect {
                    host: self.host.clone(),
                    reason: crate::net::io_reason(&e),
                },
            })?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = handshake(TokioIo::new(stream))
            .await
            .map_err(|e| other(&e))?;
        tokio::spawn(connection);
        Ok(sender)
    }
}

/// The hyper request for our URL, headers and body (`authority`: the `Host` to send).
fn post(
    authority: &str,
    url: &Url,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Result<hyper::Request<Full<Bytes>>, SendError> {
    let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let mut builder = hyper::Request::post(path_and_query(url));
    if !has("host") {
        builder = builder.header(hyper::header::HOST, authority);
    }
    if !has("accept") {
        builder = builder.header(hyper::header::ACCEPT, "*/*");
    }
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| SendError::Other(e.to_string()))
}

fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

fn other(e: &hyper::Error) -> SendError {
    SendError::Other(e.to_string())
}
