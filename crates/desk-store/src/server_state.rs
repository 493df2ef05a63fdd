//! What the district last said about shared drafts and the duty roster, and the
//! bookkeeping of a fresh (cursor-less) pass that reconciles the cache with the feed.

use crate::{Store, StoreError};
use district_api::{Draft, Duty};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// The unit's shared draft of a ticket as last seen from the district.
    pub fn server_draft(&self, ticket_id: &str) -> Result<Option<Draft>, StoreError> {
        let body: Option<String> = self
            .conn
            .query_row(
                "SELECT body FROM server_drafts WHERE ticket_id = ?1",
                [ticket_id],
                |r| r.get(0),
            )
            .optional()?;
        body.map(|b| {
            serde_json::from_str(&b).map_err(|source| StoreError::CorruptRow {
                id: ticket_id.to_owned(),
                source,
            })
        })
        .transpose()
    }

    /// Every shared draft the cache holds, with whether its ticket has left the unit
    /// (an archived draft: kept so the officer can still open and copy it).
    pub fn server_drafts(&self) -> Result<Vec<(Draft, String, bool)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT d.ticket_id, d.body, t.id IS NULL FROM server_drafts d
             LEFT JOIN tickets t ON t.id = d.ticket_id ORDER BY d.ticket_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (id, body, archived) = row?;
            let draft = serde_json::from_str(&body).map_err(|source| StoreError::CorruptRow {
                id: id.clone(),
                source,
            })?;
            Ok((draft, id, archived))
        })
        .collect()
    }

    /// Stores a draft the district confirmed (a PUT answer) if it is newer.
    pub fn put_server_draft(&self, ticket_id: &str, draft: &Draft) -> Result<(), StoreError> {
        put_draft(&self.conn, ticket_id, Some(draft))
    }

    /// The duty roster as last seen from the district.
    pub fn duty(&self, unit_id: &str) -> Result<Option<Duty>, StoreError> {
        let body: Option<String> = self
            .conn
            .query_row("SELECT body FROM duty WHERE unit_id = ?1", [unit_id], |r| {
                r.get(0)
            })
            .optional()?;
        body.map(|b| {
            serde_json::from_str(&b).map_err(|source| StoreError::CorruptRow {
                id: unit_id.to_owned(),
                source,
            })
        })
        .transpose()
    }

    /// Stores a roster the district confirmed if it is newer.
    pub fn put_duty(&self, duty: &Duty) -> Result<(), StoreError> {
        put_duty(&self.conn, duty)
    }

    /// Starts a fresh pass: forget the cursor and stamp what the feed now mentions with a
    /// new generation, so that [`Store::finish_fresh_pass`] can remove what it did not.
    /// If a fresh pass is already under way (it was interrupted, or a 410 just started
    /// one in [`Store::reset_cursor`]), it continues.
    pub fn begin_fresh_pass(&mut self) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        let (generation, reconciling): (i64, i64) = tx.query_row(
            "SELECT generation, reconciling FROM sync_state WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if reconciling != 0 {
            return Ok(generation);
        }
        tx.execute(
            "UPDATE sync_state SET generation = generation + 1, reconciling = 1, cursor = NULL
             WHERE id = 1",
            [],
        )?;
        tx.commit()?;
        Ok(generation + 1)
    }

    /// Whether a fresh pass is under way.
    pub fn reconciling(&self) -> Result<bool, StoreError> {
        let r: i64 =
            self.conn
                .query_row("SELECT reconciling FROM sync_state WHERE id = 1", [], |r| {
                    r.get(0)
                })?;
        Ok(r != 0)
    }

    /// Ends a fresh pass that reached the end of the feed: tickets the feed did not
    /// mention are no longer the unit's and are removed (with a tombstone at their
    /// version, as a `removed` item would). Returns how many.
    pub fn finish_fresh_pass(&mut self, at_unix: i64) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let generation: i64 =
            tx.query_row("SELECT generation FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })?;
        tx.execute(
            "INSERT INTO removed_tickets (id, version, reason, removed_at)
             SELECT id, version, 'reconciled', ?2 FROM tickets WHERE seen_generation < ?1
             ON CONFLICT (id) DO UPDATE SET version = max(version, excluded.version),
                 reason = excluded.reason, removed_at = excluded.removed_at",
            params![generation, at_unix],
        )?;
        let removed = tx.execute(
            "DELETE FROM tickets WHERE seen_generation < ?1",
            [generation],
        )?;
        tx.execute("UPDATE sync_state SET reconciling = 0 WHERE id = 1", [])?;
        tx.commit()?;
        Ok(removed)
    }

    /// Remembers how the last attempt to reach the district went ("online", "offline",
    /// "degraded"), for processes that start later (the CLI's `status`).
    pub fn set_connectivity(&self, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET connectivity = ?1 WHERE id = 1",
            [value],
        )?;
        Ok(())
    }

    /// See [`Store::set_connectivity`].
    pub fn connectivity(&self) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row(
            "SELECT connectivity FROM sync_state WHERE id = 1",
            [],
            |r| r.get(0),
        )?)
    }
}

/// Stores (or, with `None`, deletes) a server draft unless the cache holds a newer one.
pub(crate) fn put_draft(
    conn: &rusqlite::Connection,
    ticket_id: &str,
    draft: Option<&Draft>,
) -> Result<(), StoreError> {
    match draft {
        None => {
            conn.execute(
                "DELETE FROM server_drafts WHERE ticket_id = ?1",
                [ticket_id],
            )?;
        }
        Some(d) => {
            let body = serde_json::to_string(d).map_err(StoreError::Encode)?;
            conn.execute(
                "INSERT INTO server_drafts (ticket_id, revision, body) VALUES (?1, ?2, ?3)
                 ON CONFLICT (ticket_id) DO UPDATE SET revision = excluded.revision, body = excluded.body
                 WHERE excluded.revision > server_drafts.revision",
                params![ticket_id, d.revision, body],
            )?;
        }
    }
    Ok(())
}

/// Stores a roster unless the cache holds a newer revision.
pub(crate) fn put_duty(conn: &rusqlite::Connection, duty: &Duty) -> Result<(), StoreError> {
    let body = serde_json::to_string(duty).map_err(StoreError::Encode)?;
    conn.execute(
        "INSERT INTO duty (unit_id, revision, body) VALUES (?1, ?2, ?3)
         ON CONFLICT (unit_id) DO UPDATE SET revision = excluded.revision, body = excluded.body
         WHERE excluded.revision > duty.revision",
        params![duty.unit_id, duty.revision, body],
    )?;
    Ok(())
}
