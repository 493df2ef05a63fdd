//! Working days and working hours in Beijing time, for the planner.
//!
//! A year the calendar does not cover is counted as "weekdays only" here (and reported in
//! [`Plan::uncovered_years`](super::Plan::uncovered_years), and in the body of every
//! notification whose moment rests on it): an alert that is a little off is better than a
//! deadline that passes in silence.

use super::settings::AlertSettings;
use crate::calendar::WorkCalendar;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// Beijing time, UTC+8 all year (China has no daylight saving time).
pub(super) const BEIJING_SECS: i64 = 8 * 3600;

/// How far a loop over days may run before giving up (no calendar has a longer run of
/// days off).
const MAX_DAYS: u32 = 400;

/// A moment as Beijing wall-clock date and time.
pub(super) fn local(t: DateTime<Utc>) -> (NaiveDate, NaiveTime) {
    let n = t.naive_utc() + Duration::seconds(BEIJING_SECS);
    (n.date(), n.time())
}

/// The moment of a Beijing wall-clock date and time.
pub(super) fn at(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    Utc.from_utc_datetime(&(date.and_time(time) - Duration::seconds(BEIJING_SECS)))
}

/// A moment in Beijing time, to the second: `2026-12-04T18:00:00+08:00`.
pub(super) fn stamp(t: DateTime<Utc>) -> String {
    let (d, time) = local(t);
    format!("{}T{}+08:00", d.format("%Y-%m-%d"), time.format("%H:%M:%S"))
}

/// The working-day calendar, falling back to weekdays for years it does not cover.
pub(super) struct Workdays<'a> {
    cal: &'a WorkCalendar,
    uncovered: RefCell<BTreeSet<i32>>,
    /// The uncovered years looked up since [`Workdays::begin_scope`].
    scope: RefCell<BTreeSet<i32>>,
}

impl<'a> Workdays<'a> {
    pub(super) fn new(cal: &'a WorkCalendar) -> Self {
        Workdays {
            cal,
            uncovered: RefCell::new(BTreeSet::new()),
            scope: RefCell::new(BTreeSet::new()),
        }
    }

    pub(super) fn is_workday(&self, d: NaiveDate) -> bool {
        let day = self.cal.day(d);
        if day.estimated {
            self.uncovered.borrow_mut().insert(d.year());
            self.scope.borrow_mut().insert(d.year());
        }
        day.workday
    }

    /// The years that were looked up without being covered.
    pub(super) fn uncovered(&self) -> Vec<i32> {
        self.uncovered.borrow().iter().copied().collect()
    }

    /// Starts noting the uncovered years one computation (one ticket's) looks up.
    pub(super) fn begin_scope(&self) {
        self.scope.borrow_mut().clear();
    }

    /// The uncovered years looked up since [`Workdays::begin_scope`].
    pub(super) fn scope(&self) -> Vec<i32> {
        self.scope.borrow().iter().copied().collect()
    }

    /// The `n`-th working day strictly before `d` (`n = 0` is `d`).
    pub(super) fn nth_before(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        let mut steps = 0;
        while left > 0 && steps < MAX_DAYS.saturating_mul(n) {
            let Some(prev) = day.checked_sub_days(Days::new(1)) else {
                break;
            };
            day = prev;
            steps += 1;
            if self.is_workday(day) {
                left -= 1;
            }
        }
        day
    }

    /// The first working day strictly after `d`.
    pub(super) fn next_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        for _ in 0..MAX_DAYS {
            let Some(next) = day.checked_add_days(Days::new(1)) else {
                break;
            };
            day = next;
            if self.is_workday(day) {
                return day;
            }
        }
        day
    }
}

/// The office day, and whether reminders are held outside it.
pub(super) struct Hours<'a> {
    pub(super) days: &'a Workdays<'a>,
    pub(super) start: NaiveTime,
    pub(super) end: NaiveTime,
    /// Holding is on and the office day is not empty.
    pub(super) hold: bool,
}

impl<'a> Hours<'a> {
    pub(super) fn new(days: &'a Workdays<'a>, s: &AlertSettings) -> Self {
        let (start, end) = (s.working_hours.start, s.working_hours.end);
        Hours {
            days,
            start,
            end,
            hold: s.hold_outside_working_hours && start < end,
        }
    }

    /// Whether `t` is inside the office day (end exclusive).
    pub(super) fn contains(&self, t: DateTime<Utc>) -> bool {
        let (d, time) = local(t);
        self.start <= time && time < self.end && self.days.is_workday(d)
    }

    /// Whether `t` is inside the office day, its end included.
    pub(super) fn contains_end(&self, t: DateTime<Utc>) -> bool {
        let (d, time) = local(t);
        self.start <= time && time <= self.end && self.days.is_workday(d)
    }

    /// The first start of an office day strictly after `t`.
    pub(super) fn next_start_after(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let (d, time) = local(t);
        if time < self.start && self.days.is_workday(d) {
            return at(d, self.start);
        }
        at(self.days.next_after(d), self.start)
    }

    /// When a holdable reminder that becomes due at `t` is delivered: at `t` inside the
    /// office day (its end included), else at the next start.
    pub(super) fn release(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        if !self.hold || self.contains_end(t) {
            t
        } else {
            self.next_start_after(t)
        }
    }
}
