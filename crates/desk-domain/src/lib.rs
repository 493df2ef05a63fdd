//! The liaison desk's domain: working-day calendar, deadlines, countdowns, labels.
//!
//! Pure functions over values. This crate does no IO and never reads the clock: the
//! current time is always a parameter (see [`Clock`]), so every rule here is a
//! table-tested function. It knows nothing of SQLite, HTTP or Tauri.

pub mod alerts;
pub mod assessment;
pub mod calendar;
pub mod clock;
pub mod countdown;
pub mod drafts;
pub mod labels;
pub mod mask;
pub mod reply_lint;
pub mod reply_template;
pub mod tabs;

pub use calendar::{CalendarError, WorkCalendar};
pub use clock::{Clock, FixedClock, ServerClock};
pub use countdown::{Countdown, DeadlineKind, Urgency, countdown};
