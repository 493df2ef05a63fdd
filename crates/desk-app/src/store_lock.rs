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
use std::panic::Location;
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
    /// Where the longest hold was taken (`file:line` of the `lock` call), to say where
    /// the time goes.
    pub longest_at: Option<String>,
}

#[derive(Default)]
struct Stats {
    holds: AtomicU64,
    longest_ns: AtomicU64,
    total_ns: AtomicU64,
    buckets: [AtomicU64; HOLD_BUCKETS_MS.len() + 1],
    longest_at: Mutex<Option<&'static Location<'static>>>,
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
    at: &'static Location<'static>,
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

    /// Locks the store (waits for the holder). The caller's place is kept with the hold.
    #[track_caller]
    pub fn lock(&self) -> Result<StoreGuard<'_>, AppError> {
        let at = Location::caller();
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let locked = self.mutex.lock();
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        let guard = locked.map_err(|_| AppError::Internal("本地缓存锁已损坏".into()))?;
        Ok(StoreGuard {
            guard,
            since: Instant::now(),
            at,
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
            longest_at: s
                .longest_at
                .lock()
                .ok()
                .and_then(|at| at.map(|l| format!("{}:{}", l.file(), l.line()))),
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
        if let Ok(mut at) = s.longest_at.lock() {
            *at = None;
        }
    }
}

impl Stats {
    fn record(&self, held: Duration, at: &'static Location<'static>) {
        let ns = u64::try_from(held.as_nanos()).unwrap_or(u64::MAX);
        self.holds.fetch_add(1, Ordering::Relaxed);
        self.total_ns.fetch_add(ns, Ordering::Relaxed);
        // A new longest hold (rare after the first few) names its place; both are set
        // under the place's mutex, so they stay a pair.
        if ns > self.longest_ns.load(Ordering::Relaxed)
            && let Ok(mut longest_at) = self.longest_at.lock()
            && ns > self.longest_ns.load(Ordering::Relaxed)
        {
            self.longest_ns.store(ns, Ordering::Relaxed);
            *longest_at = Some(at);
        }
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
        self.stats.record(self.since.elapsed(), self.at);
    }
}

#[cfg(test)]
mod tests {
    use super::StoreLock;
    use desk_store::Store;
    use std::time::Duration;

    /// The statistics count every hold, keep the longest, and name the line that took it.
    #[test]
    fn the_longest_hold_is_measured_and_placed() {
        let lock = StoreLock::new(Store::open_in_memory().expect("store"));
        drop(lock.lock().expect("short"));
        let long_line = line!() + 1;
        let held = lock.lock().expect("long");
        std::thread::sleep(Duration::from_millis(30));
        drop(held);
        drop(lock.lock().expect("short again"));
        let stats = lock.stats();
        assert_eq!(stats.holds, 3);
        assert!(stats.longest >= Duration::from_millis(30), "{stats:?}");
        assert_eq!(
            stats.longest_at,
            Some(format!("{}:{long_line}", file!())),
            "{stats:?}"
        );
        assert_eq!(stats.buckets.iter().sum::<u64>(), 3);
        lock.reset_stats();
        let stats = lock.stats();
        assert_eq!((stats.holds, stats.longest_at), (0, None));
    }
}
