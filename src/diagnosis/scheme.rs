//! Signature headers of other webhook schemes, recognised by their format, so that a header
//! copied from (or produced for) another provider is named as such instead of blamed on the secret.

use base64::Engine;

/// A webhook signature scheme that is not TRST's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherScheme {
    /// Standard Webhooks (Svix and others): `v1,<base64>` (space-separated when several), an
    /// HMAC over `msg_id.timestamp.body`, sent in `webhook-signature`.
    StandardWebhooks,
    /// Stripe: `t=<unix time>,v1=<hex>[,v0=…]`, an HMAC over `t.body`, sent in `Stripe-Signature`.
    Stripe,
}

impl OtherScheme {
    /// The scheme's name and header format, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            OtherScheme::StandardWebhooks => "a Standard Webhooks signature (\"v1,<base64>\")",
            OtherScheme::Stripe => "a Stripe-style signature (\"t=<timestamp>,v1=<hex>\")",
        }
    }
}

/// The other scheme `header` is written in, if it is one we know.
pub fn recognise(header: &str) -> Option<OtherScheme> {
    let header = header.trim();
    if is_standard_webhooks(header) {
        Some(OtherScheme::StandardWebhooks)
    } else if is_stripe(header) {
        Some(OtherScheme::Stripe)
    } else {
        None
    }
}

/// Every space-separated item is `v1,` (or the asymmetric `v1a,`) followed by base64.
fn is_standard_webhooks(header: &str) -> bool {
    let mut items = header.split_whitespace().peekable();
    items.peek().is_some()
        && items.all(|item| {
            let Some((version, signature)) = item.split_once(',') else {
                return false;
            };
            matches!(version, "v1" | "v1a")
                && base64::engine::general_purpose::STANDARD
                    .decode(signature)
                    .is_ok_and(|bytes| !bytes.is_empty())
        })
}

/// Comma-separated `key=value` items with a numeric `t` and at least one hex `v1`.
fn is_stripe(header: &str) -> bool {
    let mut timestamp = false;
    let mut v1 = false;
    for item in header.split(',') {
        let Some((key, value)) = item.trim().split_once('=') else {
            return false;
        };
        match key {
            "t" => timestamp = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
            "v1" => v1 = !value.is_empty() && value.bytes().all(|b| b.is_ascii_hexdigit()),
            _ => {}
        }
    }
    timestamp && v1
}
