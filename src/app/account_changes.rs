//! Account writes made through other server processes on the same PostgreSQL database end this
//! process's token confirmations as soon as they commit, instead of when the confirmations
//! expire: writers `NOTIFY` (see `store::note_account_written`) and a thread of each process
//! listens. SQLite has no such channel; there the expiry (`KINERJA_TOKEN_RECHECK_MS`) bounds it.

use std::sync::{Arc, Weak};
use std::time::Duration;

use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::auth::principal::Confirmations;
use crate::db::DatabaseUrl;
use crate::store::ACCOUNT_CHANNEL;

/// How often the listener reads what has arrived: libpq queues notifications on the socket,
/// and reading them is a local call, not a round trip.
const POLL_EVERY: Duration = Duration::from_millis(10);
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(30);

/// Starts the listener of `url` for `confirmations`, on PostgreSQL; it ends with them.
pub fn listen(url: &DatabaseUrl, confirmations: &Arc<Confirmations>) {
    let DatabaseUrl::Postgres { url } = url else {
        return;
    };
    let (url, confirmations) = (url.clone(), Arc::downgrade(confirmations));
    let spawned = std::thread::Builder::new()
        .name("kinerja-account-changes".into())
        .spawn(move || run(&url, &confirmations));
    if let Err(e) = spawned {
        tracing::warn!(cause = %e, "no account-change listener: other processes' account writes are seen when confirmations expire");
    }
}

fn run(url: &str, confirmations: &Weak<Confirmations>) {
    let mut listening: Option<PgConnection> = None;
    // Between failed attempts to listen: doubled from a second to half a minute.
    let mut retry_in = RETRY_FIRST;
    while let Some(confirmations) = confirmations.upgrade() {
        match &mut listening {
            Some(conn) => {
                let (mut changed, mut lost) = (false, false);
                for notification in conn.notifications_iter() {
                    changed = true;
                    if notification.is_err() {
                        lost = true;
                        break;
                    }
                }
                if changed {
                    confirmations.account_written();
                }
                if lost {
                    listening = None;
                }
            }
            None => {
                listening = subscribe(url);
                if listening.is_some() {
                    // Writes may have committed while nobody listened.
                    confirmations.account_written();
                    retry_in = RETRY_FIRST;
                }
            }
        }
        drop(confirmations);
        if listening.is_some() {
            std::thread::sleep(POLL_EVERY);
        } else {
            std::thread::sleep(retry_in);
            retry_in = (retry_in * 2).min(RETRY_MAX);
        }
    }
}

fn subscribe(url: &str) -> Option<PgConnection> {
    let mut conn = PgConnection::establish(url).ok()?;
    diesel::sql_query(format!("LISTEN {ACCOUNT_CHANNEL}"))
        .execute(&mut conn)
        .ok()?;
    Some(conn)
}
