//! Bounded polling: look again every so often until a condition holds or time runs out.

use anyhow::{Result, bail};
use std::time::{Duration, Instant};

/// How often condition waits look again, unless told otherwise.
pub const POLL: Duration = Duration::from_millis(100);

/// Calls `check` every `every` until it returns `Some`, for at most `timeout`;
/// `Ok(None)` when time ran out. `check` errors end the wait at once.
pub fn poll_for<T>(
    timeout: Duration,
    every: Duration,
    mut check: impl FnMut() -> Result<Option<T>>,
) -> Result<Option<T>> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check()? {
            return Ok(Some(v));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(every);
    }
}

/// Like [`poll_for`] every [`POLL`], failing with a message naming `what` when time
/// runs out.
pub fn wait_for<T>(
    what: &str,
    timeout: Duration,
    check: impl FnMut() -> Result<Option<T>>,
) -> Result<T> {
    match poll_for(timeout, POLL, check)? {
        Some(v) => Ok(v),
        None => bail!("timed out after {timeout:?} waiting for {what}"),
    }
}

/// Polls `check` every [`POLL`] until it returns `Some`, for at most `timeout`; fails
/// naming `what` when time runs out. `check` errors end the wait at once.
#[cfg(feature = "tokio")]
pub async fn wait_until<T, F>(what: &str, timeout: Duration, mut check: F) -> Result<T>
where
    F: AsyncFnMut() -> Result<Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(v) = check().await? {
            return Ok(v);
        }
        if tokio::time::Instant::now() >= deadline {
            bail!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(POLL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_that_never_holds_times_out_naming_what_was_awaited() {
        let err = wait_for("the moon", Duration::from_millis(30), || Ok(None::<()>))
            .expect_err("times out");
        assert!(err.to_string().contains("the moon"), "{err}");
    }

    #[test]
    fn a_condition_is_polled_until_it_holds_and_errors_end_the_wait() {
        let mut n = 0;
        let got = poll_for(Duration::from_secs(5), Duration::from_millis(1), || {
            n += 1;
            Ok((n == 3).then_some(n))
        })
        .expect("no error");
        assert_eq!(got, Some(3));
        let err = poll_for::<()>(Duration::from_secs(5), Duration::from_millis(1), || {
            bail!("broken")
        });
        assert!(err.is_err());
    }
}
