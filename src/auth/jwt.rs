//! Access tokens: HS256 JWTs with the registered claims, verified strictly (one algorithm, our
//! issuer and audience, 30 seconds of clock leeway).

use std::time::Duration;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "kinerja";
pub const AUDIENCE: &str = "kinerja-api";
pub const LEEWAY_SECS: u64 = 30;
/// RFC 7518 asks for an HS256 key of at least the hash size.
pub const MIN_SECRET_BYTES: usize = 32;

/// Whether the subject is a person or an integration client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    User,
    Client,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user's or client's id.
    pub sub: String,
    pub exp: i64,
    pub iat: i64,
    pub nbf: i64,
    pub jti: String,
    pub kind: SubjectKind,
    /// A user's roles when the token was issued (informational: each request reads the current
    /// roles from the database).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// A client's granted scopes, space-separated (RFC 8693 style).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// For a person: the account's token generation at issue; a token of an older one has
    /// been ended (logout, password or role change, disabling).
    #[serde(default)]
    pub generation: i64,
    /// What the account was when the token was issued, so that a read can be authorised
    /// before the database is asked whether it still is (see `principal::defer_check`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
}

/// The account as a token describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// A user's username, or a client's name.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_unit_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<String>,
    /// A client's version at issue: any change to the client (a new secret, other scopes, a
    /// new name) ends its tokens, as a person's token generation does theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// Signs and verifies access tokens with one key.
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl: Duration,
}

impl Tokens {
    pub fn new(secret: &[u8], access_ttl: Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "sub", "iss", "aud"]);
        Tokens {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl,
        }
    }

    /// Issues an access token valid from now for `access_ttl`.
    pub fn issue(
        &self,
        sub: &str,
        kind: SubjectKind,
        roles: Vec<String>,
        scope: String,
        generation: i64,
        profile: Profile,
    ) -> String {
        let now = chrono::Utc::now().timestamp();
        let ttl = i64::try_from(self.access_ttl.as_secs()).unwrap_or(i64::MAX);
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: sub.into(),
            exp: now.saturating_add(ttl),
            iat: now,
            nbf: now,
            jti: uuid::Uuid::now_v7().to_string(),
            kind,
            roles,
            scope,
            generation,
            profile: Some(profile),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .unwrap_or_else(|e| unreachable!("HS256 signing cannot fail: {e}"))
    }

    /// The claims of a valid token, or why it is not valid (for `error_description`).
    pub fn verify(&self, token: &str) -> Result<Claims, &'static str> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => "the token has expired",
                ErrorKind::ImmatureSignature => "the token is not valid yet",
                ErrorKind::InvalidAudience => "the token is for another audience",
                ErrorKind::InvalidIssuer => "the token is from another issuer",
                ErrorKind::InvalidSignature => "the token's signature does not verify",
                ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
                    "the token is signed with another algorithm"
                }
                ErrorKind::MissingRequiredClaim(_) => "the token lacks a required claim",
                _ => "the token is malformed",
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn tokens() -> Tokens {
        Tokens::new(SECRET, Duration::from_secs(900))
    }

    fn forge(claims: serde_json::Value, alg: Algorithm, key: &[u8]) -> String {
        jsonwebtoken::encode(&Header::new(alg), &claims, &EncodingKey::from_secret(key))
            .expect("encodes")
    }

    fn claims(exp_offset: i64, nbf_offset: i64) -> serde_json::Value {
        let now = chrono::Utc::now().timestamp();
        serde_json::json!({
            "iss": ISSUER, "aud": AUDIENCE, "sub": "u1", "exp": now + exp_offset,
            "iat": now, "nbf": now + nbf_offset, "jti": "j", "kind": "user"
        })
    }

    #[test]
    fn an_issued_token_verifies() {
        let t = tokens();
        let token = t.issue(
            "u1",
            SubjectKind::User,
            vec!["admin".into()],
            String::new(),
            0,
            Profile {
                name: "admin".into(),
                scope_unit_id: None,
                employee_id: None,
                version: None,
            },
        );
        let claims = t.verify(&token).expect("valid");
        assert_eq!(claims.sub, "u1");
        assert_eq!(claims.roles, ["admin"]);
        assert_eq!(claims.exp - claims.iat, 900);
    }

    #[test]
    fn leeway_is_thirty_seconds_either_way() {
        let t = tokens();
        assert!(
            t.verify(&forge(claims(-20, 0), Algorithm::HS256, SECRET))
                .is_ok()
        );
        assert_eq!(
            t.verify(&forge(claims(-40, 0), Algorithm::HS256, SECRET))
                .err(),
            Some("the token has expired")
        );
        assert!(
            t.verify(&forge(claims(900, 20), Algorithm::HS256, SECRET))
                .is_ok()
        );
        assert_eq!(
            t.verify(&forge(claims(900, 60), Algorithm::HS256, SECRET))
                .err(),
            Some("the token is not valid yet")
        );
    }

    #[test]
    fn other_keys_algorithms_issuers_and_audiences_are_refused() {
        let t = tokens();
        let other_key = forge(
            claims(900, 0),
            Algorithm::HS256,
            b"another-secret-another-secret-xx",
        );
        assert!(t.verify(&other_key).is_err());
        assert!(
            t.verify(&forge(claims(900, 0), Algorithm::HS512, SECRET))
                .is_err()
        );
        let mut c = claims(900, 0);
        c["aud"] = "someone-else".into();
        assert!(t.verify(&forge(c, Algorithm::HS256, SECRET)).is_err());
        let mut c = claims(900, 0);
        c["iss"] = "someone-else".into();
        assert!(t.verify(&forge(c, Algorithm::HS256, SECRET)).is_err());
        assert!(t.verify("not.a.token").is_err());
    }
}
