//! The simulator's own SQLite store: the district's truth.
//!
//! - `tickets`: one row per ticket as the owning unit sees it (`json` is the full ticket).
//! - `changes`: the changes feed, compacted to the newest row per `(unit_id, key)` (e.g.
//!   `ticket:TQ…`). A new change for a key replaces the old row and gets a new, higher
//!   `seq` (AUTOINCREMENT never reuses one). So a feed read without a cursor returns exactly
//!   the current set, and any cursor still sees every later change. Rows with an
//!   `expires_at` (closed tickets: closed + 180 days) are pruned when they age out.
//! - `sessions`: bearer tokens.
//! - `meta`: whether the store was seeded, and the feed horizon (cursors below it are
//!   expired: 410). Nothing moves the horizon yet.
//!
//! Every write to a ticket goes through [`Store::put_ticket`] so that the ticket row and
//! its feed row change together, in one transaction.

use crate::SimError;
use chrono::{DateTime, FixedOffset, TimeDelta};
use desk_domain::WorkCalendar;
use district_api::{FeedItem, Ticket, TicketStatus};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// How long closed tickets stay in a fresh feed.
pub(crate) const CLOSED_RETENTION: TimeDelta = TimeDelta::days(180);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tickets (
    id        TEXT PRIMARY KEY,
    unit_id   TEXT NOT NULL,
    version   INTEGER NOT NULL,
    status    TEXT NOT NULL,
    closed_at INTEGER,
    json      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_by_unit ON tickets(unit_id, id);
CREATE TABLE IF NOT EXISTS changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id    TEXT NOT NULL,
    key        TEXT NOT NULL,
    item       TEXT NOT NULL,
    expires_at INTEGER,
    UNIQUE (unit_id, key)
);
CREATE INDEX IF NOT EXISTS changes_by_unit ON changes(unit_id, seq);
CREATE INDEX IF NOT EXISTS changes_by_expiry ON changes(expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS sessions (
    token      TEXT PRIMARY KEY,
    officer_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
";

/// One page read from the feed.
pub(crate) struct FeedRows {
    /// Item JSON, in server order.
    pub items: Vec<String>,
    pub has_more: bool,
    /// Where the next page starts (after this seq).
    pub next_seq: u64,
}

/// What a feed read came to.
pub(crate) enum FeedOutcome {
    Page(FeedRows),
    /// The cursor names a change this server never issued.
    UnknownCursor,
    /// The cursor is below the feed horizon.
    Expired,
}

/// A bearer session.
pub(crate) struct Session {
    pub officer_id: String,
    pub expires_at: i64,
}

pub(crate) struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (and creates) the store; `None` is an in-memory database.
    pub fn open(path: Option<&Path>) -> Result<Self, SimError> {
        let conn = match path {
            Some(p) => {
                let conn = Connection::open(p)?;
                conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
                conn
            }
            None => Connection::open_in_memory()?,
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions
        // roll back on drop), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Fills an empty store with `count` generated tickets for `unit_id`. A store that
    /// was seeded before (a `--db` file from an earlier run) is left as it is.
    /// Returns whether it seeded.
    pub fn seed_if_empty(
        &self,
        unit_id: &str,
        seed: u64,
        count: u64,
        now: DateTime<FixedOffset>,
        calendar: &WorkCalendar,
    ) -> Result<bool, SimError> {
        let mut conn = self.conn();
        let seeded: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'seeded'", [], |r| {
                r.get(0)
            })
            .optional()?;
        if seeded.is_some() {
            return Ok(false);
        }
        let tx = conn.transaction()?;
        for ticket in crate::generate::generate_tickets(seed, count, now, calendar) {
            put_ticket(&tx, unit_id, &ticket)?;
        }
        let info = serde_json::json!({"seed": seed, "tickets": count, "now": now});
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('seeded', ?1)",
            [info.to_string()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Stores a ticket for `unit_id` and appends it to that unit's feed.
    #[allow(dead_code)] // the seam for later write endpoints
    pub fn put(&self, unit_id: &str, ticket: &Ticket) -> Result<(), SimError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        put_ticket(&tx, unit_id, ticket)?;
        tx.commit()?;
        Ok(())
    }

    /// A ticket and the unit that owns it.
    pub fn ticket(&self, id: &str) -> Result<Option<(String, Ticket)>, SimError> {
        let conn = self.conn();
        let row: Option<(String, String)> = conn
            .query_row(
                "SELECT unit_id, json FROM tickets WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            Some((unit, json)) => Ok(Some((unit, serde_json::from_str(&json)?))),
            None => Ok(None),
        }
    }

    /// Every ticket of `unit_id` a fresh feed at `now` returns (closed ones of the last
    /// 180 days included), sorted by id.
    pub fn unit_tickets(
        &self,
        unit_id: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<Ticket>, SimError> {
        let cutoff = (now - CLOSED_RETENTION).timestamp();
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT json FROM tickets
             WHERE unit_id = ?1 AND (closed_at IS NULL OR closed_at > ?2)
             ORDER BY id",
        )?;
        let rows = stmt.query_map(params![unit_id, cutoff], |r| r.get::<_, String>(0))?;
        let mut tickets = Vec::new();
        for json in rows {
            tickets.push(serde_json::from_str(&json?)?);
        }
        Ok(tickets)
    }

    /// Up to `limit` feed items of `unit_id` after `after` (`None`: from the beginning).
    pub fn feed_page(
        &self,
        unit_id: &str,
        after: Option<u64>,
        limit: u32,
        now: DateTime<FixedOffset>,
    ) -> Result<FeedOutcome, SimError> {
        let conn = self.conn();
        conn.execute(
            "DELETE FROM changes WHERE expires_at IS NOT NULL AND expires_at <= ?1",
            [now.timestamp()],
        )?;
        let head: i64 = conn
            .query_row(
                "SELECT seq FROM sqlite_sequence WHERE name = 'changes'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        let horizon: i64 = conn
            .query_row(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'feed_horizon'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        let from = match after.map(i64::try_from) {
            None => 0,
            Some(Ok(seq)) if seq > head => return Ok(FeedOutcome::UnknownCursor),
            Some(Ok(seq)) if seq < horizon => return Ok(FeedOutcome::Expired),
            Some(Ok(seq)) => seq,
            Some(Err(_)) => return Ok(FeedOutcome::UnknownCursor),
        };
        let mut stmt = conn.prepare_cached(
            "SELECT seq, item FROM changes WHERE unit_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![unit_id, from, i64::from(limit) + 1], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut items = Vec::new();
        let mut last = None;
        let mut has_more = false;
        for row in rows {
            let (seq, item) = row?;
            if items.len() == limit as usize {
                has_more = true;
                break;
            }
            items.push(item);
            last = Some(seq);
        }
        let next = match (last, after) {
            (Some(seq), _) => seq,
            (None, Some(_)) => from,
            (None, None) => head,
        };
        Ok(FeedOutcome::Page(FeedRows {
            items,
            has_more,
            next_seq: u64::try_from(next).unwrap_or(0),
        }))
    }

    /// Records a session.
    pub fn create_session(
        &self,
        token: &str,
        officer_id: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), SimError> {
        let conn = self.conn();
        conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
        conn.execute(
            "INSERT INTO sessions (token, officer_id, expires_at) VALUES (?1, ?2, ?3)",
            params![token, officer_id, expires_at],
        )?;
        Ok(())
    }

    /// The session of a token, expired or not.
    pub fn session(&self, token: &str) -> Result<Option<Session>, SimError> {
        let conn = self.conn();
        Ok(conn
            .query_row(
                "SELECT officer_id, expires_at FROM sessions WHERE token = ?1",
                [token],
                |r| {
                    Ok(Session {
                        officer_id: r.get(0)?,
                        expires_at: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }
}

/// When a closed ticket was closed: its `close` history entry, else its callback, else
/// its dispatch. `None` for tickets that are not closed.
fn closed_at(ticket: &Ticket) -> Option<DateTime<FixedOffset>> {
    if ticket.status != TicketStatus::Closed {
        return None;
    }
    let close = ticket
        .history
        .iter()
        .rev()
        .find(|h| h.action == "close")
        .map(|h| h.at);
    Some(
        close
            .or(ticket.callback.as_ref().map(|c| c.at))
            .unwrap_or(ticket.dispatched_at),
    )
}

/// Writes the ticket row and its compacted feed row.
fn put_ticket(conn: &Connection, unit_id: &str, ticket: &Ticket) -> Result<(), SimError> {
    let closed = closed_at(ticket);
    conn.prepare_cached(
        "INSERT INTO tickets (id, unit_id, version, status, closed_at, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, version = excluded.version,
             status = excluded.status, closed_at = excluded.closed_at, json = excluded.json",
    )?
    .execute(params![
        ticket.id,
        unit_id,
        ticket.version,
        ticket.status.as_str(),
        closed.map(|t| t.timestamp()),
        serde_json::to_string(ticket)?,
    ])?;
    let item = FeedItem::Ticket {
        ticket: Box::new(ticket.clone()),
    };
    let expires_at = closed.map(|t| (t + CLOSED_RETENTION).timestamp());
    append_change(
        conn,
        unit_id,
        &format!("ticket:{}", ticket.id),
        &serde_json::to_string(&item)?,
        expires_at,
    )
}

/// Appends a feed item, replacing the older row of the same key.
fn append_change(
    conn: &Connection,
    unit_id: &str,
    key: &str,
    item: &str,
    expires_at: Option<i64>,
) -> Result<(), SimError> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO changes (unit_id, key, item, expires_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![unit_id, key, item, expires_at])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::sim_calendar;
    use crate::generate::generate_ticket;
    use chrono::DateTime;

    fn page(store: &Store, after: Option<u64>, limit: u32, now: DateTime<FixedOffset>) -> FeedRows {
        match store.feed_page("u", after, limit, now) {
            Ok(FeedOutcome::Page(p)) => p,
            _ => panic!("expected a page"),
        }
    }

    #[test]
    fn compaction_keeps_the_newest_row_and_old_closed_tickets_age_out() -> Result<(), SimError> {
        let now = DateTime::parse_from_rfc3339("2026-11-26T10:00:00+08:00")
            .map_err(|e| SimError::Config(e.to_string()))?;
        let cal = sim_calendar(now);
        let store = Store::open(None)?;
        let mut open = generate_ticket(1, 1, now, &cal); // index 1 → some status
        open.status = TicketStatus::InProgress;
        let mut old = generate_ticket(1, 2, now, &cal);
        old.id = "OLD".to_owned();
        old.status = TicketStatus::Closed;
        old.history.retain(|h| h.action != "close");
        old.callback = None;
        old.dispatched_at = now - TimeDelta::days(200);
        store.put("u", &open)?;
        store.put("u", &old)?;
        let first = page(&store, None, 10, now);
        assert_eq!(
            first.items.len(),
            1,
            "the old closed ticket is not in a fresh feed"
        );

        // A change moves the ticket to the end; a cursor taken before sees it once.
        let cursor = first.next_seq;
        open.version += 2;
        store.put("u", &open)?;
        let fresh = page(&store, None, 10, now);
        assert_eq!(fresh.items.len(), 1, "compacted: one row per ticket");
        let later = page(&store, Some(cursor), 10, now);
        assert_eq!(later.items.len(), 1);
        assert!(!later.has_more);
        assert!(matches!(
            store.feed_page("u", Some(later.next_seq + 1), 10, now)?,
            FeedOutcome::UnknownCursor
        ));
        assert_eq!(store.unit_tickets("u", now)?.len(), 1);
        Ok(())
    }
}
