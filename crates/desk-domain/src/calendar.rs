//! The working-day calendar: weekends, official public holidays and make-up workdays
//! (调休). Deadlines that the 12345 rules count in working days are computed here.

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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkCalendar {
    years: BTreeMap<i32, YearRules>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct YearRules {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

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

impl WorkCalendar {
    /// The calendar bundled with the app (2026), used until the district's
    /// `GET /calendar/{year}` has been fetched.
    pub fn bundled() -> Self {
        Self::from_years([china_2026()])
    }

    /// A calendar covering exactly the given years.
    pub fn from_years(years: impl IntoIterator<Item = CalendarYear>) -> Self {
        let mut cal = WorkCalendar::default();
        for y in years {
            cal.add_year(y);
        }
        cal
    }

    /// Adds (or replaces) one year's rules.
    pub fn add_year(&mut self, y: CalendarYear) {
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
            },
        );
    }

    /// The years this calendar can answer for.
    pub fn covered_years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
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

/// The local closing time deadlines fall on (18:00).
pub fn office_close() -> NaiveTime {
    NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN)
}
