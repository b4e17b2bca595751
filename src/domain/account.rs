//! Rules for accounts: roles, client scopes, usernames and the password policy.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a person may do beyond reading their own data. A user may hold several roles.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the installation: accounts, clients, everything.
    Admin,
    /// HR staff (pengelola kepegawaian) of an org unit subtree.
    Hr,
    /// Pejabat yang Berwenang of an org unit subtree.
    Pyb,
    /// Konselor: runs counseling sessions.
    Counselor,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Hr, Role::Pyb, Role::Counselor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hr => "hr",
            Role::Pyb => "pyb",
            Role::Counselor => "counselor",
        }
    }

    /// Roles that govern an org unit subtree and so may carry a scope unit.
    pub fn is_unit_scoped(self) -> bool {
        matches!(self, Role::Hr | Role::Pyb)
    }
}

/// What an integration client may do; granted per client, requested per token.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
pub enum Scope {
    #[serde(rename = "units:read")]
    UnitsRead,
    #[serde(rename = "units:write")]
    UnitsWrite,
    #[serde(rename = "employees:read")]
    EmployeesRead,
    #[serde(rename = "employees:write")]
    EmployeesWrite,
    #[serde(rename = "plans:read")]
    PlansRead,
    #[serde(rename = "results:read")]
    ResultsRead,
    #[serde(rename = "assessments:read")]
    AssessmentsRead,
}

impl Scope {
    pub const ALL: [Scope; 7] = [
        Scope::UnitsRead,
        Scope::UnitsWrite,
        Scope::EmployeesRead,
        Scope::EmployeesWrite,
        Scope::PlansRead,
        Scope::ResultsRead,
        Scope::AssessmentsRead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::UnitsRead => "units:read",
            Scope::UnitsWrite => "units:write",
            Scope::EmployeesRead => "employees:read",
            Scope::EmployeesWrite => "employees:write",
            Scope::PlansRead => "plans:read",
            Scope::ResultsRead => "results:read",
            Scope::AssessmentsRead => "assessments:read",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Scope::UnitsRead => "Read org units",
            Scope::UnitsWrite => "Create and update org units",
            Scope::EmployeesRead => "Read employee records",
            Scope::EmployeesWrite => "Create and update employee records",
            Scope::PlansRead => "Read performance plans (SKP)",
            Scope::ResultsRead => "Read evaluation results and predikat",
            Scope::AssessmentsRead => "Read 360° rounds and their aggregated results",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s).ok_or(())
    }
}

impl FromStr for Role {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|x| x.as_str() == s).ok_or(())
    }
}

/// Parses a space-separated list (RFC 6749 `scope`); `Err` carries the first unknown name.
pub fn parse_scopes(list: &str) -> Result<BTreeSet<Scope>, String> {
    list.split_whitespace()
        .map(|name| name.parse().map_err(|()| name.to_owned()))
        .collect()
}

/// Joins scopes or roles the way RFC 6749 writes a scope: space-separated, in a fixed order.
pub fn join<T: Copy>(items: &BTreeSet<T>, name: impl Fn(T) -> &'static str) -> String {
    items.iter().map(|i| name(*i)).collect::<Vec<_>>().join(" ")
}

pub const USERNAME_MAX: usize = 100;
pub const PASSWORD_MIN: usize = 10;
/// argon2 hashes whatever it is given; an upper bound keeps a login request cheap.
pub const PASSWORD_MAX: usize = 256;

/// Why a username or password is refused: (stable code, message).
pub type Refusal = (&'static str, String);

/// Usernames are compared case-insensitively, so they are stored lower-case. Employees use
/// their NIP (digits) or e-mail address, so those characters are allowed and nothing else.
pub fn normalize_username(raw: &str) -> Result<String, Refusal> {
    let name = raw.trim().to_lowercase();
    if name.is_empty() {
        return Err(("required", "a username is required".into()));
    }
    if name.chars().count() > USERNAME_MAX {
        return Err(("too_long", format!("at most {USERNAME_MAX} characters")));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "._@+-".contains(*c)))
    {
        return Err((
            "invalid_character",
            format!("{bad:?} is not allowed; use letters, digits and . _ @ + -"),
        ));
    }
    Ok(name)
}

/// The password policy: at least ten characters, not the username (in any case).
pub fn check_password(password: &str, username: &str) -> Result<(), Refusal> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err((
            "too_short",
            format!("at least {PASSWORD_MIN} characters (got {length})"),
        ));
    }
    if length > PASSWORD_MAX {
        return Err(("too_long", format!("at most {PASSWORD_MAX} characters")));
    }
    if password.trim().to_lowercase() == username.trim().to_lowercase() {
        return Err(("same_as_username", "must not be the username".into()));
    }
    Ok(())
}

/// The limits on failed password checks (settings), counted within `window`: per username
/// (from any address) and per client address (on any username).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    pub per_username: usize,
    pub per_address: usize,
    pub window: chrono::TimeDelta,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            per_username: 5,
            per_address: 30,
            window: chrono::TimeDelta::minutes(15),
        }
    }
}

/// What a password check sees once it has counted itself, within the window: failed checks
/// and checks still running (this one included), oldest first.
#[derive(Debug, Default)]
pub struct Attempts {
    /// From this address, on any username (this one included).
    pub from_address: Vec<chrono::NaiveDateTime>,
    /// On this username, from any address (this one included).
    pub on_username: usize,
    /// On this username from this address, other than this one.
    pub pair_others: Vec<chrono::NaiveDateTime>,
}

