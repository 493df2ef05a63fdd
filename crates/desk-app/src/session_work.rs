//! Work that belongs to a sign-in and must not outlive it: a sync pass, an outbox flush,
//! an attachment download. A sign-out cancels what is running, waits until it has
//! stopped, and keeps new work waiting until it is done; that work then finds no
//! sign-in. So nothing a sync or a download was about to write (tickets, a cursor, a
//! file) lands in the cache after a wipe.
//!
//! Cancelling drops the work at its next await: what it committed before stays
//! consistent (feed pages and their cursor are committed together, outbox rows keep
//! their idempotency keys), exactly as after a killed process.

use crate::AppError;
use tokio::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard, watch};

/// Where the sign-in stands for its work.
#[derive(Debug, Clone, Copy, Default)]
struct Phase {
    /// Bumped by each sign-out: work begun under an older value is cancelled.
    epoch: u64,
    /// A sign-out is in progress: work that gets to start now is cancelled at once.
    stopping: bool,
}

/// The running work of this desk's sign-in.
#[derive(Debug)]
pub(crate) struct SessionWork {
    phase: watch::Sender<Phase>,
    /// Held shared by each piece of work, exclusively by a sign-out.
    running: RwLock<()>,
}

/// One piece of work in progress; a sign-out waits until it is dropped.
pub(crate) struct Running<'a> {
    _running: RwLockReadGuard<'a, ()>,
    phase: watch::Receiver<Phase>,
    /// The epoch it started in; `None`: a sign-out was already in progress.
    started: Option<u64>,
}

impl Running<'_> {
    /// Runs `work` unless a sign-out comes first: then `work` is dropped where it waits
    /// and the answer is [`AppError::NotSignedIn`].
    pub(crate) async fn unless_signed_out<T>(
        &mut self,
        work: impl Future<Output = Result<T, AppError>>,
    ) -> Result<T, AppError> {
        let Some(started) = self.started else {
            return Err(AppError::NotSignedIn);
        };
        tokio::select! {
            biased;
            _ = self.phase.wait_for(|p| p.epoch != started) => {
                tracing::info!("work stopped by a sign-out");
                Err(AppError::NotSignedIn)
            }
            result = work => result,
        }
    }
}

/// Ends a sign-out's `stopping` when dropped (also when the sign-out is cancelled).
struct EndStopping<'a>(&'a watch::Sender<Phase>);

impl Drop for EndStopping<'_> {
    fn drop(&mut self) {
        self.0.send_modify(|p| p.stopping = false);
    }
}

/// A sign-out in progress: no work runs until it is dropped.
pub(crate) struct Stopped<'a> {
    // Dropped first: `stopping` ends before the write guard is released.
    _end: EndStopping<'a>,
    _running: RwLockWriteGuard<'a, ()>,
}

impl SessionWork {
    pub(crate) fn new() -> SessionWork {
        SessionWork {
            phase: watch::Sender::new(Phase::default()),
            running: RwLock::new(()),
        }
    }

    /// Starts a piece of work (waits while a sign-out is in progress).
    pub(crate) async fn begin(&self) -> Running<'_> {
        let running = self.running.read().await;
        let phase = self.phase.subscribe();
        // Read once: `stopping` and the new epoch are set together by `stop_all`.
        let now = *phase.borrow();
        Running {
            _running: running,
            phase,
            started: (!now.stopping).then_some(now.epoch),
        }
    }

    /// Cancels every piece of work in progress and waits until all have stopped. New
    /// work waits until the returned guard is dropped.
    pub(crate) async fn stop_all(&self) -> Stopped<'_> {
        self.phase.send_modify(|p| {
            p.epoch = p.epoch.wrapping_add(1);
            p.stopping = true;
        });
        let end = EndStopping(&self.phase);
        let running = self.running.write().await;
        Stopped {
            _end: end,
            _running: running,
        }
    }
}
