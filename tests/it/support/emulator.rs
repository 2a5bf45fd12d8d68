//! `trst-hooks emulator` for the tests: the real binary started on port 0 (its base URL read from
//! the `ready:` line) and a small client of its management API.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::process::{PATIENCE, Running};
use crate::support::sandbox::Sandbox;

/// A running `trst-hooks emulator`, killed (SIGKILL) when dropped.
pub struct Emulator {
    process: Running,
    pub base: String,
}

impl Emulator {
    /// Start `trst-hooks emulator --port 0 ARGS…` and wait for its `ready:` line.
    pub fn start(sb: &Sandbox, args: &[&str]) -> Emulator {
        Self::start_with(sb, args, &[])
    }

    /// [`Emulator::start`] with extra environment variables.
    pub fn start_with(sb: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Emulator {
        let mut cmd: Command = sb.std_cmd();
        cmd.arg("emulator").arg("--port").arg("0").args(args);
        cmd.envs(env.iter().copied());
        match Running::spawn_ready(cmd, "ready: TRST emulator at ") {
            Ok((process, base)) => Emulator { process, base },
            Err(ended) => panic!("emulator never got ready; stderr:\n{}", ended.stderr),
        }
    }

    /// Everything it printed so far, stdout then stderr.
    pub fn output(&self) -> String {
        format!("{}{}", self.process.stdout(), self.process.stderr())
    }

    /// Its stdout once it contains `needle` (the emulator prints after it records, so a line
    /// can trail what the API already shows); panics after [`PATIENCE`].
    pub fn wait_stdout(&self, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let stdout = self.process.stdout();
            if stdout.contains(needle) {
                return stdout;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "no {needle:?} on stdout:\n{stdout}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Send it a signal (`TERM`, `INT`) and wait for it to exit.
    pub fn stop(self, signal: &str) -> crate::support::process::Finished {
        self.process.signal(signal);
        self.process.wait()
    }

    /// `kill -9` and reap it.
    pub fn kill9(&mut self) {
        self.process.kill9();
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
    /// Any request, with the bearer key when the client has one.
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

    /// GET `path` (below the base URL).
    pub async fn get(&self, path: &str) -> Answer {
        self.call("GET", path, None).await
    }

    /// POST a JSON `body` to `path`.
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

/// Milliseconds since the epoch for an RFC 3339 timestamp from the API.
pub fn ms(timestamp: &Value) -> u128 {
    let t = humantime::parse_rfc3339(timestamp.as_str().expect("a timestamp")).expect("RFC 3339");
    t.duration_since(std::time::UNIX_EPOCH).unwrap().as_millis()
}
