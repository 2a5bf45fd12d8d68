//! Helpers for the emulator's end-to-end tests: the real binary started on port 0 (its base URL
//! read from the `ready:` line), a small API client, and scriptable webhook handlers that report
//! every request they receive over a channel (so tests wait on events, not on sleeps).

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::support::common::Sandbox;

/// Generous failure guard for anything the tests wait for.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A running `trst-hooks emulator`, killed (SIGKILL) when dropped.
pub struct Emulator {
    child: Child,
    pub base: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Emulator {
    /// Start `trst-hooks emulator --port 0 ARGS…` and wait for its `ready:` line.
    pub fn start(sb: &Sandbox, args: &[&str]) -> Emulator {
        Self::start_with(sb, args, &[])
    }

    /// [`Emulator::start`] with extra environment variables.
    pub fn start_with(sb: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Emulator {
        let mut cmd = sb.std_cmd();
        cmd.arg("emulator").arg("--port").arg("0").args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn emulator");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        drain(child.stdout.take().expect("stdout"), stdout.clone(), None);
        let (ready_tx, ready_rx) = mpsc::channel();
        drain(
            child.stderr.take().expect("stderr"),
            stderr.clone(),
            Some(ready_tx),
        );
        let base = match ready_rx.recv_timeout(PATIENCE) {
            Ok(base) => base,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "emulator never got ready; stderr:\n{}",
                    stderr.lock().unwrap()
                );
            }
        };
        Emulator {
            child,
            base,
            stdout,
            stderr,
        }
    }

    /// Everything it printed so far, stdout then stderr.
    pub fn output(&self) -> String {
        format!(
            "{}{}",
            self.stdout.lock().unwrap(),
            self.stderr.lock().unwrap()
        )
    }

    /// Its stdout so far.
    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// `kill -9` and reap it.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// An API client for it.
    pub fn api(&self, key: &str) -> Api {
        Api {
            client: reqwest::Client::new(),
            base: self.base.clone(),
            key: Some(key.to_owned()),
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.kill9();
    }
}

fn drain(
    pipe: impl Read + Send + 'static,
    into: Arc<Mutex<String>>,
    ready: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if let (Some(tx), Some(rest)) = (&ready, line.strip_prefix("ready: TRST emulator at "))
            {
                let _ = tx.send(rest.trim().to_owned());
            }
            let mut buf = into.lock().unwrap();
            buf.push_str(&line);
            buf.push('\n');
        }
    });
}

/// A minimal client of the emulator's API.
pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    pub key: Option<String>,
}

/// Status, headers and parsed JSON body (Null when empty or not JSON).
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Api {
    pub async fn call(&self, method: &str, path: &str, body: Option<&str>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(key) = &self.key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_owned());
        }
        let response = request.send().await.expect("emulator answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            json,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call("GET", path, None).await
    }

    pub async fn post(&self, path: &str, body: &str) -> Answer {
        self.call("POST", path, Some(body)).await
    }

    /// Create a webhook and return (id, secret).
    pub async fn create(&self, project: &str, url: &str, types: &[&str]) -> (String, String) {
        let body = serde_json::json!({"url": url, "event_types": types}).to_string();
        let answer = self
            .post(&format!("/project/{project}/webhooks"), &body)
            .await;
        assert_eq!(answer.status, 201, "{}", answer.text);
        (
            answer.json["id"].as_str().unwrap().to_owned(),
            answer.json["secret"].as_str().unwrap().to_owned(),
        )
    }

    /// Poll a webhook's newest delivery until `done` holds (or panic after [`PATIENCE`]).
    pub async fn wait_delivery(
        &self,
        project: &str,
        webhook: &str,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let started = Instant::now();
        loop {
            let answer = self
                .get(&format!("/project/{project}/webhooks/{webhook}/deliveries"))
                .await;
            let newest = answer.json["data"][0].clone();
            if done(&newest) {
                return newest;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "delivery never got there: {newest}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The attempts of a delivery.
    pub async fn attempts(&self, project: &str, webhook: &str, delivery: &str) -> Vec<Value> {
        let answer = self
            .get(&format!(
                "/project/{project}/webhooks/{webhook}/deliveries/{delivery}/attempts"
            ))
            .await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        answer.json["data"].as_array().unwrap().clone()
    }
}

/// What a handler saw.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// What a scripted handler does with the n-th request (0-based).
#[derive(Debug, Clone, Copy)]
pub enum Reply {
    Status(u16),
    Redirect,
    Hang,
}

/// A local webhook handler answering per `script` (the last entry repeats); returns its base
/// URL and the channel its requests arrive on.
pub async fn handler(
    script: Vec<Reply>,
) -> (String, tokio::sync::mpsc::UnboundedReceiver<Received>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let count = Arc::new(Mutex::new(0usize));
    let app = axum::Router::new().fallback(
        move |uri: axum::http::Uri, headers: HeaderMap, body: axum::body::Bytes| {
            let tx = tx.clone();
            let count = count.clone();
            let script = script.clone();
            async move {
                let n = {
                    let mut c = count.lock().unwrap();
                    *c += 1;
                    *c - 1
                };
                let _ = tx.send(Received {
                    path: uri.path().to_owned(),
                    headers,
                    body: body.to_vec(),
                });
                let reply = script
                    .get(n)
                    .or(script.last())
                    .copied()
                    .unwrap_or(Reply::Status(200));
                let response: Response = match reply {
                    Reply::Status(code) => (
                        StatusCode::from_u16(code).unwrap(),
                        format!("answer {}", n + 1),
                    )
                        .into_response(),
                    Reply::Redirect => {
                        (StatusCode::FOUND, [("location", "/elsewhere")], "moved").into_response()
                    }
                    Reply::Hang => {
                        std::future::pending::<()>().await;
                        StatusCode::OK.into_response()
                    }
                };
                response
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), rx)
}

/// The next request a handler receives (panics after [`PATIENCE`]).
pub async fn next(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(PATIENCE, rx.recv())
        .await
        .expect("the handler got a request in time")
        .expect("handler alive")
}

/// Milliseconds since the epoch for an RFC 3339 timestamp from the API.
pub fn ms(timestamp: &Value) -> u128 {
    let t = humantime::parse_rfc3339(timestamp.as_str().expect("a timestamp")).expect("RFC 3339");
    t.duration_since(std::time::UNIX_EPOCH).unwrap().as_millis()
}
