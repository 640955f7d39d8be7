//! Credentials: password hashes (argon2) and API tokens (random, stored as SHA-256). Pure functions; the
//! store keeps what they produce.

pub mod csrf;
pub mod password;
pub mod token;
pub mod webhook;

/// `N` random bytes from the operating system.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS random source failing means the machine cannot make credentials at all: nothing to recover.
    getrandom::getrandom(&mut bytes).expect("the operating system's random source failed");
    bytes
}

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
