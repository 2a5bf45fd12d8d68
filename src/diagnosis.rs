//! When a signature fails, find the classic integration mistake that explains it (secret without
//! its prefix, body re-serialised, base64 instead of hex, …). Pure: it only recomputes HMACs over
//! variants of the inputs, so `verify` and `listen` can both name the cause.

use base64::Engine;
use serde_json::Value;

use crate::signature::{self, DIGEST_LEN, PREFIX};

mod json_style;
mod scheme;

use json_style::render_json;
pub use json_style::{JsonStyle, ascii_json};
pub use scheme::OtherScheme;

/// The re-serialisation mistake in a few words, shared by `verify`, `listen` and `check`.
pub const RESERIALISED_BODY: &str = "the signature is checked over a re-serialised body (parsed, then turned back into JSON), not the raw bytes that were signed";

/// The fix for [`RESERIALISED_BODY`], with the usual way to get the raw body in common frameworks.
pub const VERIFY_RAW_BODY: &str = "compute the HMAC over the raw request body before any JSON parsing (Express: express.raw({type: 'application/json'}); Flask: request.get_data(); Django: request.body; Rails: request.raw_post)";

/// One known mistake that reproduces the failing signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mistake {
    /// The header has the hex digest but no `sha256=` in front.
    MissingPrefix,
    /// The digest was base64-encoded instead of hex.
    Base64Signature,
    /// The sender used the secret without its `whsec_` prefix.
    SecretWithoutPrefix,
    /// Our secret lacks the `whsec_` prefix the sender used.
    OurSecretWithoutPrefix,
    /// The sender's secret had a trailing newline (read from a file without trimming).
    SecretTrailingNewline,
    /// The signature covers the body re-serialised in another JSON style, not the raw bytes.
    Reserialised(JsonStyle),
    /// The signature covers the body with a trailing newline that the request does not have.
    BodyNewlineAdded,
    /// The signature covers the body without the trailing newline the request has.
    BodyNewlineRemoved,
    /// The header is written in another provider's scheme, not TRST's `sha256=<hex>`.
    OtherScheme(OtherScheme),
    /// Only the published development secret was tried (a listener given no secret), and the
    /// sender signed with another: most likely the webhook's own secret (the emulator loop).
    DevelopmentSecretOnly,
}

