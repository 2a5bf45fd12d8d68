//! What `sign` prints: the signature value, the whole header line (`--header`), or one JSON object
//! (`--json`, schema in `docs/schemas/sign.schema.json`).

use std::io::Write;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{json_line, line};
use crate::signature::HEADER_NAME;

/// Which form `sign` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Value,
    Header,
    Json,
}

/// The JSON form of a signature.
#[derive(Debug, Serialize)]
struct SignJson<'a> {
    signature: &'a str,
    header: String,
    body_sha256: String,
    bytes: usize,
    secret: &'a str,
}

/// Print `signature` (of `body`, made with the secret shown masked as `masked_secret`).
pub fn print<W: Write>(
    out: &mut W,
    form: Form,
    signature: &str,
    body: &[u8],
    masked_secret: &str,
) -> std::io::Result<()> {
    let header = format!("{HEADER_NAME}: {signature}");
    match form {
        Form::Value => line(out, signature),
        Form::Header => line(out, header),
        Form::Json => json_line(
            out,
            &SignJson {
                signature,
                header,
                body_sha256: hex::encode(Sha256::digest(body)),
                bytes: body.len(),
                secret: masked_secret,
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(form: Form) -> String {
        let mut out = Vec::new();
        print(&mut out, form, "sha256=ab", b"{}", "whsec_ab…").unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn three_forms() {
        assert_eq!(printed(Form::Value), "sha256=ab\n");
        assert_eq!(printed(Form::Header), "X-Webhook-Signature: sha256=ab\n");
        let json: serde_json::Value = serde_json::from_str(&printed(Form::Json)).unwrap();
        assert_eq!(json["header"], "X-Webhook-Signature: sha256=ab");
        assert_eq!(json["bytes"], 2);
        assert_eq!(json["secret"], "whsec_ab…");
        assert_eq!(
            json["body_sha256"],
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }
}
