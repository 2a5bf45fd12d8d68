//! HMAC-SHA256 signing and verification exactly as TRST does it (contract §1): the key is the
//! whole secret string, `whsec_` included, and the message is the raw body bytes.
//! Pure functions, no IO, so every other part of the tool (and the tests) share one truth.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The header TRST puts the signature in.
pub const HEADER_NAME: &str = "X-Webhook-Signature";
/// The scheme prefix in front of the hex digest.
pub const PREFIX: &str = "sha256=";
/// Length of an HMAC-SHA256 digest in bytes.
pub const DIGEST_LEN: usize = 32;

type HmacSha256 = Hmac<Sha256>;

/// The raw HMAC-SHA256 of `body` under `key`; the building block for signing and diagnosis.
pub fn digest(key: &[u8], body: &[u8]) -> [u8; DIGEST_LEN] {
    let mut mac = mac_for(key);
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// The header value TRST would send for `body`: `sha256=<lowercase hex>`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut value = String::with_capacity(PREFIX.len() + 2 * DIGEST_LEN);
    value.push_str(PREFIX);
    value.push_str(&hex::encode(digest(secret.as_bytes(), body)));
    value
}

/// Why a delivery's signature was not accepted; each variant names one thing to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no X-Webhook-Signature header")]
    Missing,
    #[error("X-Webhook-Signature header sent more than once with different values")]
    Repeated,
    #[error("signature does not start with \"sha256=\"")]
    WrongPrefix,
    #[error("signature after \"sha256=\" is not hex")]
    BadHex,
    #[error("signature is {0} bytes long, an HMAC-SHA256 is 32")]
    WrongLength(usize),
    #[error("signature does not match the body under any of the {0} secret(s) given")]
    Mismatch(usize),
}

impl SignatureError {
    /// A stable snake_case name for JSON output and logs.
    pub fn code(&self) -> &'static str {
        match self {
            SignatureError::Missing => "missing",
            SignatureError::Repeated => "repeated",
            SignatureError::WrongPrefix => "wrong_prefix",
            SignatureError::BadHex => "bad_hex",
            SignatureError::WrongLength(_) => "wrong_length",
            SignatureError::Mismatch(_) => "mismatch",
        }
    }
}

/// Decode a header value into the claimed digest, with TRST's verifier's tolerance: surrounding
/// whitespace is trimmed and hex may be upper- or lowercase.
pub fn parse_header(value: &str) -> Result<[u8; DIGEST_LEN], SignatureError> {
    let hex_part = value
        .trim()
        .strip_prefix(PREFIX)
        .ok_or(SignatureError::WrongPrefix)?;
    decode_digest(hex_part.as_bytes())
}

/// Hex into a digest, by table: the `hex` crate's general decoder was 7% of `verify --log`.
/// Hex of the wrong length says how long, which names the mistake (a truncated copy, a
/// SHA-1, …); an odd length or anything that is not hex at all is bad hex.
fn decode_digest(hex: &[u8]) -> Result<[u8; DIGEST_LEN], SignatureError> {
    if hex.len() != 2 * DIGEST_LEN {
        return Err(
            if hex.len().is_multiple_of(2) && hex.iter().all(u8::is_ascii_hexdigit) {
                SignatureError::WrongLength(hex.len() / 2)
            } else {
                SignatureError::BadHex
            },
        );
    }
    let mut digest = [0u8; DIGEST_LEN];
    // A non-hex byte's table entry has its high bits set; they are gathered and checked once.
    let mut bad = 0u8;
    for (byte, pair) in digest.iter_mut().zip(hex.chunks_exact(2)) {
        let (high, low) = (NIBBLE[usize::from(pair[0])], NIBBLE[usize::from(pair[1])]);
        bad |= high | low;
        *byte = (high << 4) | (low & 0x0f);
    }
    if bad & 0xf0 == 0 {
        Ok(digest)
    } else {
        Err(SignatureError::BadHex)
    }
}

