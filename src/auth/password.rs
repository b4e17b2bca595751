//! Password hashing with argon2id (the `argon2` crate's defaults, which follow OWASP), and the
//! [`Hasher`] that bounds how many run at once.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use crate::error::ApiError;

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

type Job = Box<dyn FnOnce() + Send>;

/// Runs at most `threads` hashes at once, each on one of as many threads of its own and never
/// while holding a database connection. An argon2 hash takes 19 MiB, and a thread's allocator
/// keeps what it used: a fixed few threads keep memory flat under any login flood. A request
/// waits up to `wait` for its turn, then is told to come back (503 with `Retry-After`).
#[derive(Clone)]
pub struct Hasher {
    jobs: SyncSender<Job>,
    turns: Arc<Semaphore>,
    wait: Duration,
}

impl Hasher {
    pub fn new(threads: usize, wait: Duration) -> Self {
        let threads = threads.max(1);
        let (jobs, queue) = sync_channel::<Job>(threads);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("kinerja-hash-{n}"))
                .spawn(move || run_jobs(&queue))
                .expect("a hashing thread");
        }
        Hasher {
            jobs,
            turns: Arc::new(Semaphore::new(threads)),
            wait,
        }
    }

    /// Whether `password` matches `stored`; with no stored hash (an unknown user), as long as
    /// a real check takes, and false.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        self.run(move || match stored {
            Some(stored) => verify(&password, &stored),
            None => {
                verify_nothing(&password);
                false
            }
        })
        .await
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move || hash(&password)).await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let turn = tokio::time::timeout(self.wait, self.turns.clone().acquire_owned())
            .await
            .map_err(|_| {
                ApiError::server_busy("Too many logins are being checked; try again shortly.")
            })?
            .map_err(ApiError::internal)?;
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _turn = turn;
            let _ = answer.send(work());
        });
        // Never full: a job is only sent holding one of as many turns as the queue has places.
        self.jobs.try_send(job).map_err(|e| {
            ApiError::internal(anyhow::anyhow!("the hashing queue refused a job: {e}"))
        })?;
        answered.await.map_err(ApiError::internal)
    }
}

fn run_jobs(queue: &Mutex<Receiver<Job>>) {
    loop {
        let next = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
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
