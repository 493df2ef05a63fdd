//! The simulator's clock. Every time the simulator shows (the `Date` header,
//! `server_time`, token expiry, ticket generation) comes from here, never from the OS
//! clock directly, so that tests can pin it and the control API can offset or advance it.

use chrono::{DateTime, FixedOffset, TimeDelta, Timelike, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

/// The offset the simulated district lives in (China Standard Time, `+08:00`).
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// Sim time = `base` + real time elapsed since start + a manual offset + the offset of
/// the active fault plan (if any).
#[derive(Debug)]
pub struct SimClock {
    base: DateTime<FixedOffset>,
    started: Instant,
    offset_ms: AtomicI64,
    fault_offset_ms: AtomicI64,
}

impl SimClock {
    /// A clock that reads `base` now and runs in real time from here, in `+08:00`.
    pub fn starting_at(base: DateTime<FixedOffset>) -> Self {
        SimClock {
            base: base.with_timezone(&china()),
            started: Instant::now(),
            offset_ms: AtomicI64::new(0),
            fault_offset_ms: AtomicI64::new(0),
        }
    }

    /// A clock that follows the OS clock (whole seconds at start).
    pub fn real() -> Self {
        let now = Utc::now().with_timezone(&china());
        Self::starting_at(now.with_nanosecond(0).unwrap_or(now))
    }

    /// The sim time at start (before any advance). Ticket generation is based on it,
    /// so a fixed `SimConfig::now` generates the same tickets every run.
    pub fn base(&self) -> DateTime<FixedOffset> {
        self.base
    }

    /// The current sim time, in `+08:00`.
    pub fn now(&self) -> DateTime<FixedOffset> {
        let elapsed = TimeDelta::from_std(self.started.elapsed()).unwrap_or(TimeDelta::zero());
        let offset = TimeDelta::milliseconds(
            self.offset_ms
                .load(Ordering::Relaxed)
                .saturating_add(self.fault_offset_ms.load(Ordering::Relaxed)),
        );
        self.base
            .checked_add_signed(elapsed)
            .and_then(|t| t.checked_add_signed(offset))
            .unwrap_or(self.base)
    }

    /// The current sim time in whole seconds, as the wire shows it.
    pub fn now_seconds(&self) -> DateTime<FixedOffset> {
        let now = self.now();
        now.with_nanosecond(0).unwrap_or(now)
    }

    /// Moves the clock by `by` (negative: back).
    pub fn advance(&self, by: TimeDelta) {
        self.offset_ms
            .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }

    /// Sets the manual offset: the clock then reads its natural time (`base` + elapsed;
    /// the host clock for a clock started with [`SimClock::real`]) plus `offset`.
    pub fn set_offset(&self, offset: TimeDelta) {
        self.offset_ms
            .store(offset.num_milliseconds(), Ordering::Relaxed);
    }

    /// The manual offset (see [`SimClock::set_offset`]).
    pub fn offset(&self) -> TimeDelta {
        TimeDelta::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Sets the extra offset of the active fault plan (zero: none).
    pub(crate) fn set_fault_offset(&self, offset: TimeDelta) {
        self.fault_offset_ms
            .store(offset.num_milliseconds(), Ordering::Relaxed);
    }
}
