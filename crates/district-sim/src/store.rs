//! The simulator's own SQLite store: the district's truth.
//!
//! - `tickets`: one row per ticket as the owning unit sees it (`json` is the full ticket).
//! - `ticket_versions`: the last few earlier states of each ticket (for the
//!   stale-version fault of the feed).
//! - `changes`: the changes feed, compacted to the newest row per `(unit_id, key)` (e.g.
//!   `ticket:TQ…`, `draft:TQ…`, `duty`). A new change for a key replaces the old row and
//!   gets a new, higher `seq` (AUTOINCREMENT never reuses one). So a feed read without a
//!   cursor returns exactly the current set, and any cursor still sees every later change.
//!   Rows with an `expires_at` (closed tickets: closed + 180 days) are pruned when they age
//!   out. `tombstone` rows (`removed`, `draft: null`) are skipped by a feed that started
//!   without a cursor while it reads what existed when it started (see `cursor`).
//! - `drafts`, `duty`: the shared drafts and the duty rosters.
//! - `idempotency`: the stored answer of every `Idempotency-Key`.
//! - `writes`: the write log (every client write that took effect).
//! - `sessions`: bearer tokens.
//! - `meta`: whether the store was seeded, the cursor epoch, the next generator index.
//!
//! Every write to a ticket goes through [`put_ticket`] so that the ticket row and its
//! feed row change together, in one transaction ([`Store::write`]).

use crate::SimError;
use crate::cursor::Cursor;
use chrono::{DateTime, FixedOffset, TimeDelta};
use district_api::{Draft, Duty, FeedItem, RemovalReason, Ticket, TicketStatus};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// How long closed tickets stay in a fresh feed.
pub(crate) const CLOSED_RETENTION: TimeDelta = TimeDelta::days(180);

/// How many earlier states of a ticket are kept.
const KEPT_VERSIONS: i64 = 5;

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
CREATE TABLE IF NOT EXISTS ticket_versions (
    ticket_id TEXT NOT NULL,
    unit_id   TEXT NOT NULL,
    version   INTEGER NOT NULL,
    json      TEXT NOT NULL,
    PRIMARY KEY (ticket_id, version)
);
CREATE INDEX IF NOT EXISTS ticket_versions_by_unit ON ticket_versions(unit_id);
CREATE TABLE IF NOT EXISTS changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id    TEXT NOT NULL,
    key        TEXT NOT NULL,
    item       TEXT NOT NULL,
    expires_at INTEGER,
    tombstone  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (unit_id, key)
);
CREATE INDEX IF NOT EXISTS changes_by_unit ON changes(unit_id, seq);
CREATE INDEX IF NOT EXISTS changes_by_expiry ON changes(expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS drafts (
    ticket_id TEXT PRIMARY KEY,
    json      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS duty (
    unit_id TEXT PRIMARY KEY,
    json    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    key          TEXT PRIMARY KEY,
    method       TEXT NOT NULL,
    path         TEXT NOT NULL,
    body         TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    stored_at    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency(stored_at);
CREATE TABLE IF NOT EXISTS writes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL,
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    ticket_id       TEXT,
    kind            TEXT NOT NULL,
    at              TEXT NOT NULL
);
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
    /// The snapshot head the next cursor carries on.
    pub snapshot: u64,
    /// The cursor epoch the next cursor carries.
    pub epoch: u16,
}

/// What a feed read came to.
pub(crate) enum FeedOutcome {
    Page(FeedRows),
    /// The cursor names a change this server never issued.
    UnknownCursor,
    /// The cursor is too old (another epoch, or older than the maximum age).
    Expired,
}

/// A bearer session.
pub(crate) struct Session {
    pub officer_id: String,
    pub expires_at: i64,
}

/// A write that took effect (the write log: replays and rejections are not in it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WriteRecord {
    /// Position in the log, from 1.
    pub seq: u64,
    pub idempotency_key: String,
    pub method: String,
    /// The request path, e.g. `/api/v1/tickets/TQ…/ack`.
    pub path: String,
    /// The ticket written (drafts included); `None` for the duty roster.
    pub ticket_id: Option<String>,
    /// `ack`, `reply`, `opinion`, `extension_request`, `coordination_request`,
    /// `reassignment_request`, `draft_put` or `duty_put`.
    pub kind: String,
    pub at: DateTime<FixedOffset>,
}

