//! What every API request passes through: the log line for the terminal view, Bearer
//! authentication (any key, or the one given with `--api-key`), the `--plan` rate limit with
//! `Retry-After`, and JSON answers for unknown routes and methods.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Activity;
use super::api::AppState;
use super::models::ApiError;

/// Report every call (method, path without query, status, latency); never headers or bodies.
pub async fn log(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let _ = state.reports.send(Activity::Api {
        method,
        path,
        status: response.status().as_u16(),
        latency_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    });
    response
}

/// Require `Authorization: Bearer <key>` (TRST's scheme), then apply the rate limit per key.
pub async fn auth(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer)
        .map(str::to_owned);
    let Some(token) = token else {
        let mut response = ApiError::new(
            401,
            "unauthorized",
            "missing or malformed Authorization header; send Authorization: Bearer <API key>",
        )
        .into_response();
        response.headers_mut().insert(
            WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer"),
        );
        return response;
    };
    if let Some(required) = &state.api_key
        && !same(token.as_bytes(), required.expose().as_bytes())
    {
        return ApiError::new(
            401,
            "unauthorized",
            "API key not accepted: this emulator was started with --api-key and requires that key",
        )
        .into_response();
    }
    if let (Some(limiter), Some(limit)) = (&state.limiter, state.rate_limit) {
        let verdict = limiter
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .check(&token, state.clock.now_ms());
        if let Err(seconds) = verdict {
            let mut error = ApiError::new(
                429,
                "rate_limited",
                format!(
                    "rate limit reached: {limit} requests per minute for this API key (--plan); retry after {seconds} s"
                ),
            );
            error.retry_after = Some(seconds);
            return error.into_response();
        }
    }
    next.run(request).await
}

fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Constant-time equality, so the required key cannot be guessed byte by byte from timings.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 404 for any path the emulator does not serve, naming what it does serve.
pub async fn not_found(request: Request) -> Response {
    ApiError::not_found(
        "not_found",
        format!(
            "no such route: {} {}; the API lives under /v1/project/{{project_id}}/webhooks",
            request.method(),
            request.uri().path()
        ),
    )
    .into_response()
}

/// 405 with a JSON body.
pub async fn method_not_allowed(request: Request) -> Response {
    ApiError::new(
        405,
        "method_not_allowed",
        format!(
            "{} is not allowed on {}",
            request.method(),
            request.uri().path()
        ),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_parsing() {
        assert_eq!(bearer("Bearer abc.def"), Some("abc.def"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("Bearer"), None);
        assert!(same(b"k", b"k"));
        assert!(!same(b"k", b"kk"));
        assert!(!same(b"k", b"j"));
    }
}
