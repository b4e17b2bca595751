//! Password hashing with argon2id (the `argon2` crate's defaults, which follow OWASP), and the
//! [`Hasher`] that bounds how many run at once.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::gauge::Waiting;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use argon2::password_hash::{
    Output, ParamsString, PasswordHash, Result as PhcResult, Salt, SaltString,
};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{Semaphore, oneshot};

use crate::error::ApiError;

thread_local! {
    /// Argon2's working memory (19 MiB), kept by each thread that hashes. Allocated and freed
    /// per hash, it makes glibc raise its mmap threshold and keep every freed block: a login
    /// flood grew the server to 400 MB that it never gave back.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The hash of `password` with `salt` under `argon`, computed in this thread's blocks.
fn output(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: Salt<'_>,
) -> PhcResult<Output> {
    let mut salt_buffer = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_buffer)?;
    let length = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        blocks.resize(params.block_count(), Block::new());
        Output::init_with(length, |out| {
            Ok(argon.hash_password_into_with_memory(password, salt, out, &mut blocks[..])?)
        })
    })
}

/// A PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$...`.
pub fn hash(password: &str) -> String {
    let salt = SaltString::encode_b64(&salt_bytes()).unwrap_or_else(|_| unreachable!());
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let phc = output(&argon, &params, password.as_bytes(), salt.as_salt()).and_then(|out| {
        Ok(PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt.as_salt()),
            hash: Some(out),
        }
        .to_string())
    });
    phc.unwrap_or_else(|e| unreachable!("argon2 with default parameters: {e}"))
}

fn salt_bytes() -> [u8; 16] {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system's random generator");
    salt
}

/// Whether `password` matches `stored`. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(stored) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return false;
    };
    let setting = (|| {
        let algorithm = Algorithm::try_from(stored.algorithm)?;
        let version = match stored.version {
            Some(v) => Version::try_from(v)?,
            None => Version::default(),
        };
        Ok::<_, argon2::password_hash::Error>((algorithm, version, Params::try_from(&stored)?))
    })();
    let Ok((algorithm, version, params)) = setting else {
        return false;
    };
    let argon = Argon2::new(algorithm, version, params.clone());
    // `Output` compares in constant time.
    output(&argon, &params, password.as_bytes(), salt).is_ok_and(|computed| computed == expected)
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
    threads: usize,
    waiting: Arc<AtomicUsize>,
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
            threads,
            waiting: Arc::default(),
        }
    }

    /// Hashes running now.
    pub fn running(&self) -> usize {
        self.threads - self.turns.available_permits()
    }

    /// Requests waiting for a turn.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
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
        let waits = Waiting::on(&self.waiting);
        let turn = tokio::time::timeout(self.wait, self.turns.clone().acquire_owned()).await;
        drop(waits);
        let turn = turn
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
            // A panicking job drops its answer (its request gets a 500); the thread goes on.
            Ok(job) => drop(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))),
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

    #[test]
    fn hashes_are_the_argon2_crates_own_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash("kata-sandi-rahasia");
        let parsed = PasswordHash::new(&ours).expect("a PHC string");
        assert!(
            Argon2::default()
                .verify_password(b"kata-sandi-rahasia", &parsed)
                .is_ok()
        );
        let salt = SaltString::encode_b64(&salt_bytes()).expect("salt");
        let theirs = Argon2::default()
            .hash_password(b"kata-sandi-rahasia", &salt)
            .expect("hashes")
            .to_string();
        assert!(verify("kata-sandi-rahasia", &theirs));
        assert!(!verify("kata-sandi-Rahasia", &theirs));
    }
}