/// An answer stored under an idempotency key.
#[derive(Debug, Clone)]
pub(crate) struct StoredAnswer {
    pub method: String,
    pub path: String,
    pub body: String,
    pub status: u16,
    pub response: String,
    pub content_type: String,
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
        migrate(&conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions
        // roll back on drop), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` in one transaction, committed when `f` returns `Ok` (whatever the answer
    /// it carries), rolled back otherwise. Blocking: call it off the async threads.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, SimError>,
    ) -> Result<T, SimError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` on the connection (reads).
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, SimError>,
    ) -> Result<T, SimError> {
        let conn = self.conn();
        f(&conn)
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
        calendar: &crate::calendar::SimCalendar,
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
        set_meta(&tx, "next_index", &count.to_string())?;
        tx.commit()?;
        // Seeding is one transaction: its WAL is as large as the database (4 GB at 1M
        // tickets) and SQLite only resets, never shrinks, it. Give the disk back.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(true)
    }

    /// Stores a ticket for `unit_id` and appends it to that unit's feed.
    #[cfg(test)]
    pub fn put(&self, unit_id: &str, ticket: &Ticket) -> Result<(), SimError> {
        self.write(|conn| put_ticket(conn, unit_id, ticket))
    }

    /// A ticket and the unit that owns it.
    pub fn ticket(&self, id: &str) -> Result<Option<(String, Ticket)>, SimError> {
        self.read(|conn| ticket_row(conn, id))
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
    /// A cursor of an older epoch, or issued before `oldest_ms`, is expired.
    pub fn feed_page(
        &self,
        unit_id: &str,
        after: Option<Cursor>,
        limit: u32,
        now: DateTime<FixedOffset>,
        oldest_ms: Option<i64>,
    ) -> Result<FeedOutcome, SimError> {
        let conn = self.conn();
        conn.execute(
            "DELETE FROM changes WHERE expires_at IS NOT NULL AND expires_at <= ?1",
            [now.timestamp()],
        )?;
        let head = i64::try_from(change_head(&conn)?).unwrap_or(i64::MAX);
        let epoch = cursor_epoch(&conn)?;
        let (from, snapshot) = match after {
            None => (0, head),
            Some(c) => {
                let (Ok(seq), Ok(snapshot)) = (i64::try_from(c.seq), i64::try_from(c.snapshot))
                else {
                    return Ok(FeedOutcome::UnknownCursor);
                };
                if seq > head || snapshot > head || c.epoch > epoch {
                    return Ok(FeedOutcome::UnknownCursor);
                }
                if c.epoch < epoch || oldest_ms.is_some_and(|oldest| c.issued_ms < oldest) {
                    return Ok(FeedOutcome::Expired);
                }
                (seq, snapshot)
            }
        };
        let mut stmt = conn.prepare_cached(
            "SELECT seq, item FROM changes
             WHERE unit_id = ?1 AND seq > ?2 AND NOT (tombstone AND seq <= ?3)
             ORDER BY seq LIMIT ?4",
        )?;
        let rows = stmt.query_map(
            params![unit_id, from, snapshot, i64::from(limit) + 1],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?;
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
            snapshot: u64::try_from(snapshot).unwrap_or(0),
            epoch,
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

/// Brings a store file of an earlier simulator version up to the current schema.
fn migrate(conn: &Connection) -> Result<(), SimError> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('changes')")?;
    let columns = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    if !columns.iter().any(|c| c == "tombstone") {
        conn.execute_batch("ALTER TABLE changes ADD COLUMN tombstone INTEGER NOT NULL DEFAULT 0")?;
    }
    Ok(())
}

// ---------- meta ----------

pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>, SimError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), SimError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The current cursor epoch (cursors of earlier epochs are expired).
pub(crate) fn cursor_epoch(conn: &Connection) -> Result<u16, SimError> {
    Ok(meta(conn, "cursor_epoch")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Expires every cursor issued so far.
pub(crate) fn bump_cursor_epoch(conn: &Connection) -> Result<u16, SimError> {
    let next = cursor_epoch(conn)?.wrapping_add(1);
    set_meta(conn, "cursor_epoch", &next.to_string())?;
    Ok(next)
}

/// The generator index of the next dispatched ticket (and reserves `n` of them).
pub(crate) fn take_indices(conn: &Connection, n: u64) -> Result<u64, SimError> {
    let next: u64 = match meta(conn, "next_index")?.and_then(|v| v.parse().ok()) {
        Some(n) => n,
        // A store seeded by an earlier version: continue after its tickets.
        None => {
            let n: i64 = conn.query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))?;
            u64::try_from(n).unwrap_or(0)
        }
    };
    set_meta(conn, "next_index", &(next + n).to_string())?;
    Ok(next)
}

/// The highest `seq` the change log ever issued.
fn change_head(conn: &Connection) -> Result<u64, SimError> {
    let head: i64 = conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'changes'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    Ok(u64::try_from(head).unwrap_or(0))
}

// ---------- tickets ----------

/// A ticket and the unit that owns it.
pub(crate) fn ticket_row(
    conn: &Connection,
    id: &str,
) -> Result<Option<(String, Ticket)>, SimError> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT unit_id, json FROM tickets WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        Some((unit, json)) => Ok(Some((unit, serde_json::from_str(&json)?))),
        None => Ok(None),
    }
}

/// Every ticket of every unit, sorted by id (the control API's truth).
pub(crate) fn all_tickets(conn: &Connection) -> Result<Vec<(String, Ticket)>, SimError> {
    let mut stmt = conn.prepare("SELECT unit_id, json FROM tickets ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (unit, json) = row?;
        out.push((unit, serde_json::from_str(&json)?));
    }
    Ok(out)
}

/// Earlier states of tickets of `unit_id`, newest first: those of `ids` if any has one,
/// else any. At most `n`.
pub(crate) fn stale_versions(
    conn: &Connection,
    unit_id: &str,
    ids: &[String],
    n: usize,
) -> Result<Vec<String>, SimError> {
    let limit = i64::try_from(n).unwrap_or(i64::MAX);
    let mut out = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT json FROM ticket_versions WHERE ticket_id = ?1 ORDER BY version DESC LIMIT 1",
        )?;
        for id in ids {
            if out.len() >= n {
                break;
            }
            if let Some(json) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                out.push(json);
            }
        }
    }
    if out.is_empty() {
        let mut stmt = conn.prepare_cached(
            "SELECT json FROM ticket_versions WHERE unit_id = ?1 ORDER BY rowid DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![unit_id, limit], |r| r.get::<_, String>(0))?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// Up to `n` feed items of `unit_id` at or before `seq`, newest first (a redelivery of
/// what an earlier page carried).
pub(crate) fn items_up_to(
    conn: &Connection,
    unit_id: &str,
    seq: u64,
    n: usize,
) -> Result<Vec<String>, SimError> {
    let seq = i64::try_from(seq).unwrap_or(i64::MAX);
    let limit = i64::try_from(n).unwrap_or(i64::MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT item FROM changes WHERE unit_id = ?1 AND seq <= ?2 ORDER BY seq DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![unit_id, seq, limit], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

// ---------- drafts and duty ----------

pub(crate) fn draft(conn: &Connection, ticket_id: &str) -> Result<Option<Draft>, SimError> {
    let json: Option<String> = conn
        .query_row(
            "SELECT json FROM drafts WHERE ticket_id = ?1",
            [ticket_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
}

/// Stores the draft and appends it to the unit's feed.
pub(crate) fn put_draft(
    conn: &Connection,
    unit_id: &str,
    ticket_id: &str,
    draft: &Draft,
) -> Result<(), SimError> {
    conn.execute(
        "INSERT INTO drafts (ticket_id, json) VALUES (?1, ?2)
         ON CONFLICT (ticket_id) DO UPDATE SET json = excluded.json",
        params![ticket_id, serde_json::to_string(draft)?],
    )?;
    let item = FeedItem::Draft {
        ticket_id: ticket_id.to_owned(),
        draft: Some(Box::new(draft.clone())),
    };
    append_change(
        conn,
        unit_id,
        &format!("draft:{ticket_id}"),
        &serde_json::to_string(&item)?,
        None,
        false,
    )
}

/// Deletes the draft (if any) and tells the unit's feed (`draft: null`).
pub(crate) fn delete_draft(
    conn: &Connection,
    unit_id: &str,
    ticket_id: &str,
) -> Result<bool, SimError> {
    let deleted = conn.execute("DELETE FROM drafts WHERE ticket_id = ?1", [ticket_id])? > 0;
    if deleted {
        let item = FeedItem::Draft {
            ticket_id: ticket_id.to_owned(),
            draft: None,
        };
        append_change(
            conn,
            unit_id,
            &format!("draft:{ticket_id}"),
            &serde_json::to_string(&item)?,
            None,
            true,
        )?;
    }
    Ok(deleted)
}

pub(crate) fn duty(conn: &Connection, unit_id: &str) -> Result<Option<Duty>, SimError> {
    let json: Option<String> = conn
        .query_row("SELECT json FROM duty WHERE unit_id = ?1", [unit_id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
}

/// Stores the roster and appends it to the unit's feed.
pub(crate) fn put_duty(conn: &Connection, duty: &Duty) -> Result<(), SimError> {
    conn.execute(
        "INSERT INTO duty (unit_id, json) VALUES (?1, ?2)
         ON CONFLICT (unit_id) DO UPDATE SET json = excluded.json",
        params![duty.unit_id, serde_json::to_string(duty)?],
    )?;
    let item = FeedItem::Duty {
        duty: Box::new(duty.clone()),
    };
    append_change(
        conn,
        &duty.unit_id,
        "duty",
        &serde_json::to_string(&item)?,
        None,
        false,
    )
}

// ---------- idempotency and the write log ----------

/// The answer stored under `key`, if any (and not older than `oldest`).
pub(crate) fn stored_answer(
    conn: &Connection,
    key: &str,
    oldest: DateTime<FixedOffset>,
) -> Result<Option<StoredAnswer>, SimError> {
    conn.execute(
        "DELETE FROM idempotency WHERE stored_at < ?1",
        [oldest.timestamp()],
    )?;
    Ok(conn
        .prepare_cached(
            "SELECT method, path, body, status, response, content_type
             FROM idempotency WHERE key = ?1",
        )?
        .query_row([key], |r| {
            Ok(StoredAnswer {
                method: r.get(0)?,
                path: r.get(1)?,
                body: r.get(2)?,
                status: r.get(3)?,
                response: r.get(4)?,
                content_type: r.get(5)?,
            })
        })
        .optional()?)
}

/// Stores the answer of `key`.
pub(crate) fn store_answer(
    conn: &Connection,
    key: &str,
    answer: &StoredAnswer,
    now: DateTime<FixedOffset>,
) -> Result<(), SimError> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO idempotency
         (key, method, path, body, status, response, content_type, stored_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        key,
        answer.method,
        answer.path,
        answer.body,
        answer.status,
        answer.response,
        answer.content_type,
        now.timestamp(),
    ])?;
    Ok(())
}

/// Appends to the write log.
pub(crate) fn log_write(conn: &Connection, record: &WriteRecord) -> Result<u64, SimError> {
    conn.prepare_cached(
        "INSERT INTO writes (idempotency_key, method, path, ticket_id, kind, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        record.idempotency_key,
        record.method,
        record.path,
        record.ticket_id,
        record.kind,
        record.at.to_rfc3339(),
    ])?;
    Ok(u64::try_from(conn.last_insert_rowid()).unwrap_or(0))
}

/// The whole write log, oldest first.
pub(crate) fn writes(conn: &Connection) -> Result<Vec<WriteRecord>, SimError> {
    let mut stmt = conn.prepare(
        "SELECT seq, idempotency_key, method, path, ticket_id, kind, at FROM writes ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, idempotency_key, method, path, ticket_id, kind, at) = row?;
        let at = DateTime::parse_from_rfc3339(&at)
            .map_err(|e| SimError::Config(format!("bad time in the write log: {e}")))?;
        out.push(WriteRecord {
            seq: u64::try_from(seq).unwrap_or(0),
            idempotency_key,
            method,
            path,
            ticket_id,
            kind,
            at,
        });
    }
    Ok(out)
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

/// Keeps the ticket's current state (if any) among its earlier versions.
fn keep_version(conn: &Connection, id: &str) -> Result<(), SimError> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO ticket_versions (ticket_id, unit_id, version, json)
         SELECT id, unit_id, version, json FROM tickets WHERE id = ?1",
    )?
    .execute([id])?;
    conn.prepare_cached(
        "DELETE FROM ticket_versions WHERE ticket_id = ?1 AND version NOT IN
         (SELECT version FROM ticket_versions WHERE ticket_id = ?1
          ORDER BY version DESC LIMIT ?2)",
    )?
    .execute(params![id, KEPT_VERSIONS])?;
    Ok(())
}

/// Writes the ticket row and its compacted feed row.
pub(crate) fn put_ticket(
    conn: &Connection,
    unit_id: &str,
    ticket: &Ticket,
) -> Result<(), SimError> {
    keep_version(conn, &ticket.id)?;
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
        false,
    )
}

/// Moves a ticket (already at its new, higher version) from `from_unit` to `to_unit`:
/// `from_unit`'s feed gets a `removed` item with that version.
pub(crate) fn move_ticket_away(
    conn: &Connection,
    from_unit: &str,
    to_unit: &str,
    ticket: &Ticket,
    reason: RemovalReason,
    at: DateTime<FixedOffset>,
) -> Result<(), SimError> {
    keep_version(conn, &ticket.id)?;
    conn.prepare_cached(
        "UPDATE tickets SET unit_id = ?2, version = ?3, status = ?4, closed_at = ?5, json = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        ticket.id,
        to_unit,
        ticket.version,
        ticket.status.as_str(),
        closed_at(ticket).map(|t| t.timestamp()),
        serde_json::to_string(ticket)?,
    ])?;
    let item = FeedItem::Removed {
        ticket_id: ticket.id.clone(),
        reason,
        at,
        version: Some(ticket.version),
    };
    append_change(
        conn,
        from_unit,
        &format!("ticket:{}", ticket.id),
        &serde_json::to_string(&item)?,
        None,
        true,
    )
}

/// Appends a feed item, replacing the older row of the same key.
fn append_change(
    conn: &Connection,
    unit_id: &str,
    key: &str,
    item: &str,
    expires_at: Option<i64>,
    tombstone: bool,
) -> Result<(), SimError> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO changes (unit_id, key, item, expires_at, tombstone)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![unit_id, key, item, expires_at, tombstone])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::sim_calendar;
    use crate::generate::generate_ticket;
    use chrono::DateTime;

    fn page(store: &Store, after: Option<u64>, limit: u32, now: DateTime<FixedOffset>) -> FeedRows {
        let after = after.map(|seq| Cursor {
            seq,
            snapshot: 0,
            issued_ms: 0,
            epoch: 0,
        });
        match store.feed_page("u", after, limit, now, None) {
            Ok(FeedOutcome::Page(p)) => p,
            _ => panic!("expected a page"),
        }
    }

    #[test]
    fn compaction_keeps_the_newest_row_and_old_closed_tickets_age_out() -> Result<(), SimError> {
        let now = DateTime::parse_from_rfc3339("2026-11-26T10:00:00+08:00")
            .map_err(|e| SimError::Config(e.to_string()))?;
        let cal = sim_calendar();
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
        let beyond = Cursor {
            seq: later.next_seq + 1,
            snapshot: 0,
            issued_ms: 0,
            epoch: 0,
        };
        assert!(matches!(
            store.feed_page("u", Some(beyond), 10, now, None)?,
            FeedOutcome::UnknownCursor
        ));
        assert_eq!(store.unit_tickets("u", now)?.len(), 1);
        Ok(())
    }
}
