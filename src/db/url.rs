use std::fmt;

/// Which database to use. A plain path or `sqlite://` URL selects SQLite; `postgres://` or
/// `postgresql://` selects PostgreSQL.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite { path: String },
    Postgres { url: String },
}

impl DatabaseUrl {
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if value.is_empty() {
            return Err("empty; give a SQLite file path or a postgres:// URL".into());
        }
        if value.starts_with("postgres://") || value.starts_with("postgresql://") {
            url::Url::parse(value).map_err(|e| format!("not a valid PostgreSQL URL: {e}"))?;
            return Ok(DatabaseUrl::Postgres {
                url: value.to_owned(),
            });
        }
        let path = match value.strip_prefix("sqlite://") {
            Some(path) => path,
            None if value.contains("://") => {
                return Err("unsupported scheme; use a file path, sqlite:// or postgres://".into());
            }
            None => value,
        };
        if path.is_empty() || path == ":memory:" {
            return Err(
                "a SQLite database must be a file (an in-memory one is lost per connection)".into(),
            );
        }
        Ok(DatabaseUrl::Sqlite {
            path: path.to_owned(),
        })
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite { .. } => "sqlite",
            DatabaseUrl::Postgres { .. } => "postgres",
        }
    }
}

/// Describes where the database is without ever showing a password.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite { path } => write!(f, "SQLite database {path}"),
            DatabaseUrl::Postgres { url } => match url::Url::parse(url) {
                Ok(u) => write!(
                    f,
                    "PostgreSQL at {}:{} (database {})",
                    u.host_str()
                        .filter(|h| !h.is_empty())
                        .unwrap_or("localhost"),
                    u.port().unwrap_or(5432),
                    u.path().trim_start_matches('/'),
                ),
                Err(_) => f.write_str("PostgreSQL"),
            },
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_the_backend_from_the_scheme() {
        let sqlite = |p: &str| DatabaseUrl::Sqlite { path: p.into() };
        assert_eq!(DatabaseUrl::parse("kinerja.db"), Ok(sqlite("kinerja.db")));
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/k.db"),
            Ok(sqlite("data/k.db"))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/k.db"),
            Ok(sqlite("/var/k.db"))
        );
        for url in ["postgres://u@h/db", "postgresql://u:p@h:5433/db"] {
            assert_eq!(
                DatabaseUrl::parse(url).map(|u| u.backend_name()),
                Ok("postgres")
            );
        }
    }

    #[test]
    fn rejects_what_it_cannot_serve() {
        for bad in ["", "  ", "mysql://h/db", "sqlite://", ":memory:"] {
            assert!(DatabaseUrl::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn display_names_host_port_and_database_but_never_the_password() {
        let url = DatabaseUrl::parse("postgres://kinerja:s3cret@db.example:6543/prod")
            .unwrap_or_else(|e| panic!("{e}"));
        let shown = url.to_string();
        assert_eq!(shown, "PostgreSQL at db.example:6543 (database prod)");
        assert!(!format!("{url:?}").contains("s3cret"));
    }
}
