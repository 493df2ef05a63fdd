//! Time as a parameter. The domain never asks the OS for the time; callers pass a
//! [`Clock`]. [`ServerClock`] corrects a local reading by the offset to the district's
//! clock, which is what every countdown must use.

use chrono::{DateTime, Duration, Utc};

/// A source of "now".
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that always says the same time (tests, what-if planning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// Server time = a local reading plus the measured offset (server minus PC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerClock<C> {
    pub local: C,
    pub offset: Duration,
}

impl<C: Clock> Clock for ServerClock<C> {
    fn now(&self) -> DateTime<Utc> {
        self.local.now() + self.offset
    }
}

/// The offset (server minus PC) measured from one response: the server's `Date`
/// (second resolution) against the PC time halfway through the request.
pub fn measure_offset(
    server_date: DateTime<Utc>,
    sent_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> Duration {
    let midpoint = sent_at + (received_at - sent_at) / 2;
    // `Date` truncates to the second: on average the true server time is 0.5 s later.
    server_date + Duration::milliseconds(500) - midpoint
}
