//! An equivalent `curl` command for a request (`send --dry-run`), correctly shell-quoted, body
//! passed byte for byte with `--data-binary`. The signature is shown (an HMAC is not a secret);
//! the secret itself never appears.

use super::request::Outgoing;

/// Quote a word for a POSIX shell: single quotes, with `'` written as `'\''`.
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(&b))
    {
        return word.to_owned();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Render the command. A body that is not plain text (or starts with `@`, which curl would read
/// as a file name) is passed as `@FILE`, with `body_file` naming the file to use.
pub fn render(request: &Outgoing, body_file: &str) -> String {
    let mut parts = vec![format!(
        "curl -i -X POST {}",
        shell_quote(request.url.as_str())
    )];
    for (name, value) in &request.headers {
        parts.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
    }
    match inline_body(&request.body) {
        Some(text) => parts.push(format!("--data-binary {}", shell_quote(text))),
        None => parts.push(format!(
            "--data-binary {}",
            shell_quote(&format!("@{body_file}"))
        )),
    }
    parts.join(" \\\n  ")
}

/// Whether the body can be written inline in the command.
pub fn inline_body(body: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(body).ok()?;
    (!text.starts_with('@') && !text.contains('\0')).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sender::request::{Signing, build};

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("abc"), "abc");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("a b$c"), "'a b$c'");
    }

    #[test]
    fn command_carries_headers_and_exact_body() {
        let url = url::Url::parse("http://127.0.0.1:3000/webhooks/trst").unwrap();
        let body = br#"{"note":"it's $HOME"}"#.to_vec();
        let req = build(&url, body, "whsec_secret_value", &Signing::Valid, &[]);
        let cmd = render(&req, "body.bin");
        assert!(cmd.starts_with("curl -i -X POST http://127.0.0.1:3000/webhooks/trst"));
        assert!(
            cmd.contains(r#"--data-binary '{"note":"it'\''s $HOME"}'"#),
            "{cmd}"
        );
        assert!(cmd.contains("-H 'X-Webhook-Signature: sha256="));
        assert!(!cmd.contains("whsec_secret_value"));
    }

    #[test]
    fn binary_bodies_go_through_a_file() {
        let url = url::Url::parse("http://h/").unwrap();
        let req = build(&url, vec![0xff, 0], "k", &Signing::Missing, &[]);
        assert!(render(&req, "raw.bin").ends_with("--data-binary @raw.bin"));
        let at = build(&url, b"@etc".to_vec(), "k", &Signing::Missing, &[]);
        assert!(inline_body(&at.body).is_none());
    }
}
