//! The retry policy: exponential backoff with jitter for transient failures, the server's
//! `Retry-After` when it gives one. Which failures are transient is decided by
//! [`SyncError::class`], nowhere else.

use crate::{ErrorClass, SyncError};
use backon::{ExponentialBuilder, Retryable};
use std::future::Future;
use std::time::Duration;

/// How hard to try one request before giving up for this pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// Retries after the first attempt.
    pub max_retries: usize,
    /// A `Retry-After` longer than this ends the pass instead of blocking it.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retries: 5,
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// No retries: one attempt, the error as it comes.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Runs `op` until it succeeds, fails permanently, or the retries run out.
    pub async fn run<T, F, Fut>(&self, op: F) -> Result<T, SyncError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, SyncError>>,
    {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries)
            .with_jitter();
        let cap = self.max_retry_after;
        op.retry(backoff)
            .sleep(tokio::time::sleep)
            .when(|e: &SyncError| e.class() == ErrorClass::Transient)
            .adjust(move |e: &SyncError, delay| match (delay, e.retry_after()) {
                // Out of retries: stop, whatever the server says.
                (None, _) => None,
                // The server knows when it will be back; too long a wait ends the pass.
                (Some(_), Some(after)) if after > cap => None,
                (Some(_), Some(after)) => Some(after),
                (Some(d), None) => Some(d),
            })
            .notify(
                |e: &SyncError, d: Duration| tracing::info!(error = %e.for_log(), ?d, "retrying"),
            )
            .await
    }
}