impl Mistake {
    /// A stable snake_case name for JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            Mistake::MissingPrefix => "missing_sha256_prefix",
            Mistake::Base64Signature => "base64_signature",
            Mistake::SecretWithoutPrefix => "secret_without_whsec_prefix",
            Mistake::OurSecretWithoutPrefix => "our_secret_without_whsec_prefix",
            Mistake::SecretTrailingNewline => "secret_trailing_newline",
            Mistake::Reserialised(_) => "body_reserialised",
            Mistake::BodyNewlineAdded => "body_trailing_newline_added",
            Mistake::BodyNewlineRemoved => "body_trailing_newline_removed",
            Mistake::OtherScheme(OtherScheme::StandardWebhooks) => "standard_webhooks_signature",
            Mistake::OtherScheme(OtherScheme::Stripe) => "stripe_signature",
            Mistake::DevelopmentSecretOnly => "development_secret_only",
        }
    }

    /// What happened, in one sentence.
    pub fn explanation(&self) -> String {
        match self {
            Mistake::MissingPrefix => "the signature is the right hex digest but lacks the \"sha256=\" prefix".into(),
            Mistake::Base64Signature => "the signature is base64-encoded; TRST sends lowercase hex".into(),
            Mistake::SecretWithoutPrefix => "the signer used the secret without its \"whsec_\" prefix".into(),
            Mistake::OurSecretWithoutPrefix => "the signer used the secret with a \"whsec_\" prefix that the secret given here lacks".into(),
            Mistake::SecretTrailingNewline => "the signer's secret ends with a newline".into(),
            Mistake::Reserialised(style) => format!("the signature covers the body re-serialised as {}, not the raw bytes", style.describe()),
            Mistake::BodyNewlineAdded => "the signature covers the body plus a trailing newline".into(),
            Mistake::BodyNewlineRemoved => "the signature covers the body without its trailing newline".into(),
            Mistake::OtherScheme(scheme) => format!("the header is {}, another webhook scheme, not TRST's \"sha256=<hex>\"", scheme.describe()),
            Mistake::DevelopmentSecretOnly => "this listener uses the local development secret (it was given no secret), and the sender signed with another one, most likely the webhook's own secret".into(),
        }
    }

    /// How to fix it, in one sentence.
    pub fn hint(&self) -> &'static str {
        match self {
            Mistake::MissingPrefix | Mistake::Base64Signature => {
                "send the header as \"sha256=\" followed by the lowercase hex digest"
            }
            Mistake::SecretWithoutPrefix => {
                "use the whole secret as issued, \"whsec_\" included, as the HMAC key"
            }
            Mistake::OurSecretWithoutPrefix => {
                "give the whole secret as issued, \"whsec_\" included"
            }
            Mistake::SecretTrailingNewline => {
                "strip the newline when reading the secret from a file or env var"
            }
            Mistake::Reserialised(_) => VERIFY_RAW_BODY,
            Mistake::BodyNewlineAdded | Mistake::BodyNewlineRemoved => {
                "sign and send exactly the same bytes; check what adds or strips the final newline"
            }
            Mistake::OtherScheme(OtherScheme::StandardWebhooks) => {
                "TRST sends X-Webhook-Signature: sha256=<lowercase hex HMAC-SHA256 of the raw body, whole secret as key>, with no message id or timestamp signed: sign that way (trst-hooks sign shows how), or check this header with a Standard Webhooks library"
            }
            Mistake::OtherScheme(OtherScheme::Stripe) => {
                "TRST sends X-Webhook-Signature: sha256=<lowercase hex HMAC-SHA256 of the raw body, whole secret as key>, with no timestamp signed: sign that way (trst-hooks sign shows how), or check this header with Stripe's library"
            }
            Mistake::DevelopmentSecretOnly => {
                "give it the webhook's secret: TRST_WEBHOOK_SECRET=whsec_… trst-hooks listen, or --secret-env NAME, or create the webhook with `webhooks create … --save-secret wh.secret` and run `listen --secret-file wh.secret`"
            }
        }
    }
}

