//! The working-day calendar: weekends, official public holidays and make-up workdays
//! (调休). Deadlines that the 12345 rules count in working days are computed here.
//!
//! The district's `GET /calendar/{year}` is the authority; the 2026 table bundled here
//! only serves a year the district never answered for ([`WorkCalendar::resolve`]). A
//! year neither covers is "not covered": the strict methods fail with
//! [`CalendarError::YearNotCovered`], and the lenient ones ([`WorkCalendar::day`],
//! [`WorkCalendar::workdays_left`]) count Monday to Friday and say which years they
//! estimated, so that every figure built on them can be marked as an estimate.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone, Weekday};
use district_api::CalendarYear;
use std::collections::{BTreeMap, BTreeSet};

/// A date the calendar cannot answer for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The year is not covered: its holidays are not known, so working days
    /// cannot be counted honestly.
    #[error("工作日历未覆盖 {year} 年（已覆盖：{covered}）")]
    YearNotCovered { year: i32, covered: String },
    /// The arithmetic left the representable date range.
    #[error("日期超出范围")]
    OutOfRange,
}

/// Official days off and make-up workdays per covered year.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct WorkCalendar {
    years: BTreeMap<i32, YearRules>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct YearRules {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
    source: CalendarSource,
}

/// Where a covered year's rules come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarSource {
    /// The district's `GET /calendar/{year}` (cached).
    District,
    /// The table bundled with the app (a year the district never answered for).
    Bundled,
}

impl CalendarSource {
    pub fn as_str(self) -> &'static str {
        match self {
            CalendarSource::District => "district",
            CalendarSource::Bundled => "bundled",
        }
    }
}

/// One day as a lenient lookup sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub workday: bool,
    /// The year is not covered: `workday` is "Monday to Friday".
    pub estimated: bool,
}

/// A count that may rest on estimated years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimated<T> {
    pub value: T,
    /// The years counted as Monday to Friday because the calendar does not cover them
    /// (empty: exact).
    pub estimated_years: Vec<i32>,
}

impl<T> Estimated<T> {
    pub fn is_estimate(&self) -> bool {
        !self.estimated_years.is_empty()
    }
}

/// The years from `from`'s to `to`'s (inclusive; empty when `to` is before `from`), at
/// most [`MAX_SPAN_YEARS`] of them.
pub fn years_between(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = i32> {
    let last = to.year().min(from.year().saturating_add(MAX_SPAN_YEARS));
    from.year()..=last
}

/// How many years one lenient lookup spans at most (a deadline decades ahead is bad
/// data, not a reason to loop).
pub const MAX_SPAN_YEARS: i32 = 10;

/// 2026 as published by the State Council (国务院办公厅, 2026年部分节假日安排).
#[rustfmt::skip]
const CHINA_2026_HOLIDAYS: &[(u32, u32)] = &[
    (1, 1), (1, 2), (1, 3), // 元旦
    (2, 15), (2, 16), (2, 17), (2, 18), (2, 19), (2, 20), (2, 21), (2, 22), (2, 23), // 春节
    (4, 4), (4, 5), (4, 6), // 清明节
    (5, 1), (5, 2), (5, 3), (5, 4), (5, 5), // 劳动节
    (6, 19), (6, 20), (6, 21), // 端午节
    (9, 25), (9, 26), (9, 27), // 中秋节
    (10, 1), (10, 2), (10, 3), (10, 4), (10, 5), (10, 6), (10, 7), // 国庆节
];
/// 2026 make-up workdays (调休上班), all on weekends.
#[rustfmt::skip]
const CHINA_2026_WORKDAYS: &[(u32, u32)] = &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)];

fn dates(year: i32, list: &[(u32, u32)]) -> Vec<NaiveDate> {
    list.iter()
        .filter_map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .collect()
}

/// The bundled official calendar for 2026.
pub fn china_2026() -> CalendarYear {
    CalendarYear {
        year: 2026,
        holidays: dates(2026, CHINA_2026_HOLIDAYS),
        workdays: dates(2026, CHINA_2026_WORKDAYS),
    }
}

/// The years bundled with the app.
pub fn bundled_years() -> Vec<CalendarYear> {
    vec![china_2026()]
}

impl WorkCalendar {
    /// The one calendar the desk works with: the district's years (as cached from
    /// `GET /calendar/{year}`), and the bundled table for a year the district never
    /// answered for. Every other year is not covered.
    pub fn resolve(district: impl IntoIterator<Item = CalendarYear>) -> Self {
        let mut cal = WorkCalendar::default();
        for y in bundled_years() {
            cal.add_year(y, CalendarSource::Bundled);
        }
        for y in district {
            cal.add_year(y, CalendarSource::District);
        }
        cal
    }

    /// A calendar covering exactly the given years, as if the district had sent them.
    pub fn from_years(years: impl IntoIterator<Item = CalendarYear>) -> Self {
        let mut cal = WorkCalendar::default();
        for y in years {
            cal.add_year(y, CalendarSource::District);
        }
        cal
    }

