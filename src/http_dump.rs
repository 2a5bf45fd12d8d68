//! Parsing a raw HTTP/1.1 request as captured with `nc -l` (request line, headers, blank line,
//! body), so `verify --request` can check exactly what a sender put on the wire. Pure.

/// A parsed request: what verification needs, nothing more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequest {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Bytes after the declared body (a second request, or capture noise).
    pub trailing_bytes: usize,
}

/// What is wrong with a capture.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DumpError {
    #[error("capture is empty")]
    Empty,
    #[error("first line is not an HTTP request line (\"POST /path HTTP/1.1\"): {0:?}")]
    BadRequestLine(String),
    #[error("headers never end: no blank line after them (capture cut off?)")]
    UnterminatedHeaders,
    #[error("malformed header line {0:?}")]
    BadHeader(String),
    #[error("Content-Length {0:?} is not a number")]
    BadContentLength(String),
    #[error("body is {actual} bytes but Content-Length says {declared} (capture cut off?)")]
    TruncatedBody { declared: usize, actual: usize },
    #[error("chunked body is malformed or cut off")]
    BadChunks,
}

impl RawRequest {
    /// Every value of a header, by case-insensitive name.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        values_of(&self.headers, name)
    }
}

/// Every value of header `name` (case-insensitive) in a list of (name, value) pairs, in order:
/// one rule for a captured request and a logged delivery alike.
pub fn values_of<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// True when `input` starts like an HTTP request (used to pick `verify`'s mode automatically).
pub fn looks_like_request(input: &[u8]) -> bool {
    let first_line = input.split(|&b| b == b'\n').next().unwrap_or_default();
    let Ok(line) = std::str::from_utf8(first_line) else {
        return false;
    };
    parse_request_line(line.trim_end_matches('\r')).is_some()
}

fn parse_request_line(line: &str) -> Option<(String, String)> {
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let valid = parts.next().is_none()
        && !method.is_empty()
        && method.bytes().all(|b| b.is_ascii_uppercase())
        && !target.is_empty()
        && version.starts_with("HTTP/");
    valid.then(|| (method.to_owned(), target.to_owned()))
}

/// Parse a capture. Lines may end in CRLF or bare LF (a capture pasted through an editor).
pub fn parse(input: &[u8]) -> Result<RawRequest, DumpError> {
    if input.is_empty() {
        return Err(DumpError::Empty);
    }
    let (head, body_start) = split_head(input).ok_or(DumpError::UnterminatedHeaders)?;
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().unwrap_or_default();
    let (method, target) = parse_request_line(request_line)
        .ok_or_else(|| DumpError::BadRequestLine(request_line.chars().take(80).collect()))?;
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .filter(|(n, _)| !n.is_empty() && !n.contains(' '))
            .ok_or_else(|| DumpError::BadHeader(line.chars().take(80).collect()))?;
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let rest = &input[body_start..];
    let mut request = RawRequest {
        method,
        target,
        headers,
        body: Vec::new(),
        trailing_bytes: 0,
    };
    let chunked = request
        .header_values("transfer-encoding")
        .iter()
        .any(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        let (body, used) = decode_chunked(rest).ok_or(DumpError::BadChunks)?;
        request.body = body;
        request.trailing_bytes = rest.len() - used;
    } else if let Some(declared) = request.header_values("content-length").first() {
        let declared: usize = declared
            .parse()
            .map_err(|_| DumpError::BadContentLength((*declared).to_owned()))?;
        if rest.len() < declared {
            return Err(DumpError::TruncatedBody {
                declared,
                actual: rest.len(),
            });
        }
        request.body = rest[..declared].to_vec();
        request.trailing_bytes = rest.len() - declared;
    } else {
        request.body = rest.to_vec();
    }
    Ok(request)
}

/// Split at the first blank line; returns the head and where the body starts.
fn split_head(input: &[u8]) -> Option<(&[u8], usize)> {
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'\n' {
            if input.get(i + 1) == Some(&b'\n') {
                return Some((&input[..i], i + 2));
            }
            if input.get(i + 1) == Some(&b'\r') && input.get(i + 2) == Some(&b'\n') {
                return Some((&input[..i], i + 3));
            }
        }
        i += 1;
    }
    None
}

fn decode_chunked(input: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut body = Vec::new();
    let mut pos = 0;
    loop {
        let line_end = pos + input[pos..].iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&input[pos..line_end])
            .ok()?
            .trim_end_matches('\r');
        let size_text = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        pos = line_end + 1;
        if size == 0 {
            // Skip optional trailers up to the final blank line.
            loop {
                let end = pos + input[pos..].iter().position(|&b| b == b'\n')?;
                let blank = input[pos..end].iter().all(|&b| b == b'\r');
                pos = end + 1;
                if blank {
                    return Some((body, pos));
                }
            }
        }
        let chunk = input.get(pos..pos.checked_add(size)?)?;
        body.extend_from_slice(chunk);
        pos += size;
        if input.get(pos) == Some(&b'\r') {
            pos += 1;
        }
        if input.get(pos) != Some(&b'\n') {
            return None;
        }
        pos += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAPTURE: &[u8] = b"POST /webhooks/trst HTTP/1.1\r\nHost: localhost:3000\r\nContent-Type: application/json\r\nX-Webhook-Signature: sha256=abc\r\nContent-Length: 7\r\n\r\n{\"a\":1}";

    #[test]
    fn parses_a_plain_capture() {
        let r = parse(CAPTURE).unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(r.target, "/webhooks/trst");
        assert_eq!(r.header_values("x-webhook-signature"), vec!["sha256=abc"]);
        assert_eq!(r.body, b"{\"a\":1}");
        assert!(looks_like_request(CAPTURE));
        assert!(!looks_like_request(b"{\"a\":1}"));
    }

    #[test]
    fn bare_newlines_and_no_content_length() {
        let r = parse(b"POST / HTTP/1.1\nX-Webhook-Signature: s\n\nbody\n").unwrap();
        assert_eq!(r.body, b"body\n");
    }

    #[test]
    fn truncated_captures_are_named() {
        let cut = &CAPTURE[..CAPTURE.len() - 3];
        assert_eq!(
            parse(cut),
            Err(DumpError::TruncatedBody {
                declared: 7,
                actual: 4
            })
        );
        assert_eq!(
            parse(b"POST / HTTP/1.1\r\nHost: x\r\n"),
            Err(DumpError::UnterminatedHeaders)
        );
        assert!(matches!(
            parse(b"hello\r\n\r\n"),
            Err(DumpError::BadRequestLine(_))
        ));
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\nnocolon\r\n\r\n"),
            Err(DumpError::BadHeader(_))
        ));
        assert_eq!(parse(b""), Err(DumpError::Empty));
    }

    #[test]
    fn chunked_bodies_decode() {
        let capture = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        assert_eq!(parse(capture).unwrap().body, b"abcde");
        let cut = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab";
        assert_eq!(parse(cut), Err(DumpError::BadChunks));
    }
}
