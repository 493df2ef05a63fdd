//! The simulator's working-day calendar.
//!
//! The official calendar is only published for 2026 (`desk_domain::calendar::china_2026`).
//! A simulator must still run in any year, so **as a documented simulator choice** the sim's
//! calendar is the official 2026 one plus *provisional* "weekdays only" years (no holidays,
//! no make-up days) for the years around the sim's `now`. Arithmetic that still leaves the
//! covered range falls back to "weekdays only" instead of failing: the simulator never
//! panics on a date.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, TimeZone, Weekday};
use desk_domain::WorkCalendar;
use desk_domain::calendar::{china_2026, office_close};
use district_api::CalendarYear;

/// How many provisional years the sim covers on each side of `now`.
const PROVISIONAL_YEARS_AROUND: i32 = 2;

/// The sim's calendar for a sim clock at `now`: official 2026, plus weekdays-only years
/// from `now.year() - 2` to `now.year() + 2`.
pub fn sim_calendar(now: DateTime<FixedOffset>) -> WorkCalendar {
    let y = now.year();
    let provisional = (y - PROVISIONAL_YEARS_AROUND..=y + PROVISIONAL_YEARS_AROUND)
        .filter(|&year| year != 2026)
        .map(|year| CalendarYear {
            year,
            holidays: Vec::new(),
            workdays: Vec::new(),
        });
    WorkCalendar::from_years(provisional.chain([china_2026()]))
}

/// Whether `date` is a working day; "weekdays only" outside the calendar's years.
pub(crate) fn is_workday(cal: &WorkCalendar, date: NaiveDate) -> bool {
    cal.is_workday(date)
        .unwrap_or_else(|_| !matches!(date.weekday(), Weekday::Sat | Weekday::Sun))
}

/// The `n`-th working day strictly before `date` (`n = 0` is `date` itself).
pub(crate) fn workday_before(cal: &WorkCalendar, date: NaiveDate, n: u32) -> NaiveDate {
    let mut d = date;
    let mut left = n;
    while left > 0 {
        let Some(prev) = d.checked_sub_days(Days::new(1)) else {
            return d;
        };
        d = prev;
        if is_workday(cal, d) {
            left -= 1;
        }
    }
    d
}

/// The reply deadline `days` working days after `at`, at office close (18:00) in `at`'s
/// offset. Uses the calendar's `working_day_deadline`; falls back to weekdays-only
/// arithmetic where the calendar does not cover a year.
pub(crate) fn deadline(
    cal: &WorkCalendar,
    at: DateTime<FixedOffset>,
    days: u32,
) -> DateTime<FixedOffset> {
    if let Ok(due) = cal.working_day_deadline(at, days, office_close()) {
        return due;
    }
    let mut d = at.date_naive();
    let mut left = days;
    while left > 0 {
        let Some(next) = d.checked_add_days(Days::new(1)) else {
            break;
        };
        d = next;
        if is_workday(cal, d) {
            left -= 1;
        }
    }
    at.offset()
        .from_local_datetime(&d.and_time(office_close()))
        .single()
        .unwrap_or(at)
}
