//! Webhook secrets and signatures. A hook's secret is 32 random bytes, shown to the admin once as hex;
//! each delivery carries `X-Tarjuman-Timestamp` (Unix seconds) and `X-Tarjuman-Signature:
//! sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>`, so a receiver checks who sent it and
//! refuses an old one replayed.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A new secret: the bytes to store and the hex to show once.
pub fn generate() -> ([u8; 32], String) {
    let secret = super::random_bytes::<32>();
    (secret, super::hex(&secret))
}

/// The `X-Tarjuman-Signature` value of `body` sent at `timestamp`.
pub fn signature(secret: &[u8], timestamp: i64, body: &str) -> String {
    // HMAC takes a key of any length; the error is unreachable.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("sha256={}", super::hex(&mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Known answer computed with Python's hmac module.
        assert_eq!(
            signature(b"Jefe", 1_700_000_000, "{\"event\":\"ping\"}"),
            "sha256=f3e097cde69e23471c620900c5a8a262f242b16162e03460edee4c1308bac639"
        );
        assert_ne!(signature(b"Jefe", 1, "x"), signature(b"Jefe", 2, "x"), "the timestamp is signed");
    }
}
