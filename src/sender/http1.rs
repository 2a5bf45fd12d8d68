//! The load-mode fast path for `http://` targets: one persistent HTTP/1.1 keep-alive connection
//! per worker, driven by hyper directly (as wrk and oha do) instead of through reqwest's pool, so
//! the load generator measures the endpoint rather than itself. The request on the wire is the
//! same as reqwest sends: our headers plus `Host`, `Content-Length` and `Accept: */*`.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{SendRequest, handshake};
use hyper_util::rt::TokioIo;
use url::Url;

use super::client::SendError;
use super::request::Outgoing;

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
        let has = |name: &str| {
            request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        let mut builder = hyper::Request::post(path_and_query(&request.url));
        if !has("host") {
            builder = builder.header(hyper::header::HOST, &self.authority);
        }
        if !has("accept") {
            builder = builder.header(hyper::header::ACCEPT, "*/*");
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let http_request = builder
            .body(Full::new(Bytes::from(request.body)))
            .map_err(|e| SendError::Other(e.to_string()))?;
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

fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

fn other(e: &hyper::Error) -> SendError {
    SendError::Other(e.to_string())
}