/// The claimed digest, read as leniently as possible, plus how its format was wrong (if it was).
fn lenient_digest(header: &str) -> Option<([u8; DIGEST_LEN], Option<Mistake>)> {
    let trimmed = header.trim();
    let (rest, had_prefix) = match trimmed.strip_prefix(PREFIX) {
        Some(rest) => (rest, true),
        None => (trimmed, false),
    };
    if let Ok(bytes) = hex::decode(rest)
        && let Ok(digest) = <[u8; DIGEST_LEN]>::try_from(bytes.as_slice())
    {
        let mistake = (!had_prefix).then_some(Mistake::MissingPrefix);
        return Some((digest, mistake));
    }
    let engines = [
        base64::engine::general_purpose::STANDARD,
        base64::engine::general_purpose::URL_SAFE,
        base64::engine::general_purpose::STANDARD_NO_PAD,
        base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    engines.iter().find_map(|engine| {
        let bytes = engine.decode(rest).ok()?;
        let digest = <[u8; DIGEST_LEN]>::try_from(bytes.as_slice()).ok()?;
        Some((digest, Some(Mistake::Base64Signature)))
    })
}

/// Find the mistakes that explain why `header` does not verify `body` under `secrets`. An empty
/// result means no known mistake explains it (most likely a different secret).
pub fn diagnose<S: AsRef<[u8]>>(body: &[u8], header: &str, secrets: &[S]) -> Vec<Mistake> {
    if let Some(other) = scheme::recognise(header) {
        return vec![Mistake::OtherScheme(other)];
    }
    let Some((claimed, format_mistake)) = lenient_digest(header) else {
        return Vec::new();
    };
    let with_format = |found: Option<Mistake>| -> Vec<Mistake> {
        format_mistake.iter().cloned().chain(found).collect()
    };
    for secret in secrets {
        let secret = secret.as_ref();
        if signature::digest(secret, body) == claimed {
            return with_format(None);
        }
        for (key, mistake) in key_variants(secret) {
            if signature::digest(&key, body) == claimed {
                return with_format(Some(mistake));
            }
        }
        for (variant, mistake) in body_variants(body) {
            if signature::digest(secret, &variant) == claimed {
                return with_format(Some(mistake));
            }
        }
    }
    if let [only] = secrets
        && only.as_ref() == crate::secret::LOCAL_DEV_SECRET.as_bytes()
    {
        return with_format(Some(Mistake::DevelopmentSecretOnly));
    }
    Vec::new()
}

fn key_variants(secret: &[u8]) -> Vec<(Vec<u8>, Mistake)> {
    let mut variants = Vec::new();
    if let Some(bare) = secret.strip_prefix(b"whsec_") {
        variants.push((bare.to_vec(), Mistake::SecretWithoutPrefix));
    } else {
        variants.push((
            [b"whsec_", secret].concat(),
            Mistake::OurSecretWithoutPrefix,
        ));
    }
    for newline in [&b"\n"[..], b"\r\n"] {
        variants.push(([secret, newline].concat(), Mistake::SecretTrailingNewline));
    }
    variants
}

fn body_variants(body: &[u8]) -> Vec<(Vec<u8>, Mistake)> {
    let mut variants = Vec::new();
    if let Some(stripped) = body
        .strip_suffix(b"\r\n")
        .or_else(|| body.strip_suffix(b"\n"))
    {
        variants.push((stripped.to_vec(), Mistake::BodyNewlineRemoved));
    }
    variants.push(([body, b"\n"].concat(), Mistake::BodyNewlineAdded));
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        for style in JsonStyle::ALL {
            let rendered = render_json(&value, style);
            if rendered != body {
                variants.push((rendered, Mistake::Reserialised(style)));
            }
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::sign;

    const SECRET: &str = "whsec_abc123";
    const BODY: &[u8] = r#"{"event_id":"e1","data":{"event_type":"x","b":1,"a":"é"}}"#.as_bytes();

    fn diagnose_one(body: &[u8], header: &str) -> Vec<Mistake> {
        diagnose(body, header, &[SECRET])
    }

    #[test]
    fn secret_without_prefix() {
        let header = sign("abc123", BODY);
        assert_eq!(
            diagnose_one(BODY, &header),
            vec![Mistake::SecretWithoutPrefix]
        );
    }

    #[test]
    fn secret_with_trailing_newline() {
        let header = sign("whsec_abc123\n", BODY);
        assert_eq!(
            diagnose_one(BODY, &header),
            vec![Mistake::SecretTrailingNewline]
        );
    }

    #[test]
    fn reserialised_pretty_and_python() {
        let value: Value = serde_json::from_slice(BODY).unwrap();
        let pretty = serde_json::to_vec_pretty(&value).unwrap();
        let header = sign(SECRET, &pretty);
        assert_eq!(
            diagnose_one(BODY, &header),
            vec![Mistake::Reserialised(JsonStyle::Pretty)]
        );
        let python = br#"{"event_id": "e1", "data": {"event_type": "x", "b": 1, "a": "\u00e9"}}"#;
        let header = sign(SECRET, python);
        assert_eq!(
            diagnose_one(BODY, &header),
            vec![Mistake::Reserialised(JsonStyle::PythonDefault)]
        );
    }

    #[test]
    fn reordered_keys() {
        let sorted = r#"{"data":{"a":"é","b":1,"event_type":"x"},"event_id":"e1"}"#.as_bytes();
        let header = sign(SECRET, sorted);
        assert_eq!(
            diagnose_one(BODY, &header),
            vec![Mistake::Reserialised(JsonStyle::SortedCompact)]
        );
    }

    #[test]
    fn base64_and_missing_prefix() {
        let digest = signature::digest(SECRET.as_bytes(), BODY);
        let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
        assert_eq!(diagnose_one(BODY, &b64), vec![Mistake::Base64Signature]);
        assert_eq!(
            diagnose_one(BODY, &format!("sha256={b64}")),
            vec![Mistake::Base64Signature]
        );
        assert_eq!(
            diagnose_one(BODY, &hex::encode(digest)),
            vec![Mistake::MissingPrefix]
        );
    }

    #[test]
    fn format_and_key_mistake_together() {
        let digest = signature::digest(b"abc123", BODY);
        assert_eq!(
            diagnose_one(BODY, &hex::encode(digest)),
            vec![Mistake::MissingPrefix, Mistake::SecretWithoutPrefix]
        );
    }

    #[test]
    fn trailing_newline_added_or_removed() {
        let header = sign(SECRET, &[BODY, b"\n"].concat());
        assert_eq!(diagnose_one(BODY, &header), vec![Mistake::BodyNewlineAdded]);
        let with_newline = [BODY, b"\n"].concat();
        let header = sign(SECRET, BODY);
        assert_eq!(
            diagnose_one(&with_newline, &header),
            vec![Mistake::BodyNewlineRemoved]
        );
    }

    #[test]
    fn nothing_explains_a_different_secret() {
        let header = sign("whsec_other", BODY);
        assert!(diagnose_one(BODY, &header).is_empty());
        assert!(diagnose_one(BODY, "garbage").is_empty());
    }

    #[test]
    fn our_secret_missing_prefix() {
        let header = sign("whsec_abc123", BODY);
        assert_eq!(
            diagnose(BODY, &header, &["abc123"]),
            vec![Mistake::OurSecretWithoutPrefix]
        );
    }

    #[test]
    fn standard_webhooks_header_is_named() {
        let digest = signature::digest(SECRET.as_bytes(), b"msg_1.1700000000.{}");
        let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
        let one = format!("v1,{b64}");
        let mistakes = diagnose_one(BODY, &one);
        assert_eq!(
            mistakes,
            vec![Mistake::OtherScheme(OtherScheme::StandardWebhooks)]
        );
        assert_eq!(mistakes[0].code(), "standard_webhooks_signature");
        assert!(mistakes[0].explanation().contains("Standard Webhooks"));
        assert!(mistakes[0].hint().contains("sha256=<lowercase hex"));
        let two = format!("v1,{b64} v1,{b64}");
        assert_eq!(diagnose_one(BODY, &two), mistakes, "several signatures");
        assert!(
            diagnose_one(BODY, "v1,not base64!").is_empty(),
            "only real base64 after v1,"
        );
    }

    #[test]
    fn stripe_header_is_named() {
        let hex = hex::encode(signature::digest(SECRET.as_bytes(), b"1700000000.{}"));
        let header = format!("t=1700000000,v1={hex},v0={hex}");
        let mistakes = diagnose_one(BODY, &header);
        assert_eq!(mistakes, vec![Mistake::OtherScheme(OtherScheme::Stripe)]);
        assert_eq!(mistakes[0].code(), "stripe_signature");
        assert!(mistakes[0].explanation().contains("Stripe"));
        assert!(mistakes[0].hint().contains("no timestamp"));
        assert!(diagnose_one(BODY, &format!("t=soon,v1={hex}")).is_empty());
        assert!(diagnose_one(BODY, &format!("v1={hex}")).is_empty(), "no t=");
    }

    #[test]
    fn trst_headers_are_not_taken_for_another_scheme() {
        let header = sign("whsec_other", BODY);
        assert_eq!(scheme::recognise(&header), None);
        let digest = signature::digest(SECRET.as_bytes(), BODY);
        let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
        assert_eq!(scheme::recognise(&b64), None);
        assert_eq!(diagnose_one(BODY, &b64), vec![Mistake::Base64Signature]);
    }
}
