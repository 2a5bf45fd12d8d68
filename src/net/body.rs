//! Reading an answer's body up to a limit: an endpoint under test may answer with megabytes (or
//! never stop), and every client in the tool keeps only a bounded prefix for display and logs.

/// A body read up to `cap` bytes. It keeps what arrived even when the read is cut short by the
/// cap, an error or a caller's timeout (the bytes live here, not in the reading future).
#[derive(Debug, Clone, Default)]
pub struct CappedBody {
    /// At most `cap` bytes of the body.
    pub bytes: Vec<u8>,
    /// The body was longer than `cap`; the rest was not read.
    pub truncated: bool,
    cap: usize,
}

impl CappedBody {
    /// An empty body that will keep at most `cap` bytes.
    pub fn new(cap: usize) -> Self {
        CappedBody {
            bytes: Vec::new(),
            truncated: false,
            cap,
        }
    }

    /// Read chunks into the body until the end, the cap, or an error. After the cap the
    /// connection is left unread (reqwest closes it rather than reusing it).
    pub async fn read_from(&mut self, response: &mut reqwest::Response) -> reqwest::Result<()> {
        while let Some(chunk) = response.chunk().await? {
            if self.push(&chunk) {
                break;
            }
        }
        Ok(())
    }

    /// Append a chunk, keeping at most `cap` bytes; true once the cap was exceeded.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let room = self.cap.saturating_sub(self.bytes.len());
        if chunk.len() > room {
            self.bytes.extend_from_slice(&chunk[..room]);
            self.truncated = true;
        } else {
            self.bytes.extend_from_slice(chunk);
        }
        self.truncated
    }

    /// The body as text, invalid UTF-8 replaced.
    pub fn lossy_text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// Read at most `cap` bytes of `response`'s body; the error, if the body broke off, is returned
/// beside what arrived before it.
pub async fn read_capped(
    response: &mut reqwest::Response,
    cap: usize,
) -> (CappedBody, reqwest::Result<()>) {
    let mut body = CappedBody::new(cap);
    let result = body.read_from(response).await;
    (body, result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_keeps_at_most_the_cap_and_says_so() {
        let mut body = CappedBody::new(5);
        assert!(!body.push(b"abc"));
        assert!(!body.push(b"de"));
        assert!(!body.truncated);
        assert!(body.push(b"f"));
        assert_eq!(body.bytes, b"abcde");
        assert!(body.truncated);
    }
}
