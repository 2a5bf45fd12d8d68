//! "Copy as curl": a shell command that sends exactly the bytes a replay would send. Everything
//! is single-quoted; curl's own default headers are removed when the delivery did not have them;
//! a body that cannot be a shell argument (not UTF-8, or holding NUL) goes through base64.

use base64::Engine;

use super::replay::Prepared;

/// The command, one option per line.
pub fn command(p: &Prepared) -> String {
    let mut parts: Vec<String> = Vec::new();
    if p.method != "POST" {
        parts.push(format!("-X {}", quote(&p.method)));
    }
    parts.push(quote(p.url.as_str()));
    let has = |name: &str| p.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    for (name, value) in &p.headers {
        parts.push(format!("-H {}", quote(&format!("{name}: {value}"))));
    }
    // curl adds these on its own; an empty value tells it not to.
    for name in ["Content-Type", "Accept", "User-Agent"] {
        if !has(name) {
            parts.push(format!("-H {}", quote(&format!("{name}:"))));
        }
    }
    let as_text = std::str::from_utf8(&p.body)
        .ok()
        .filter(|text| !text.contains('\0'));
    let (prefix, data) = match as_text {
        Some(text) => (String::new(), format!("--data-raw {}", quote(text))),
        None => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(&p.body);
            (
                format!("printf %s {} | base64 -d | ", quote(&encoded)),
                "--data-binary @-".to_owned(),
            )
        }
    };
    parts.push(data);
    format!("{prefix}curl {}\n", parts.join(" \\\n  "))
}

/// Single-quote for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(body: &[u8]) -> Prepared {
        Prepared {
            url: reqwest::Url::parse("http://127.0.0.1:3000/webhooks/trst").unwrap(),
            method: "POST".into(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("x-note".into(), "it's".into()),
            ],
            body: body.to_vec(),
        }
    }

    #[test]
    fn text_bodies_are_quoted_whole() {
        let text = command(&prepared(b"{\"a\":\"it's @ $HOME\"}"));
        assert!(text.starts_with("curl 'http://127.0.0.1:3000/webhooks/trst'"));
        assert!(text.contains(r#"--data-raw '{"a":"it'\''s @ $HOME"}'"#));
        assert!(text.contains(r"-H 'x-note: it'\''s'"));
        assert!(text.contains("-H 'Accept:'"));
        assert!(!text.contains("-H 'Content-Type:'"));
    }

    #[test]
    fn binary_bodies_go_through_base64() {
        let text = command(&prepared(&[0xff, 0, 1]));
        assert!(text.starts_with("printf %s '/wAB' | base64 -d | curl "));
        assert!(text.contains("--data-binary @-"));
    }
}