    /// Adds (or replaces) one year's rules. Dates outside the year are ignored; a date
    /// listed both as a holiday and as a make-up workday is a workday.
    pub fn add_year(&mut self, y: CalendarYear, source: CalendarSource) {
        self.years.insert(
            y.year,
            YearRules {
                holidays: y
                    .holidays
                    .into_iter()
                    .filter(|d| d.year() == y.year)
                    .collect(),
                workdays: y
                    .workdays
                    .into_iter()
                    .filter(|d| d.year() == y.year)
                    .collect(),
                source,
            },
        );
    }

    /// The years this calendar can answer for.
    pub fn covered_years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// Whether `year` is covered, and by what.
    pub fn source(&self, year: i32) -> Option<CalendarSource> {
        self.years.get(&year).map(|r| r.source)
    }

    /// One year's days off and make-up workdays, as covered.
    pub fn year(&self, year: i32) -> Option<CalendarYear> {
        self.years.get(&year).map(|r| CalendarYear {
            year,
            holidays: r.holidays.iter().copied().collect(),
            workdays: r.workdays.iter().copied().collect(),
        })
    }

    /// The years of `years` this calendar does not cover.
    pub fn uncovered(&self, years: impl IntoIterator<Item = i32>) -> Vec<i32> {
        let mut out: Vec<i32> = years
            .into_iter()
            .filter(|y| !self.years.contains_key(y))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether `date` is a working day, estimating "Monday to Friday" for a year the
    /// calendar does not cover (and saying so).
    pub fn day(&self, date: NaiveDate) -> Day {
        match self.is_workday(date) {
            Ok(workday) => Day {
                workday,
                estimated: false,
            },
            Err(_) => Day {
                workday: !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                estimated: true,
            },
        }
    }

    /// Working days from `from` (exclusive) to `to` (inclusive), 0 when `to <= from`;
    /// years not covered count Monday to Friday and are named in the answer. Spans of
    /// more than [`MAX_SPAN_YEARS`] are cut there.
    pub fn workdays_left(&self, from: NaiveDate, to: NaiveDate) -> Estimated<u32> {
        let last = years_between(from, to)
            .last()
            .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31))
            .map_or(to, |end| end.min(to));
        let mut n = 0;
        let mut d = from;
        while d < last {
            let Some(next) = d.checked_add_days(Days::new(1)) else {
                break;
            };
            d = next;
            if self.day(d).workday {
                n += 1;
            }
        }
        let first = from.succ_opt().unwrap_or(from);
        Estimated {
            value: n,
            estimated_years: if to > from {
                self.uncovered(years_between(first, to))
            } else {
                Vec::new()
            },
        }
    }

    /// Whether `date` is a working day: a weekday that is not a holiday, or a
    /// make-up workday.
    pub fn is_workday(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        let rules = self
            .years
            .get(&date.year())
            .ok_or_else(|| CalendarError::YearNotCovered {
                year: date.year(),
                covered: self
                    .covered_years()
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join("、"),
            })?;
        if rules.workdays.contains(&date) {
            return Ok(true);
        }
        if rules.holidays.contains(&date) {
            return Ok(false);
        }
        Ok(!matches!(date.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// The `n`-th working day strictly after `date` (`n = 0` is `date` itself).
    pub fn nth_workday_after(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = d
                .checked_add_days(Days::new(1))
                .ok_or(CalendarError::OutOfRange)?;
            if self.is_workday(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); 0 when `to <= from`.
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> Result<u32, CalendarError> {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = d
                .checked_add_days(Days::new(1))
                .ok_or(CalendarError::OutOfRange)?;
            if self.is_workday(d)? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// A reply deadline counted in working days: `close` (local time, e.g. 18:00) on the
    /// `days`-th working day after the dispatch date, in the dispatch's own offset.
    ///
    /// Shandong's 12345 rule is 5 working days: a ticket dispatched on Saturday
    /// 2026-11-28 is due on Friday 2026-12-04 at 18:00.
    pub fn working_day_deadline(
        &self,
        dispatched_at: DateTime<FixedOffset>,
        days: u32,
        close: NaiveTime,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        let day = self.nth_workday_after(dispatched_at.date_naive(), days)?;
        dispatched_at
            .offset()
            .from_local_datetime(&day.and_time(close))
            .single()
            .ok_or(CalendarError::OutOfRange)
    }
}

/// What the status bar says while figures rest on years no calendar covers:
/// `2027 年节假日安排尚未发布：涉及 2027 年的工作日按周一至周五估算`.
pub fn not_covered_notice(years: &[i32]) -> Option<String> {
    if years.is_empty() {
        return None;
    }
    let years = year_list(years);
    Some(format!(
        "{years} 年节假日安排尚未发布：涉及 {years} 年的工作日按周一至周五估算"
    ))
}

/// Years as the notices name them: `2027、2028`.
pub fn year_list(years: &[i32]) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

/// The local closing time deadlines fall on (18:00).
pub fn office_close() -> NaiveTime {
    NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN)
}
