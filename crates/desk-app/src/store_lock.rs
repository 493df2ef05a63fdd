//! The cache's lock (issue 18): the one SQLite connection behind a mutex, with the time
//! each holder keeps it measured (cheap enough to stay on: two monotonic clock reads and
//! a few relaxed atomics per hold), and a way for long work done in chunks to let a
//! waiting holder (the workbench's list) in between two chunks.
//!
//! Holds taken by `desk-sync` through [`StoreLock::mutex`] (the sync's writes, the
//! outbox flush, the calendar refresh) are not measured.

use crate::AppError;
use desk_store::Store;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Holds are counted in buckets by their upper bound (the last bucket: longer).
pub const HOLD_BUCKETS_MS: [u64; 8] = [1, 2, 5, 10, 20, 50, 100, 1000];

/// How long a chunked worker waits at most, between two chunks, for the holders
/// waiting on the lock to take it.
const HANDOFF_MAX: Duration = Duration::from_millis(2);

/// The lock's hold times since the last [`StoreLock::reset_stats`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockStats {
    /// How many holds ended.
    pub holds: u64,
    /// The longest single hold.
    pub longest: Duration,
    /// All holds together.
    pub total: Duration,
    /// Holds per bucket of [`HOLD_BUCKETS_MS`], plus one for the longer ones.
    pub buckets: [u64; HOLD_BUCKETS_MS.len() + 1],
}

#[derive(Default)]
struct Stats {
    holds: AtomicU64,
    longest_ns: AtomicU64,
    total_ns: AtomicU64,
    buckets: [AtomicU64; HOLD_BUCKETS_MS.len() + 1],
}

/// The cache behind its lock.
pub struct StoreLock {
    mutex: Mutex<Store>,
    waiting: AtomicUsize,
    stats: Stats,
}

/// The store, locked; the hold is measured when it is dropped.
pub struct StoreGuard<'a> {
    guard: MutexGuard<'a, Store>,
    since: Instant,
    stats: &'a Stats,
}

impl StoreLock {
    pub fn new(store: Store) -> Self {
        StoreLock {
            mutex: Mutex::new(store),
            waiting: AtomicUsize::new(0),
            stats: Stats::default(),
        }
    }

    /// Locks the store (waits for the holder).
    pub fn lock(&self) -> Result<StoreGuard<'_>, AppError> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let locked = self.mutex.lock();
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        let guard = locked.map_err(|_| AppError::Internal("本地缓存锁已损坏".into()))?;
        Ok(StoreGuard {
            guard,
            since: Instant::now(),
            stats: &self.stats,
        })
    }

    /// The mutex itself, for `desk-sync` (its holds are not measured).
    pub fn mutex(&self) -> &Mutex<Store> {
        &self.mutex
    }

    /// Between two chunks of long work (the lock released): lets the holders waiting
    /// for the lock take it first. A mutex is not fair: without this, the worker that
    /// just released it would usually take it again at once.
    pub fn let_waiters_in(&self) {
        let start = Instant::now();
        while self.waiting.load(Ordering::Relaxed) > 0 && start.elapsed() < HANDOFF_MAX {
            std::thread::yield_now();
        }
    }

    /// The hold times since the last reset.
    pub fn stats(&self) -> LockStats {
        let s = &self.stats;
        let mut buckets = [0; HOLD_BUCKETS_MS.len() + 1];
        for (b, a) in buckets.iter_mut().zip(&s.buckets) {
            *b = a.load(Ordering::Relaxed);
        }
        LockStats {
            holds: s.holds.load(Ordering::Relaxed),
            longest: Duration::from_nanos(s.longest_ns.load(Ordering::Relaxed)),
            total: Duration::from_nanos(s.total_ns.load(Ordering::Relaxed)),
            buckets,
        }
    }

    /// Starts measuring again.
    pub fn reset_stats(&self) {
        let s = &self.stats;
        s.holds.store(0, Ordering::Relaxed);
        s.longest_ns.store(0, Ordering::Relaxed);
        s.total_ns.store(0, Ordering::Relaxed);
        for b in &s.buckets {
            b.store(0, Ordering::Relaxed);
        }
    }
}

impl Stats {
    fn record(&self, held: Duration) {
        let ns = u64::try_from(held.as_nanos()).unwrap_or(u64::MAX);
        self.holds.fetch_add(1, Ordering::Relaxed);
        self.total_ns.fetch_add(ns, Ordering::Relaxed);
        self.longest_ns.fetch_max(ns, Ordering::Relaxed);
        let ms = ns / 1_000_000;
        let i = HOLD_BUCKETS_MS
            .iter()
            .position(|b| ms < *b)
            .unwrap_or(HOLD_BUCKETS_MS.len());
        if let Some(b) = self.buckets.get(i) {
            b.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.guard
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.guard
    }
}

impl Drop for StoreGuard<'_> {
    fn drop(&mut self) {
        self.stats.record(self.since.elapsed());
    }
}
