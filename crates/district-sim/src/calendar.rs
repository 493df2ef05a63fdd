//! The simulator's working-day calendar: its own data and its own arithmetic.
//!
//! The simulator stands for the district, which is the authority on working days, so
//! nothing here comes from the desk's crates: a calendar bug in `desk-domain` must show
//! up as a disagreement between the desk and the simulator, not be reproduced by both.
//!
//! Data: the official 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知), and a
//! **provisional 2027 table of the simulator's own** — the State Council had not
//! published 2027 when this was written; the table follows the usual pattern and is
//! replaced by the official one when it is published (or at run time through the
//! control API, `PUT /_sim/calendar/{year}`). `GET /calendar/{year}` serves exactly the
//! years in the table; any other year is 404 ("not published").
//!
//! For its own deadlines the simulator must run in any year, so outside the table it
//! counts Monday to Friday (a documented simulator choice) instead of failing: it never
//! panics on a date.

use crate::SimError;
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone, Weekday};
use district_api::CalendarYear;
use std::collections::{BTreeMap, BTreeSet};

/// Official 2026: days off (国务院办公厅, 2026年部分节假日安排).
#[rustfmt::skip]
const OFFICIAL_2026_OFF: &[&str] = &[
    "2026-01-01", "2026-01-02", "2026-01-03",
    "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
    "2026-02-21", "2026-02-22", "2026-02-23",
    "2026-04-04", "2026-04-05", "2026-04-06",
    "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
    "2026-06-19", "2026-06-20", "2026-06-21",
    "2026-09-25", "2026-09-26", "2026-09-27",
    "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06",
    "2026-10-07",
];
/// Official 2026: make-up workdays (调休上班).
const OFFICIAL_2026_ON: &[&str] = &[
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
];
/// The simulator's PROVISIONAL 2027 days off (not official).
#[rustfmt::skip]
const PROVISIONAL_2027_OFF: &[&str] = &[
    "2027-01-01", "2027-01-02", "2027-01-03",
    "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10",
    "2027-02-11", "2027-02-12", "2027-02-13",
    "2027-04-03", "2027-04-04", "2027-04-05",
    "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04", "2027-05-05",
    "2027-06-09",
    "2027-09-15",
    "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06",
    "2027-10-07",
];
/// The simulator's PROVISIONAL 2027 make-up workdays (not official).
const PROVISIONAL_2027_ON: &[&str] = &[
    "2027-02-20",
    "2027-04-25",
    "2027-05-08",
    "2027-09-26",
    "2027-10-09",
];

/// The office closes at 18:00: working-day deadlines fall then.
const CLOSE_HOUR: u32 = 18;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Year {
    off: BTreeSet<NaiveDate>,
    on: BTreeSet<NaiveDate>,
}

/// The district's published years, as the simulator serves and counts them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimCalendar {
    years: BTreeMap<i32, Year>,
}

fn parse(list: &[&str]) -> BTreeSet<NaiveDate> {
    list.iter()
        .filter_map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .collect()
}

impl SimCalendar {
    /// What the simulator starts with: official 2026 and its provisional 2027.
    pub fn standard() -> Self {
        let mut years = BTreeMap::new();
        years.insert(
            2026,
            Year {
                off: parse(OFFICIAL_2026_OFF),
                on: parse(OFFICIAL_2026_ON),
            },
        );
        years.insert(
            2027,
            Year {
                off: parse(PROVISIONAL_2027_OFF),
                on: parse(PROVISIONAL_2027_ON),
            },
        );
        SimCalendar { years }
    }

    /// Publishes (or replaces) a year. Dates outside the year are refused.
    pub fn publish(&mut self, y: &CalendarYear) -> Result<(), SimError> {
        if let Some(stray) = y
            .holidays
            .iter()
            .chain(&y.workdays)
            .find(|d| d.year() != y.year)
        {
            return Err(SimError::Invalid(format!("{stray} 不在 {} 年内", y.year)));
        }
        self.years.insert(
            y.year,
            Year {
                off: y.holidays.iter().copied().collect(),
                on: y.workdays.iter().copied().collect(),
            },
        );
        Ok(())
    }

    /// Withdraws a year; whether it was published.
    pub fn withdraw(&mut self, year: i32) -> bool {
        self.years.remove(&year).is_some()
    }

    /// A published year as `GET /calendar/{year}` serves it.
    pub fn year(&self, year: i32) -> Option<CalendarYear> {
        self.years.get(&year).map(|y| CalendarYear {
            year,
            holidays: y.off.iter().copied().collect(),
            workdays: y.on.iter().copied().collect(),
        })
    }

