//! Account writes made through other server processes on the same PostgreSQL database end this
//! process's token confirmations usually within milliseconds of their commit, instead of when
//! the confirmations expire: writers `NOTIFY` (see `store::note_account_written`) and a thread
//! of each process listens. The expiry (`KINERJA_TOKEN_RECHECK_MS`) still bounds it, while the
//! listener is down and on SQLite, which has no such channel.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::auth::principal::Confirmations;
use crate::db::DatabaseUrl;
use crate::store::ACCOUNT_CHANNEL;

/// How often the listener reads what has arrived: libpq queues notifications on the socket,
/// and reading them is a local call, not a round trip.
const POLL_EVERY: Duration = Duration::from_millis(10);
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(5);
/// How often the listener asks the database something, so that a connection that died
/// without closing (a failover, a dropped route) is found instead of listening to nothing.
const PROBE_EVERY: Duration = Duration::from_secs(5);
/// libpq settings for the listener's own connection: give up connecting, and notice a silent
/// peer, within seconds instead of the system's two hours.
const LISTENER_SETTINGS: &str = "connect_timeout=5&keepalives_idle=5&keepalives_interval=2&keepalives_count=3&tcp_user_timeout=10000";

/// The listener of a process; it stops when this is dropped (or its confirmations are).
pub struct Listening(Arc<AtomicBool>);

impl Drop for Listening {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Starts the listener of `url` for `confirmations`, on PostgreSQL.
pub fn listen(url: &DatabaseUrl, confirmations: &Arc<Confirmations>) -> Option<Listening> {
    let DatabaseUrl::Postgres { url } = url else {
        return None;
    };
    let stop = Arc::new(AtomicBool::new(false));
    let (url, confirmations, stopped) = (url.clone(), Arc::downgrade(confirmations), stop.clone());
    let spawned = std::thread::Builder::new()
        .name("kinerja-account-changes".into())
        .spawn(move || run(&url, &confirmations, &stopped));
    match spawned {
        Ok(_) => Some(Listening(stop)),
        Err(e) => {
            tracing::warn!(cause = %e, "no account-change listener: other processes' account writes are seen when confirmations expire");
            None
        }
    }
}

fn run(url: &str, confirmations: &Weak<Confirmations>, stopped: &AtomicBool) {
    let url = format!(
        "{url}{}{LISTENER_SETTINGS}",
        if url.contains('?') { '&' } else { '?' }
    );
    let mut listening: Option<(PgConnection, Instant)> = None;
    // Between failed attempts to listen: doubled from a second up to five.
    let mut retry_in = RETRY_FIRST;
    while !stopped.load(Ordering::Relaxed)
        && let Some(confirmations) = confirmations.upgrade()
    {
        match &mut listening {
            Some((conn, probed)) => {
                let mut lost = false;
                let mut changed = false;
                for notification in conn.notifications_iter() {
                    changed = true;
                    if notification.is_err() {
                        lost = true;
                        break;
                    }
                }
                if !lost && probed.elapsed() >= PROBE_EVERY {
                    lost = diesel::sql_query("SELECT 1").execute(conn).is_err();
                    *probed = Instant::now();
                }
                if changed || lost {
                    confirmations.account_written();
                }
                if lost {
                    tracing::warn!(
                        "lost the account-change listener; other processes' account writes are seen when confirmations expire until it is back"
                    );
                    listening = None;
                }
            }
            None => match subscribe(&url) {
                Ok(conn) => {
                    // Writes may have committed while nobody listened.
                    confirmations.account_written();
                    if retry_in > RETRY_FIRST {
                        tracing::info!("listening for account changes again");
                    }
                    listening = Some((conn, Instant::now()));
                    retry_in = RETRY_FIRST;
                }
                Err(e) => {
                    if retry_in == RETRY_FIRST {
                        tracing::warn!(cause = %e, "cannot listen for account changes; retrying");
                    }
                }
            },
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

fn subscribe(url: &str) -> Result<PgConnection, String> {
    let mut conn = PgConnection::establish(url).map_err(|e| e.to_string())?;
    diesel::sql_query(format!("LISTEN {ACCOUNT_CHANNEL}"))
        .execute(&mut conn)
        .map_err(|e| e.to_string())?;
    Ok(conn)
}
