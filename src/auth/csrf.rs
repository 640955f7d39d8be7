//! Cross-site request forgery tokens: one random token per browser session, sent back by every form (a
//! hidden field) and every script request (the `X-CSRF-Token` header), compared in constant time.

/// A new token: 256 random bits as hex.
pub fn generate() -> String {
    super::hex(&super::random_bytes::<32>())
}

/// Whether `presented` is the session's token, without leaking where they differ through timing.
pub fn matches(expected: &str, presented: &str) -> bool {
    let (a, b) = (expected.as_bytes(), presented.as_bytes());
    a.len() == b.len() && !a.is_empty() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_token_matches() {
        let token = generate();
        assert_eq!(token.len(), 64);
        assert!(matches(&token, &token.clone()));
        assert!(!matches(&token, &generate()));
        assert!(!matches(&token, &token[..63]));
        assert!(!matches("", ""));
    }
}
