//! The reference signature the tests trust: computed with the `hmac` and `sha2` crates directly,
//! never with the crate's own signing code.

/// HMAC-SHA256 header value computed independently of the crate's signing code (the `hmac` and
/// `sha2` crates directly), for tests that check what a command sent or accepted.
pub fn reference_signature(secret: &str, body: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Assert that a request's `X-Webhook-Signature` value is the reference signature of `body`.
#[track_caller]
pub fn assert_signed(header: Option<&str>, secret: &str, body: &[u8]) {
    assert_eq!(header, Some(reference_signature(secret, body).as_str()));
}