/// Each byte's value as a hex digit (either case), or 0xff when it is not one.
const NIBBLE: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// Verify `body` against a header value with one or more secrets (rotation: current and
/// previous). Returns the index of the secret that matched. The comparison is constant-time.
pub fn verify<S: AsRef<[u8]>>(
    body: &[u8],
    header: Option<&str>,
    secrets: &[S],
) -> Result<usize, SignatureError> {
    let claimed = parse_header(header.ok_or(SignatureError::Missing)?)?;
    secrets
        .iter()
        .position(|secret| {
            let mut mac = mac_for(secret.as_ref());
            mac.update(body);
            mac.verify_slice(&claimed).is_ok()
        })
        .ok_or(SignatureError::Mismatch(secrets.len()))
}

/// Pick the one signature header value out of all the values a request carried: none is
/// `Missing`, repeats of the same value are tolerated, different values are `Repeated`.
pub fn single_header<'a>(values: &[&'a str]) -> Result<&'a str, SignatureError> {
    match values {
        [] => Err(SignatureError::Missing),
        [first, rest @ ..] if rest.iter().all(|v| v.trim() == first.trim()) => Ok(first),
        _ => Err(SignatureError::Repeated),
    }
}

fn mac_for(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length (long ones are hashed first), so this cannot fail.
    match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test";

    #[test]
    fn sign_has_prefix_and_lowercase_hex() {
        let value = sign(SECRET, b"{}");
        assert!(value.starts_with("sha256="));
        assert_eq!(value.len(), 7 + 64);
        assert_eq!(value, value.to_lowercase());
    }

    #[test]
    fn uppercase_hex_and_whitespace_verify() {
        let value = sign(SECRET, b"hello");
        let upper = format!("  sha256={}\t", value[7..].to_uppercase());
        assert_eq!(verify(b"hello", Some(&upper), &[SECRET]), Ok(0));
    }

    #[test]
    fn reasons_are_specific() {
        let body = b"hello";
        assert_eq!(verify(body, None, &[SECRET]), Err(SignatureError::Missing));
        assert_eq!(
            verify(body, Some("md5=abcd"), &[SECRET]),
            Err(SignatureError::WrongPrefix)
        );
        assert_eq!(
            verify(body, Some("sha256=zz"), &[SECRET]),
            Err(SignatureError::BadHex)
        );
        assert_eq!(
            verify(body, Some("sha256=abcd"), &[SECRET]),
            Err(SignatureError::WrongLength(2))
        );
        let other = sign("whsec_other", body);
        assert_eq!(
            verify(body, Some(&other), &[SECRET]),
            Err(SignatureError::Mismatch(1))
        );
    }

    proptest::proptest! {
        /// The table decoder reads hex exactly as the `hex` crate does (an independent
        /// implementation): the same digest, or the same reason for refusing.
        #[test]
        fn hex_is_read_as_the_hex_crate_reads_it(
            text in "[0-9a-fA-F]{0,70}|[0-9a-fA-F]{64}|[0-9a-fA-Fx/ ]{60,66}|[\\x00-\\xff]{64}"
        ) {
            let mut expected = [0u8; DIGEST_LEN];
            let expected = match hex::decode_to_slice(text.as_bytes(), &mut expected) {
                Ok(()) => Ok(expected),
                Err(hex::FromHexError::InvalidStringLength)
                    if text.bytes().all(|b| b.is_ascii_hexdigit()) =>
                {
                    Err(SignatureError::WrongLength(text.len() / 2))
                }
                Err(_) => Err(SignatureError::BadHex),
            };
            proptest::prop_assert_eq!(decode_digest(text.as_bytes()), expected);
        }
    }

    #[test]
    fn second_prefix_is_bad_hex() {
        let value = sign(SECRET, b"x");
        let doubled = format!("sha256={value}");
        assert_eq!(
            verify(b"x", Some(&doubled), &[SECRET]),
            Err(SignatureError::BadHex)
        );
    }

    #[test]
    fn rotation_reports_which_secret_matched() {
        let value = sign("whsec_previous", b"body");
        assert_eq!(
            verify(b"body", Some(&value), &["whsec_current", "whsec_previous"]),
            Ok(1)
        );
    }

    #[test]
    fn prefix_is_part_of_the_key() {
        let with = sign("whsec_abc", b"body");
        let without = sign("abc", b"body");
        assert_ne!(with, without);
    }

    #[test]
    fn single_header_rules() {
        assert_eq!(single_header(&[]), Err(SignatureError::Missing));
        assert_eq!(single_header(&["a", " a "]), Ok("a"));
        assert_eq!(single_header(&["a", "b"]), Err(SignatureError::Repeated));
    }
}