    /// Whether people work on `date`: a make-up day, or a weekday that is not a day
    /// off. Outside the published years: Monday to Friday.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        let weekday = !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        match self.years.get(&date.year()) {
            Some(y) if y.on.contains(&date) => true,
            Some(y) if y.off.contains(&date) => false,
            _ => weekday,
        }
    }

    /// The `n`-th working day strictly before `date` (`n = 0` is `date` itself).
    pub fn workday_before(&self, date: NaiveDate, n: u32) -> NaiveDate {
        self.walk(date, n, |d| d.checked_sub_days(Days::new(1)))
    }

    /// The `n`-th working day strictly after `date` (`n = 0` is `date` itself).
    pub fn workday_after(&self, date: NaiveDate, n: u32) -> NaiveDate {
        self.walk(date, n, |d| d.checked_add_days(Days::new(1)))
    }

    fn walk(
        &self,
        date: NaiveDate,
        n: u32,
        step: impl Fn(NaiveDate) -> Option<NaiveDate>,
    ) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            let Some(next) = step(d) else {
                return d;
            };
            d = next;
            if self.is_workday(d) {
                left -= 1;
            }
        }
        d
    }

    /// "Within `days` working days of `at`": 18:00 on the `days`-th working day after
    /// `at`'s date, in `at`'s offset.
    pub fn deadline(&self, at: DateTime<FixedOffset>, days: u32) -> DateTime<FixedOffset> {
        let day = self.workday_after(at.date_naive(), days);
        let close = NaiveTime::from_hms_opt(CLOSE_HOUR, 0, 0).unwrap_or(NaiveTime::MIN);
        at.offset()
            .from_local_datetime(&day.and_time(close))
            .single()
            .unwrap_or(at)
    }
}

/// The calendar the simulator starts with ([`SimCalendar::standard`]).
pub fn sim_calendar() -> SimCalendar {
    SimCalendar::standard()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn the_tables_parse_and_days_off_are_never_make_up_days() {
        assert_eq!(parse(OFFICIAL_2026_OFF).len(), OFFICIAL_2026_OFF.len());
        assert_eq!(parse(OFFICIAL_2026_ON).len(), OFFICIAL_2026_ON.len());
        assert_eq!(
            parse(PROVISIONAL_2027_OFF).len(),
            PROVISIONAL_2027_OFF.len()
        );
        assert_eq!(parse(PROVISIONAL_2027_ON).len(), PROVISIONAL_2027_ON.len());
        for on in parse(OFFICIAL_2026_ON)
            .iter()
            .chain(&parse(PROVISIONAL_2027_ON))
        {
            assert!(
                matches!(on.weekday(), Weekday::Sat | Weekday::Sun),
                "{on} is a make-up day on a weekend"
            );
        }
    }

    #[test]
    fn deadlines_across_the_year_end() {
        let cal = SimCalendar::standard();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).expect("test time");
        // (dispatched, days, due)
        let cases = [
            ("2026-12-28T09:00:00+08:00", 5, "2027-01-05T18:00:00+08:00"),
            ("2026-12-31T09:00:00+08:00", 1, "2027-01-04T18:00:00+08:00"),
            ("2027-02-04T09:00:00+08:00", 1, "2027-02-15T18:00:00+08:00"),
            ("2027-02-19T09:00:00+08:00", 1, "2027-02-20T18:00:00+08:00"),
            ("2028-03-03T09:00:00+08:00", 1, "2028-03-06T18:00:00+08:00"),
        ];
        for (from, days, due) in cases {
            assert_eq!(cal.deadline(at(from), days), at(due), "{from} + {days}");
        }
        assert_eq!(cal.workday_before(d("2027-01-04"), 1), d("2026-12-31"));
    }

    #[test]
    fn publishing_and_withdrawing_a_year() {
        let mut cal = SimCalendar::standard();
        assert!(cal.withdraw(2027));
        assert!(cal.year(2027).is_none());
        assert!(
            cal.is_workday(d("2027-01-01")),
            "Monday to Friday outside the table"
        );
        let y = CalendarYear {
            year: 2027,
            holidays: vec![d("2027-01-01")],
            workdays: vec![d("2027-01-09")],
        };
        cal.publish(&y).expect("valid year");
        assert_eq!(cal.year(2027), Some(y));
        assert!(!cal.is_workday(d("2027-01-01")));
        assert!(cal.is_workday(d("2027-01-09")));
        let stray = CalendarYear {
            year: 2027,
            holidays: vec![d("2026-12-31")],
            workdays: Vec::new(),
        };
        assert!(cal.publish(&stray).is_err());
    }
}
