//! API tokens: `tj_` followed by 64 hex digits (256 random bits). Only the SHA-256 of a token is stored;
//! the prefix lets secret scanners and people recognise a leaked one.

use sha2::{Digest, Sha256};

/// What every token starts with.
pub const PREFIX: &str = "tj_";

/// A new token and the hash to store for it.
pub fn generate() -> (String, [u8; 32]) {
    let token = format!("{PREFIX}{}", super::hex(&super::random_bytes::<32>()));
    let hash = hash(&token);
    (token, hash)
}

/// The stored form of a token someone presents.
pub fn hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_and_hash_consistently() {
        let (token, stored) = generate();
        assert!(token.starts_with(PREFIX));
        assert_eq!(token.len(), PREFIX.len() + 64);
        assert_eq!(hash(&token), stored);
        assert_ne!(generate().0, token);
    }
}
