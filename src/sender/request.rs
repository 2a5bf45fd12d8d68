//! The request exactly as it goes on the wire: `POST`, `Content-Type: application/json`,
//! `X-Webhook-Signature: sha256=<hex>` over the exact body bytes (contract §1), a `User-Agent`
//! naming this tool, then any `--header` the user added. Pure: the secret is passed in.

use url::Url;

use crate::signature::{self, HEADER_NAME};

/// The content type TRST sends.
pub const CONTENT_TYPE: &str = "application/json";

/// The `User-Agent` we send (TRST's own is not published; override with `--header`).
pub fn user_agent() -> String {
    format!("trst-hooks/{}", env!("CARGO_PKG_VERSION"))
}

/// How the request is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signing {
    /// A correct signature with this secret (the value is only used for the HMAC).
    Valid,
    /// A well-formed signature that does not match (one hex digit changed): `--bad-signature`.
    Bad,
    /// No signature header at all: `--no-signature`.
    Missing,
    /// This exact header value, e.g. the one a replayed delivery came with.
    Keep(String),
}

impl Signing {
    /// A stable name for JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            Signing::Valid => "valid",
            Signing::Bad => "bad",
            Signing::Missing => "none",
            Signing::Keep(_) => "kept",
        }
    }

    /// Whether success means the endpoint *rejected* the request (expected 401).
    pub fn expects_rejection(&self) -> bool {
        matches!(self, Signing::Bad | Signing::Missing)
    }
}

/// One request ready to go out: the client adds only `Host`, `Content-Length` and `Accept: */*`.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Outgoing {
    /// The signature header value carried, if any.
    pub fn signature(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(HEADER_NAME))
            .map(|(_, v)| v.as_str())
    }
}

/// Build the request: our headers first, in a fixed order; a user header with the same name
/// replaces ours (so `--header 'Content-Type: text/plain'` tests a receiver's strictness).
pub fn build(
    url: &Url,
    body: Vec<u8>,
    secret: &str,
    signing: &Signing,
    extra: &[(String, String)],
) -> Outgoing {
    let mut headers: Vec<(String, String)> = Vec::with_capacity(3 + extra.len());
    headers.push(("Content-Type".into(), CONTENT_TYPE.into()));
    match signing {
        Signing::Valid => headers.push((HEADER_NAME.into(), signature::sign(secret, &body))),
        Signing::Bad => headers.push((HEADER_NAME.into(), spoil(&signature::sign(secret, &body)))),
        Signing::Keep(value) => headers.push((HEADER_NAME.into(), value.clone())),
        Signing::Missing => {}
    }
    headers.push(("User-Agent".into(), user_agent()));
    for (name, _) in extra {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }
    headers.extend(extra.iter().cloned());
    Outgoing {
        url: url.clone(),
        headers,
        body,
    }
}

/// Change the last hex digit: still `sha256=` + 64 hex digits, but wrong.
fn spoil(value: &str) -> String {
    let mut text = value.to_owned();
    let last = if text.ends_with('0') { '1' } else { '0' };
    text.pop();
    text.push(last);
    text
}

/// Parse a `--header 'Name: value'` argument; the name must be a valid HTTP header name.
pub fn parse_header(arg: &str) -> Result<(String, String), String> {
    let (name, value) = arg
        .split_once(':')
        .ok_or_else(|| format!("--header {arg:?}: expected NAME: VALUE, e.g. 'X-Test: 1'"))?;
    let name = name.trim();
    let value = value.trim();
    if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(format!(
            "--header {arg:?}: {name:?} is not a valid header name"
        ));
    }
    if reqwest::header::HeaderValue::from_str(value).is_err() {
        return Err(format!(
            "--header {arg:?}: the value holds characters a header cannot carry"
        ));
    }
    Ok((name.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("http://127.0.0.1:3000/webhooks/trst").unwrap()
    }

    #[test]
    fn headers_in_order_and_signature_over_the_body() {
        let req = build(&url(), b"{}".to_vec(), "whsec_k", &Signing::Valid, &[]);
        let names: Vec<&str> = req.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Content-Type", "X-Webhook-Signature", "User-Agent"]);
        assert_eq!(
            req.signature(),
            Some(signature::sign("whsec_k", b"{}").as_str())
        );
    }

    #[test]
    fn bad_and_missing_signatures() {
        let good = signature::sign("whsec_k", b"{}");
        let bad = build(&url(), b"{}".to_vec(), "whsec_k", &Signing::Bad, &[]);
        let bad = bad.signature().unwrap();
        assert_eq!(bad.len(), good.len());
        assert_ne!(bad, good);
        assert!(signature::parse_header(bad).is_ok());
        let none = build(&url(), b"{}".to_vec(), "whsec_k", &Signing::Missing, &[]);
        assert_eq!(none.signature(), None);
    }

    #[test]
    fn user_headers_replace_ours() {
        let extra = [("content-type".to_owned(), "text/plain".to_owned())];
        let req = build(&url(), vec![], "k", &Signing::Valid, &extra);
        let types: Vec<_> = req
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("content-type"))
            .collect();
        assert_eq!(types.len(), 1);
        assert_eq!(types[0].1, "text/plain");
    }

    #[test]
    fn header_arguments() {
        assert_eq!(
            parse_header("X-Test:  a:b ").unwrap(),
            ("X-Test".to_owned(), "a:b".to_owned())
        );
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("bad name: 1").is_err());
        assert!(parse_header("X: a\nb").is_err());
    }
}
