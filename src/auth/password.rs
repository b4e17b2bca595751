//! Password hashing with argon2id (the `argon2` crate's defaults, which follow OWASP).

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// A PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$...`.
pub fn hash(password: &str) -> String {
    let salt = SaltString::encode_b64(&salt_bytes()).unwrap_or_else(|_| unreachable!());
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_else(|e| unreachable!("argon2 with default parameters: {e}"))
}

fn salt_bytes() -> [u8; 16] {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system's random generator");
    salt
}

/// Whether `password` matches `stored`. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Spends the time of one verification for a username that does not exist, so that an unknown
/// user and a wrong password take as long as each other.
pub fn verify_nothing(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash(&crate::secret::random_token(16)));
    let _ = verify(password, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("kata-sandi-rahasia");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("kata-sandi-rahasia", &stored));
        assert!(!verify("kata-sandi-Rahasia", &stored));
        assert!(!verify("kata-sandi-rahasia", "not a hash"));
        assert_ne!(stored, hash("kata-sandi-rahasia"), "salted");
    }
}
