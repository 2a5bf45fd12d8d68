//! The page: one HTML file, one script, one style sheet, compiled into the binary (no build step,
//! nothing fetched from anywhere). The page needs the token: from the printed URL it is turned
//! into an HttpOnly, SameSite=Strict cookie and the browser is sent to `/` without it.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Shared;

const PAGE: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// `?token=` from the printed URL.
#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: Option<String>,
}

/// `GET /`: the page, for a browser holding the cookie; `/?token=…` sets it.
pub async fn page(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
) -> Response {
    let access = &shared.access;
    if let Some(token) = query.token {
        if !access.token.is(&token) {
            return refused();
        }
        let mut response = StatusCode::SEE_OTHER.into_response();
        let headers = response.headers_mut();
        headers.insert(header::LOCATION, HeaderValue::from_static("/"));
        if let Ok(cookie) = HeaderValue::from_str(&access.set_cookie()) {
            headers.insert(header::SET_COOKIE, cookie);
        }
        return response;
    }
    if access.credential(&headers).is_none() {
        return refused();
    }
    asset("text/html; charset=utf-8", PAGE)
}

/// `GET /assets/app.js`.
pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

/// `GET /assets/app.css`.
pub async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    let mut response = text.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn refused() -> Response {
    let text = "401 Unauthorized: open the inspector URL that `trst-hooks listen` printed \
                (http://127.0.0.1:PORT/?token=…); the token changes every run.\n";
    let mut response = (StatusCode::UNAUTHORIZED, text).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
