//! Keeping the district's working-day calendar (issue 14): which years the desk asks
//! for and when ([`needed_years`], [`years_to_fetch`], pure), and the fetch itself
//! ([`refresh_calendars`]).
//!
//! - Needed: this year, next year, and every year up to the open tickets' latest
//!   deadline (at most [`MAX_YEARS_AHEAD`] ahead: a deadline decades away is bad data).
//! - A year never asked for is asked at once. A published year is asked again once a
//!   day (server time), so a district correcting a year it published reaches the desk
//!   within a day. A year the district has not published (404) is asked at every sync
//!   until it is, so the desk stops estimating at the first sync after publication.
//! - Offline, or when the district fails, the cached years serve unchanged.

use crate::{DistrictClient, RetryPolicy, SyncError};
use chrono::{DateTime, Datelike, Utc};
use desk_store::{CachedCalendarYear, Store};
use std::sync::Mutex;

/// How far ahead of this year the desk asks for calendars at most.
pub const MAX_YEARS_AHEAD: i32 = 5;
/// How old a published year may get before it is asked for again.
pub const REFRESH_AFTER_MS: i64 = 24 * 3600 * 1000;

/// The years the desk needs at a moment of `this_year`, given the year of the open
/// tickets' latest deadline.
pub fn needed_years(this_year: i32, latest_deadline_year: Option<i32>) -> Vec<i32> {
    let last = latest_deadline_year
        .unwrap_or(this_year)
        .clamp(this_year + 1, this_year + MAX_YEARS_AHEAD);
    (this_year..=last).collect()
}

/// Which of `needed` to ask the district for at server time `now_ms`.
pub fn years_to_fetch(needed: &[i32], cached: &[CachedCalendarYear], now_ms: i64) -> Vec<i32> {
    needed
        .iter()
        .copied()
        .filter(|year| match cached.iter().find(|c| c.year == *year) {
            None => true,
            Some(c) => match c.fetched_at_ms {
                // A day either way: a server clock that went back a long way (a
                // corrected offset) does not postpone the refresh for as long.
                Some(at) => (now_ms - at).abs() >= REFRESH_AFTER_MS,
                None => true,
            },
        })
        .collect()
}

/// What one refresh did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarRefresh {
    /// Years the district answered with a calendar.
    pub fetched: Vec<i32>,
    /// Years the district said are not published (404).
    pub not_published: Vec<i32>,
    /// Years whose answer could not be had or used, with why (the cache keeps serving).
    pub failed: Vec<(i32, String)>,
    /// Whether the calendar the desk works with changed (a year arrived or was
    /// corrected): figures and alert plans built on the old one are stale.
    pub changed: bool,
}

fn lock(store: &Mutex<Store>) -> Result<std::sync::MutexGuard<'_, Store>, SyncError> {
    store.lock().map_err(|_| SyncError::StorePoisoned)
}

/// Asks the district for the years the desk needs at server time `now` and caches the
/// answers. One failed year does not stop the others; the store is not locked while a
/// request is out.
pub async fn refresh_calendars(
    client: &DistrictClient,
    store: &Mutex<Store>,
    now: DateTime<Utc>,
    policy: &RetryPolicy,
) -> Result<CalendarRefresh, SyncError> {
    let now_ms = now.timestamp_millis();
    let (due, this_year) = {
        let guard = lock(store)?;
        // Beijing time: the year turns at midnight in China, not in UTC.
        let this_year = (now + chrono::Duration::hours(8)).year();
        let needed = needed_years(this_year, guard.latest_open_deadline_year()?);
        (
            years_to_fetch(&needed, &guard.calendar_years()?, now_ms),
            this_year,
        )
    };
    let mut out = CalendarRefresh::default();
    for year in due {
        let answer = policy.run(|| client.calendar(year)).await;
        let answer = match answer {
            Ok(Some(cal)) if cal.year != year => Err(format!(
                "区热线平台对 {year} 年返回了 {} 年的日历",
                cal.year
            )),
            Ok(a) => Ok(a),
            Err(e) if e.is_unreachable() => {
                // Offline: the rest would fail the same way.
                out.failed.push((year, e.to_string()));
                break;
            }
            Err(e) => Err(e.to_string()),
        };
        match answer {
            Ok(cal) => {
                if lock(store)?.record_calendar_year(year, cal.as_ref(), now_ms)? {
                    out.changed = true;
                }
                match cal {
                    Some(_) => out.fetched.push(year),
                    None => out.not_published.push(year),
                }
            }
            Err(why) => out.failed.push((year, why)),
        }
    }
    tracing::debug!(this_year, ?out, "calendar refresh");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use district_api::CalendarYear;
    use pretty_assertions::assert_eq;

    #[test]
    fn needed_years_cover_this_next_and_the_latest_deadline() {
        // (this year, latest deadline year, needed)
        let cases: [(i32, Option<i32>, Vec<i32>); 5] = [
            (2026, None, vec![2026, 2027]),
            (2026, Some(2026), vec![2026, 2027]),
            (2026, Some(2028), vec![2026, 2027, 2028]),
            (2026, Some(2019), vec![2026, 2027]),
            (2026, Some(9999), vec![2026, 2027, 2028, 2029, 2030, 2031]),
        ];
        for (this, latest, want) in cases {
            assert_eq!(needed_years(this, latest), want, "{this} {latest:?}");
        }
    }

    fn cached(year: i32, fetched: Option<i64>, checked: i64) -> CachedCalendarYear {
        CachedCalendarYear {
            year,
            calendar: fetched.map(|_| CalendarYear {
                year,
                holidays: Vec::new(),
                workdays: Vec::new(),
            }),
            fetched_at_ms: fetched,
            checked_at_ms: checked,
        }
    }

    #[test]
    fn published_years_daily_missing_ones_every_sync() {
        const DAY: i64 = REFRESH_AFTER_MS;
        let now = 10 * DAY;
        let rows = [
            cached(2026, Some(now - DAY / 2), now - DAY / 2), // fresh
            cached(2027, None, now - 60_000),                 // 404 a minute ago
            cached(2028, Some(now - DAY), now - DAY),         // a day old
            cached(2029, Some(now + DAY), now + DAY),         // "fetched a day ahead"
            cached(2031, Some(now + 2_000), now + 2_000),     // Date's second resolution
        ];
        assert_eq!(
            years_to_fetch(&[2026, 2027, 2028, 2029, 2030, 2031], &rows, now),
            vec![2027, 2028, 2029, 2030]
        );
        assert_eq!(years_to_fetch(&[2026], &rows, now), Vec::<i32>::new());
    }
}
