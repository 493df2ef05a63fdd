//! The district's working-day calendar per year, as last fetched (issue 14), and the
//! facts that decide which years the desk needs.

use crate::{Store, StoreError};
use district_api::CalendarYear;
use rusqlite::OptionalExtension;

/// One year as the cache holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedCalendarYear {
    pub year: i32,
    /// The district's calendar; `None` while it says the year is not published.
    pub calendar: Option<CalendarYear>,
    /// Server time (ms) `calendar` was fetched.
    pub fetched_at_ms: Option<i64>,
    /// Server time (ms) the district was last asked.
    pub checked_at_ms: i64,
}

/// Beijing time, for the year of a deadline.
const BEIJING_SECS: i64 = 8 * 3600;

impl Store {
    /// Every year the district was asked for, in year order. A row whose body no longer
    /// parses (a cache written by a newer version, a damaged file) counts as never
    /// fetched: the bundled table or an estimate serves, and the next sync fetches again.
    pub fn calendar_years(&self) -> Result<Vec<CachedCalendarYear>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT year, body, fetched_at_ms, checked_at_ms FROM calendar_years ORDER BY year",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i32>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (year, body, fetched_at_ms, checked_at_ms) = row?;
            let calendar = body.and_then(|b| match serde_json::from_str::<CalendarYear>(&b) {
                Ok(c) if c.year == year => Some(c),
                _ => {
                    tracing::warn!(year, "cached calendar year unreadable; ignoring it");
                    None
                }
            });
            out.push(CachedCalendarYear {
                year,
                fetched_at_ms: calendar.as_ref().and(fetched_at_ms),
                calendar,
                checked_at_ms,
            });
        }
        Ok(out)
    }

    /// Records the district's answer for `year` at server time `now_ms`: its calendar,
    /// or `None` for "not published" (404), which keeps a calendar fetched before (a
    /// district that stops serving a year it published is not a reason to forget it).
    /// Returns whether the calendar the desk works with changed.
    pub fn record_calendar_year(
        &self,
        year: i32,
        calendar: Option<&CalendarYear>,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let before: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT body FROM calendar_years WHERE year = ?1",
                [year],
                |r| r.get(0),
            )
            .optional()?;
        match calendar {
            Some(c) => {
                let body = serde_json::to_string(c).map_err(StoreError::Encode)?;
                let changed = before.flatten().as_deref() != Some(body.as_str());
                let tx = self.conn.unchecked_transaction()?;
                tx.execute(
                    "INSERT INTO calendar_years (year, body, fetched_at_ms, checked_at_ms)
                     VALUES (?1, ?2, ?3, ?3)
                     ON CONFLICT (year) DO UPDATE SET body = excluded.body,
                        fetched_at_ms = excluded.fetched_at_ms,
                        checked_at_ms = excluded.checked_at_ms",
                    rusqlite::params![year, body, now_ms],
                )?;
                if changed {
                    // The reply margins rest on the calendar (migration 016).
                    crate::assessment::recompute_margins(&tx)?;
                }
                tx.commit()?;
                Ok(changed)
            }
            None => {
                self.conn.execute(
                    "INSERT INTO calendar_years (year, body, fetched_at_ms, checked_at_ms)
                     VALUES (?1, NULL, NULL, ?2)
                     ON CONFLICT (year) DO UPDATE SET checked_at_ms = excluded.checked_at_ms",
                    rusqlite::params![year, now_ms],
                )?;
                Ok(false)
            }
        }
    }

    /// The Beijing-time year of the latest active deadline (ack, reply or opinion) of the
    /// open tickets: what their countdowns and working-day figures rest on. `None` with
    /// nothing open. One end of the partial index `tickets_active_due` (its `WHERE` must
    /// be repeated for SQLite to use it): cheap enough for every status.
    pub fn latest_active_deadline_year(&self) -> Result<Option<i32>, StoreError> {
        let latest: Option<i64> = self.conn.query_row(
            "SELECT MAX(active_due_at) FROM tickets WHERE active_due_at IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(latest.and_then(beijing_year))
    }

    /// The Beijing-time year of the open tickets' latest deadline of any kind: the
    /// active one, the reply deadline of tickets still awaiting acknowledgement, and
    /// requested extensions (the calendar years a sync fetches). `None` with nothing
    /// open. Three index ends (`tickets_active_due`, and migration 018's
    /// `tickets_pending_reply_due` and `tickets_extension_due`, whose expression and
    /// `WHERE` the query repeats): it runs after every sync.
    pub fn latest_open_deadline_year(&self) -> Result<Option<i32>, StoreError> {
        let latest: Option<i64> = self.conn.query_row(
            "SELECT MAX(d) FROM (
                SELECT MAX(active_due_at) AS d FROM tickets WHERE active_due_at IS NOT NULL
                UNION ALL
                SELECT MAX(reply_due_at) FROM tickets WHERE status = 'pending_ack'
                UNION ALL
                SELECT MAX(unixepoch(json_extract(body, '$.extension.requested_due_at')))
                  FROM tickets WHERE extension_pending = 1
             )",
            [],
            |r| r.get(0),
        )?;
        Ok(latest.and_then(beijing_year))
    }
}

/// The Beijing-time year of a moment in Unix seconds.
fn beijing_year(secs: i64) -> Option<i32> {
    chrono::DateTime::from_timestamp(secs.saturating_add(BEIJING_SECS), 0)
        .map(|d| chrono::Datelike::year(&d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn year(y: i32, off: &[&str]) -> CalendarYear {
        CalendarYear {
            year: y,
            holidays: off
                .iter()
                .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"))
                .collect(),
            workdays: Vec::new(),
        }
    }

    #[test]
    fn answers_are_kept_and_a_later_404_does_not_forget_a_year() -> Result<(), StoreError> {
        let store = Store::open_in_memory()?;
        assert_eq!(store.calendar_years()?, vec![]);
        assert!(!store.record_calendar_year(2027, None, 1_000)?);
        let first = year(2027, &["2027-01-01"]);
        assert!(store.record_calendar_year(2027, Some(&first), 2_000)?);
        assert!(
            !store.record_calendar_year(2027, Some(&first), 3_000)?,
            "the same answer again changes nothing"
        );
        assert!(!store.record_calendar_year(2027, None, 4_000)?);
        assert_eq!(
            store.calendar_years()?,
            vec![CachedCalendarYear {
                year: 2027,
                calendar: Some(first),
                fetched_at_ms: Some(3_000),
                checked_at_ms: 4_000,
            }]
        );
        let corrected = year(2027, &["2027-01-01", "2027-01-02"]);
        assert!(store.record_calendar_year(2027, Some(&corrected), 5_000)?);
        Ok(())
    }

    #[test]
    fn an_unreadable_row_counts_as_never_fetched() -> Result<(), StoreError> {
        let store = Store::open_in_memory()?;
        store.conn.execute(
            "INSERT INTO calendar_years VALUES (2027, '{\"year\": \"bad\"}', 1, 1)",
            [],
        )?;
        let rows = store.calendar_years()?;
        assert_eq!(
            (rows[0].calendar.is_none(), rows[0].fetched_at_ms),
            (true, None)
        );
        Ok(())
    }
}
