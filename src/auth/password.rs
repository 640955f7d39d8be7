//! Password hashing with argon2id. The cost comes from configuration so that tests can use cheap
//! parameters; a hash records its own parameters, so verification works whatever the current setting.

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// Hashes and checks passwords with one set of argon2id parameters.
#[derive(Debug, Clone)]
pub struct Passwords {
    params: Params,
}

/// The argon2 parameters were refused.
#[derive(Debug, thiserror::Error)]
#[error("invalid argon2 parameters: {0}")]
pub struct InvalidParams(argon2::Error);

impl Default for Passwords {
    /// The argon2 crate's defaults, which follow OWASP's recommendation (19 MiB, 2 passes, 1 lane).
    fn default() -> Self {
        Self { params: Params::default() }
    }
}

impl Passwords {
    /// Custom cost: memory in KiB and number of passes.
    pub fn with_cost(memory_kib: u32, iterations: u32) -> Result<Self, InvalidParams> {
        Params::new(memory_kib, iterations, 1, None).map(|params| Self { params }).map_err(InvalidParams)
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// The PHC string for `password`, with a fresh salt. CPU-heavy: call it off the async runtime.
    pub fn hash(&self, password: &str) -> String {
        let salt = SaltString::encode_b64(&super::random_bytes::<16>()).expect("16 bytes is a valid salt");
        self.argon2()
            .hash_password(password.as_bytes(), &salt)
            .expect("hashing with validated parameters cannot fail")
            .to_string()
    }

    /// Whether `password` matches `phc`; a malformed stored hash never matches. CPU-heavy.
    pub fn verify(&self, password: &str, phc: &str) -> bool {
        PasswordHash::new(phc)
            .is_ok_and(|hash| self.argon2().verify_password(password.as_bytes(), &hash).is_ok())
    }
}

/// A fingerprint of a password hash, kept in every session signed in with it: once the password changes
/// (by its owner or an admin) the fingerprint no longer matches, and those sessions end.
pub fn stamp(phc: &str) -> String {
    use sha2::Digest as _;
    super::hex(&sha2::Sha256::digest(phc.as_bytes())[..16])
}

/// A new random password: 20 characters from an alphabet without look-alikes (about 116 bits).
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    // 256 is not a multiple of the alphabet's size; rejecting the top bytes keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut out = String::with_capacity(20);
    while out.len() < 20 {
        for b in super::random_bytes::<32>() {
            if (b as usize) < limit && out.len() < 20 {
                out.push(ALPHABET[b as usize % ALPHABET.len()] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_its_own_hash_and_nothing_else() {
        let passwords = Passwords::with_cost(8, 1).unwrap();
        let hash = passwords.hash("correct horse");
        assert!(passwords.verify("correct horse", &hash));
        assert!(!passwords.verify("correct hors", &hash));
        assert!(!passwords.verify("correct horse", "not a hash"));
    }

    #[test]
    fn a_hash_made_with_other_parameters_still_verifies() {
        let hash = Passwords::with_cost(16, 2).unwrap().hash("pw");
        assert!(Passwords::with_cost(8, 1).unwrap().verify("pw", &hash));
    }

    #[test]
    fn generated_passwords_differ() {
        let (a, b) = (generate(), generate());
        assert_eq!(a.chars().count(), 20);
        assert_ne!(a, b);
    }
}