/// Whole seconds until this check may run; `None` when it may run now.
///
/// An address over its limit waits until enough of its attempts leave the window. A username
/// over its limit slows down only the addresses that failed on it: each waits 2^(k-1) seconds
/// (at most the window) after its own latest attempt, k being how many it made; an address
/// that never failed on it is not slowed, so nobody can lock a person out from elsewhere.
pub fn login_wait(
    limits: &LoginLimits,
    attempts: &Attempts,
    now: chrono::NaiveDateTime,
) -> Option<u64> {
    let by_address = attempts
        .from_address
        .len()
        .checked_sub(limits.per_address + 1)
        .map(|deciding| attempts.from_address[deciding] + limits.window);
    let by_username = match attempts.pair_others.last() {
        Some(latest) if attempts.on_username > limits.per_username => {
            let earlier = u32::try_from(attempts.pair_others.len()).unwrap_or(u32::MAX);
            let delay = chrono::TimeDelta::seconds(1i64 << earlier.saturating_sub(1).min(30));
            Some(*latest + delay.min(limits.window))
        }
        _ => None,
    };
    let until = by_address.max(by_username)?;
    let millis = (until - now).num_milliseconds();
    (millis > 0).then(|| u64::try_from((millis + 999) / 1000).unwrap_or(1).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_role_name_contains_another() {
        // The users store filters roles with LIKE '%name%'.
        for a in Role::ALL {
            for b in Role::ALL.into_iter().filter(|b| *b != a) {
                assert!(!a.as_str().contains(b.as_str()), "{a:?} contains {b:?}");
            }
        }
    }

    fn at(secs: i64) -> chrono::NaiveDateTime {
        chrono::DateTime::from_timestamp(1_700_000_000 + secs, 0)
            .expect("valid")
            .naive_utc()
    }

    #[test]
    fn a_username_over_its_limit_slows_down_only_the_addresses_that_failed_on_it() {
        let limits = LoginLimits::default();
        // Five failures from one address: the sixth attempt waits 2^4 s after the fifth.
        let attacker = Attempts {
            from_address: (0..6).map(at).collect(),
            on_username: 6,
            pair_others: (0..5).map(at).collect(),
        };
        assert_eq!(login_wait(&limits, &attacker, at(4)), Some(16));
        assert_eq!(login_wait(&limits, &attacker, at(19)), Some(1));
        assert_eq!(login_wait(&limits, &attacker, at(20)), None);
        // Under the limit nobody waits, whatever the address did.
        let fewer = Attempts {
            on_username: 5,
            ..attacker
        };
        assert_eq!(login_wait(&limits, &fewer, at(4)), None);
        // The person at their own desk, while the username is under attack: no wait.
        let owner = Attempts {
            from_address: vec![at(6)],
            on_username: 40,
            pair_others: vec![],
        };
        assert_eq!(login_wait(&limits, &owner, at(6)), None);
        // A long run of failures waits at most the window.
        let persistent = Attempts {
            from_address: vec![at(0)],
            on_username: 40,
            pair_others: vec![at(0); 25],
        };
        assert_eq!(login_wait(&limits, &persistent, at(0)), Some(900));
    }

    #[test]
    fn an_address_over_its_limit_waits_until_its_attempts_leave_the_window() {
        let limits = LoginLimits {
            per_address: 3,
            ..LoginLimits::default()
        };
        let four = Attempts {
            from_address: (0..4).map(|i| at(i * 60)).collect(),
            on_username: 1,
            pair_others: vec![],
        };
        // The oldest of the four must leave the window: t0 + 900 s.
        assert_eq!(login_wait(&limits, &four, at(180)), Some(720));
        assert_eq!(login_wait(&limits, &four, at(900)), None);
        let three = Attempts {
            from_address: (0..3).map(|i| at(i * 60)).collect(),
            ..four
        };
        assert_eq!(login_wait(&limits, &three, at(180)), None);
    }

    #[test]
    fn usernames_are_lower_case_nips_or_emails() {
        assert_eq!(
            normalize_username(" Siti.Rahma@Karawangkab.go.id ").as_deref(),
            Ok("siti.rahma@karawangkab.go.id")
        );
        assert_eq!(
            normalize_username("198503152010012003").as_deref(),
            Ok("198503152010012003")
        );
        assert_eq!(normalize_username("  ").map_err(|e| e.0), Err("required"));
        assert_eq!(
            normalize_username("budi santoso").map_err(|e| e.0),
            Err("invalid_character")
        );
        assert_eq!(
            normalize_username(&"a".repeat(101)).map_err(|e| e.0),
            Err("too_long")
        );
    }

    #[test]
    fn the_password_policy_counts_characters_and_refuses_the_username() {
        assert_eq!(
            check_password("123456789", "budi").map_err(|e| e.0),
            Err("too_short")
        );
        assert!(check_password("1234567890", "budi").is_ok());
        // Ten characters, not ten bytes.
        assert!(check_password("kataSandi✓✓", "budi").is_ok());
        assert_eq!(
            check_password("Budi.Santoso", "budi.santoso").map_err(|e| e.0),
            Err("same_as_username")
        );
        assert_eq!(
            check_password(&"x".repeat(257), "budi").map_err(|e| e.0),
            Err("too_long")
        );
    }

    #[test]
    fn scopes_parse_from_an_rfc6749_list() {
        let scopes = parse_scopes("employees:read  units:read").expect("known scopes");
        assert_eq!(join(&scopes, Scope::as_str), "units:read employees:read");
        assert_eq!(
            parse_scopes("units:read units:delete"),
            Err("units:delete".into())
        );
        assert_eq!(parse_scopes(""), Ok(BTreeSet::new()));
    }

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse(), Ok(role));
            let json = serde_json::to_value(role).expect("serialises");
            assert_eq!(json, role.as_str());
        }
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse(), Ok(scope));
            let json = serde_json::to_value(scope).expect("serialises");
            assert_eq!(json, scope.as_str());
        }
    }
}
