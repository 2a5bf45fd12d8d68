//! Known-answer vectors made by Python's `hmac` (fixtures/vectors/generate.py), checked against
//! the Rust core, so our signatures match an independent implementation byte for byte.

use base64::Engine;
use serde_json::Value;
use trst_hooks::signature;

fn vectors() -> Vec<Value> {
    let text = include_str!("../../fixtures/vectors/signatures.json");
    let doc: Value = serde_json::from_str(text).expect("vectors file is JSON");
    doc["vectors"].as_array().expect("vectors array").clone()
}

fn body_of(vector: &Value) -> Vec<u8> {
    if let Some(b64) = vector["body_base64"].as_str() {
        return base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64 body");
    }
    let len = vector["body_pattern"]["len"]
        .as_u64()
        .expect("pattern length") as usize;
    (0..len).map(|i| ((i * 7 + 3) % 251) as u8).collect()
}

#[test]
fn every_vector_signs_and_verifies() {
    let vectors = vectors();
    assert!(vectors.len() >= 9, "expected the full vector set");
    for vector in &vectors {
        let name = vector["name"].as_str().unwrap_or("?");
        let secret = vector["secret"].as_str().expect("secret");
        let expected = vector["signature"].as_str().expect("signature");
        let body = body_of(vector);
        assert_eq!(signature::sign(secret, &body), expected, "vector {name:?}");
        assert_eq!(
            signature::verify(&body, Some(expected), &[secret]),
            Ok(0),
            "vector {name:?}"
        );
        let upper = format!("sha256={}", expected["sha256=".len()..].to_uppercase());
        assert_eq!(
            signature::verify(&body, Some(&upper), &[secret]),
            Ok(0),
            "uppercase {name:?}"
        );
    }
}

#[test]
fn the_pattern_body_is_what_python_made() {
    // Guards the pattern formula itself: the first bytes of (i * 7 + 3) % 251.
    let vector = vectors()
        .into_iter()
        .find(|v| v.get("body_pattern").is_some())
        .expect("pattern vector");
    assert_eq!(&body_of(&vector)[..4], &[3, 10, 17, 24]);
}
