//! One working-day calendar everywhere (issue 14): the district's years as cached, the
//! bundled table for a year the district never answered for, and for any other year an
//! estimate (Monday to Friday) that every figure built on it says it is. Countdowns'
//! working days, the alert planner, the extension date picker and the status bar all
//! read the same one (`load` here, [`Desk::work_calendar`] outside); nothing builds a
//! calendar of its own.

use crate::ipc::{CalendarSourceView, CalendarStatus};
use crate::{AppError, Desk};
use chrono::{DateTime, NaiveDate, Utc};
use desk_domain::calendar::{CalendarSource, WorkCalendar, not_covered_notice, years_between};
use desk_store::Store;

/// The calendar the desk works with, from the cache.
pub(crate) fn load(store: &Store) -> Result<WorkCalendar, AppError> {
    Ok(WorkCalendar::resolve(
        store
            .calendar_years()?
            .into_iter()
            .filter_map(|y| y.calendar),
    ))
}

/// A digest of the calendar, so an alert round notices that it changed. (`DefaultHasher`
/// may differ between Rust releases: an upgrade then costs one round planning every
/// ticket, nothing more.)
pub(crate) fn fingerprint(cal: &WorkCalendar) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    cal.hash(&mut h);
    h.finish()
}

/// The Beijing date of `t`.
pub(crate) fn beijing_date(t: DateTime<Utc>) -> NaiveDate {
    (t + chrono::Duration::hours(8)).date_naive()
}

/// The years a figure about a deadline at `due` rests on at `now`: from today to the
/// deadline (today's alone once it passed: overdue reminders repeat on working days),
/// those `cal` does not cover.
pub(crate) fn estimated_for(
    cal: &WorkCalendar,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Vec<i32> {
    let today = beijing_date(now);
    cal.uncovered(years_between(today, beijing_date(due).max(today)))
}

fn source_view(s: CalendarSource) -> CalendarSourceView {
    match s {
        CalendarSource::District => CalendarSourceView::District,
        CalendarSource::Bundled => CalendarSourceView::Bundled,
    }
}

/// The status bar's (and `liaison status`'s) view of the calendars at server time `now`:
/// the years today's and the open tickets' active deadlines rest on (as the rows mark
/// them). Called for every status: index ends only.
pub(crate) fn status(store: &Store, now: DateTime<Utc>) -> Result<CalendarStatus, AppError> {
    let cal = load(store)?;
    let this_year = chrono::Datelike::year(&beijing_date(now));
    let last_year = store
        .latest_active_deadline_year()?
        .unwrap_or(this_year)
        .clamp(this_year, this_year + desk_sync::MAX_YEARS_AHEAD);
    let estimated = cal.uncovered(this_year..=last_year);
    let covered = cal.covered_years();
    let source = covered
        .iter()
        .filter_map(|y| cal.source(*y).map(|s| (y.to_string(), source_view(s))))
        .collect();
    let fetched_at = store
        .calendar_years()?
        .into_iter()
        .filter_map(|y| {
            let at = DateTime::from_timestamp_millis(y.fetched_at_ms?)?;
            let beijing = chrono::FixedOffset::east_opt(8 * 3600)?;
            Some((y.year.to_string(), at.with_timezone(&beijing).to_rfc3339()))
        })
        .collect();
    Ok(CalendarStatus {
        notice: not_covered_notice(&estimated),
        covered,
        estimated,
        source,
        fetched_at,
    })
}

/// `liaison calendar`: one year as the desk has it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CalendarYearView {
    pub year: i32,
    /// `district`, `bundled`, or `none` (not covered: Monday to Friday is assumed).
    pub source: &'static str,
    /// When the district's answer was fetched (RFC 3339, Beijing time).
    pub fetched_at: Option<String>,
    pub holidays: Vec<NaiveDate>,
    pub workdays: Vec<NaiveDate>,
}

impl Desk {
    /// The working-day calendar every figure of the desk uses.
    pub fn work_calendar(&self) -> Result<WorkCalendar, AppError> {
        load(&*self.store()?)
    }

    /// One year of the calendar as the desk has it, and where it comes from.
    pub fn calendar_year(&self, year: i32) -> Result<CalendarYearView, AppError> {
        let now = self.server_now()?;
        let (cal, status) = {
            let store = self.store()?;
            (load(&store)?, status(&store, now)?)
        };
        let days = cal.year(year);
        Ok(CalendarYearView {
            year,
            source: cal.source(year).map_or("none", CalendarSource::as_str),
            fetched_at: status.fetched_at.get(&year.to_string()).cloned(),
            holidays: days
                .as_ref()
                .map(|d| d.holidays.clone())
                .unwrap_or_default(),
            workdays: days.map(|d| d.workdays).unwrap_or_default(),
        })
    }

    /// Asks the district for the calendar years the desk needs (after a sync). A
    /// failure keeps the cached years and is only logged. Returns whether the calendar
    /// changed (a year was published or corrected).
    pub(crate) async fn refresh_calendar(&self) -> bool {
        let (Ok(client), Ok(now)) = (self.client(), self.server_now()) else {
            return false;
        };
        let (store, retry) = self.sync_parts();
        match desk_sync::refresh_calendars(&client, store, now, retry).await {
            Ok(r) => {
                for (year, why) in &r.failed {
                    tracing::info!(year, reason = %why, "calendar year not refreshed; keeping the cached one");
                }
                if r.changed {
                    tracing::info!(fetched = ?r.fetched, "the district's calendar changed");
                }
                r.changed
            }
            Err(e) => {
                tracing::warn!(error = %e, "calendar not refreshed");
                false
            }
        }
    }
}
