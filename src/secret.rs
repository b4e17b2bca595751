//! Random secrets (client secrets, refresh tokens, the generated signing key and admin
//! password) and the digests they are stored as.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// `bytes` random bytes from the operating system, URL-safe base64 without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS generator failing means the machine cannot make secrets at all.
    getrandom::fill(&mut buf).expect("the operating system's random generator");
    URL_SAFE_NO_PAD.encode(buf)
}

/// A secret with a recognisable prefix (so a leaked one is easy to spot in logs and repos).
pub fn prefixed_token(prefix: &str) -> String {
    format!("{prefix}{}", random_token(32))
}

/// How high-entropy secrets are stored: hex SHA-256. Lookups by digest are safe because the
/// secret is unguessable; low-entropy passwords use argon2 instead.
pub fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_url_safe() {
        let a = random_token(32);
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token(32));
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert!(prefixed_token("kcs_").starts_with("kcs_"));
    }

    #[test]
    fn digest_is_hex_sha256() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
