use crate::{Store, StoreError};
use desk_domain::countdown::{ticket_active_deadline, work_order_key};
use district_api::{Draft, Duty, RemovalReason, Ticket, Timestamp};
use rusqlite::{OptionalExtension, Transaction, params};

/// One change to apply to the cache, already decoded from the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A ticket created or changed; applied only if newer than what is cached.
    Ticket(Box<Ticket>),
    /// The ticket left the unit. `version: None` (a server that does not version
    /// removals) removes whatever is cached.
    Removed {
        ticket_id: String,
        version: Option<i64>,
        reason: RemovalReason,
        at: Timestamp,
    },
    /// The unit's shared draft of a ticket changed (`None`: deleted).
    Draft {
        ticket_id: String,
        draft: Option<Box<Draft>>,
    },
    /// The duty roster changed.
    Duty(Box<Duty>),
}

/// What one page did to the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ApplyStats {
    /// Tickets inserted or replaced by a higher version.
    pub upserted: usize,
    /// Items that were not newer than the cache (at-least-once redelivery).
    pub stale: usize,
    /// Tickets taken out of the unit's list.
    pub removed: usize,
    /// Draft and duty items applied.
    pub other: usize,
}

impl Store {
    /// Applies one page of changes and stores `cursor` with it, in one transaction:
    /// after a crash either both are in the cache or neither is.
    pub fn apply_page(
        &mut self,
        unit_id: &str,
        changes: &[Change],
        cursor: Option<&str>,
    ) -> Result<ApplyStats, StoreError> {
        self.apply(unit_id, changes, Some(cursor))
    }

    /// Applies changes that did not come from the feed (answers to writes, the `current`
    /// of a 409/412) without moving the cursor.
    pub fn apply_changes(
        &mut self,
        unit_id: &str,
        changes: &[Change],
    ) -> Result<ApplyStats, StoreError> {
        self.apply(unit_id, changes, None)
    }

    fn apply(
        &mut self,
        unit_id: &str,
        changes: &[Change],
        cursor: Option<Option<&str>>,
    ) -> Result<ApplyStats, StoreError> {
        let tx = self.conn.transaction()?;
        let (generation, reconciling): (i64, i64) = tx.query_row(
            "SELECT generation, reconciling FROM sync_state WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut stats = ApplyStats::default();
        // The reply margins' calendar (migration 016), read once per batch.
        let calendar = crate::assessment::store_calendar(&tx)?;
        for change in changes {
            match change {
                Change::Ticket(t) => {
                    let seen = (reconciling != 0).then_some(generation);
                    if upsert_ticket(&tx, unit_id, t, seen, &calendar)? {
                        // Written with its generation stamp already.
                        stats.upserted += 1;
                    } else {
                        stats.stale += 1;
                        if reconciling != 0 {
                            // Mentioned by the fresh feed, even if not newer: still the unit's.
                            tx.prepare_cached(
                                "UPDATE tickets SET seen_generation = ?2 WHERE id = ?1",
                            )?
                            .execute(params![t.id, generation])?;
                        }
                    }
                }
                Change::Draft { ticket_id, draft } => {
                    crate::server_state::put_draft(&tx, ticket_id, draft.as_deref())?;
                    stats.other += 1;
                }
                Change::Duty(duty) => {
                    crate::server_state::put_duty(&tx, duty)?;
                    stats.other += 1;
                }
                Change::Removed {
                    ticket_id,
                    version,
                    reason,
                    at,
                } => {
                    if remove_ticket(&tx, ticket_id, *version, reason, at)? {
                        stats.removed += 1;
                    } else {
                        stats.stale += 1;
                    }
                }
            }
        }
        if let Some(cursor) = cursor {
            tx.execute("UPDATE sync_state SET cursor = ?1 WHERE id = 1", [cursor])?;
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Every cached ticket of the unit, in work order (what to do first).
    pub fn tickets(&self) -> Result<Vec<Ticket>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, body FROM tickets ORDER BY order_group, order_key, id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (id, body) = row?;
            serde_json::from_str(&body).map_err(|source| StoreError::CorruptRow { id, source })
        })
        .collect()
    }

    /// Cached tickets whose id, title, content, location, 事项分类 or address contain
    /// `query` (after normalisation), in work order; at most `limit`. A query without a
    /// letter or a digit (`"`, `-`, `%`) has nothing to search for and matches nothing.
    pub fn search_tickets(&self, query: &str, limit: usize) -> Result<Vec<Ticket>, StoreError> {
        if crate::search::plan(query).is_none() {
            return Ok(Vec::new());
        }
        // The workbench's page of 全部 (no tab depends on the time, so any clock does).
        let clock = crate::TabClock {
            now: 0,
            due_soon_until: 0,
        };
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        self.list_page(&crate::ListFilter::default(), Some(query), clock, 0, limit)
    }

    /// One cached ticket.
    pub fn ticket(&self, id: &str) -> Result<Option<Ticket>, StoreError> {
        let body: Option<String> = self
            .conn
            .query_row("SELECT body FROM tickets WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        body.map(|b| {
            serde_json::from_str(&b).map_err(|source| StoreError::CorruptRow {
                id: id.to_owned(),
                source,
            })
        })
        .transpose()
    }

    /// How many tickets are cached: the counter migration 018's triggers keep, not a
    /// `count(*)` (which reads a whole index, at the start and end of every sync).
    pub fn ticket_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT tickets FROM ticket_tally WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }
}

/// Inserts or replaces `t` if it is newer than both the cached copy and any removal;
/// `seen` stamps it with the generation of a fresh pass under way.
fn upsert_ticket(
    tx: &Transaction<'_>,
    unit_id: &str,
    t: &Ticket,
    seen: Option<i64>,
    calendar: &desk_domain::WorkCalendar,
) -> Result<bool, StoreError> {
    let removed_version: Option<i64> = tx
        .prepare_cached("SELECT version FROM removed_tickets WHERE id = ?1")?
        .query_row([&t.id], |r| r.get(0))
        .optional()?;
    match removed_version {
        // A stale redelivery of a version that already left the unit.
        Some(v) if t.version <= v => return Ok(false),
        // A genuine re-dispatch back to the unit.
        Some(_) => {
            tx.execute("DELETE FROM removed_tickets WHERE id = ?1", [&t.id])?;
        }
        None => {}
    }
    // What is cached (its rowid keys the search index); a stale item ends here.
    let cached: Option<(i64, i64)> = tx
        .prepare_cached("SELECT rowid, version FROM tickets WHERE id = ?1")?
        .query_row([&t.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if cached.is_some_and(|(_, version)| t.version <= version) {
        return Ok(false);
    }
    let active = ticket_active_deadline(t, unit_id);
    let (order_group, order_key) = work_order_key(active, t.dispatched_at.to_utc());
    let body = serde_json::to_string(t).map_err(StoreError::Encode)?;
    let norm = search_norm(t);
    let changed = tx
        .prepare_cached(
            "INSERT INTO tickets (id, version, status, our_role, dispatched_at, ack_due_at,
                 reply_due_at, active_kind, active_due_at, order_group, order_key, redo_count, body,
                 search_norm, supervised, extension_pending, seen_generation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT (id) DO UPDATE SET
                 version = excluded.version, status = excluded.status,
                 our_role = excluded.our_role, dispatched_at = excluded.dispatched_at,
                 ack_due_at = excluded.ack_due_at, reply_due_at = excluded.reply_due_at,
                 active_kind = excluded.active_kind, active_due_at = excluded.active_due_at,
                 order_group = excluded.order_group, order_key = excluded.order_key,
                 redo_count = excluded.redo_count, body = excluded.body,
                 search_norm = excluded.search_norm, supervised = excluded.supervised,
                 extension_pending = excluded.extension_pending,
                 seen_generation = max(tickets.seen_generation, excluded.seen_generation)
             WHERE excluded.version > tickets.version",
        )?
        .execute(params![
            t.id,
            t.version,
            t.status.as_str(),
            t.our_role.as_str(),
            t.dispatched_at.timestamp(),
            t.ack_due_at.timestamp(),
            t.reply_due_at.timestamp(),
            active.map(|(k, _)| kind_str(k)),
            active.map(|(_, at)| at.timestamp()),
            order_group,
            order_key,
            t.redo.as_ref().map_or(0, |r| r.count),
            body,
            norm,
            t.supervision.is_some(),
            extension_pending(t),
            seen.unwrap_or(0),
        ])?;
    if changed > 0 {
        // A new row has nothing in the search index to delete.
        let rowid = match cached {
            Some((rowid, _)) => {
                tx.prepare_cached("DELETE FROM ticket_search WHERE rowid = ?1")?
                    .execute([rowid])?;
                rowid
            }
            None => tx.last_insert_rowid(),
        };
        tx.prepare_cached("INSERT INTO ticket_search (rowid, grams) VALUES (?1, ?2)")?
            .execute(params![rowid, crate::search::grams(&norm)])?;
        // The assessment's facts (migration 014).
        crate::assessment::put_facts(tx, unit_id, t, calendar)?;
        // Changed: the next alert round plans it (migration 009).
        tx.prepare_cached(
            "INSERT INTO alert_checks (ticket_id, check_at_ms) VALUES (?1, 0)
             ON CONFLICT (ticket_id) DO UPDATE SET check_at_ms = 0",
        )?
        .execute([&t.id])?;
    }
    Ok(changed > 0)
}

fn extension_pending(t: &Ticket) -> bool {
    t.extension
        .as_ref()
        .is_some_and(|e| e.status == district_api::ExtensionStatus::Pending)
}

/// Migration hook: fills the tab columns of tickets cached before they existed.
pub(crate) fn refresh_tab_columns(
    tx: &rusqlite::Transaction<'_>,
) -> rusqlite_migration::HookResult {
    let rows: Vec<(String, String)> = tx
        .prepare("SELECT id, body FROM tickets")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, body) in rows {
        let Ok(t) = serde_json::from_str::<Ticket>(&body) else {
            continue;
        };
        tx.execute(
            "UPDATE tickets SET supervised = ?2, extension_pending = ?3 WHERE id = ?1",
            params![id, t.supervision.is_some(), extension_pending(&t)],
        )?;
    }
    Ok(())
}

/// The searchable fields of a ticket, normalised.
fn search_norm(t: &Ticket) -> String {
    crate::search::norm_fields(&[
        &t.id,
        &t.title,
        &t.content,
        &t.location,
        &t.matter,
        &t.citizen.address,
    ])
}

/// (Re)writes the search grams of one cached ticket.
fn index_ticket(tx: &rusqlite::Connection, id: &str, norm: &str) -> Result<(), rusqlite::Error> {
    let rowid: i64 = tx.query_row("SELECT rowid FROM tickets WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    tx.prepare_cached("DELETE FROM ticket_search WHERE rowid = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("INSERT INTO ticket_search (rowid, grams) VALUES (?1, ?2)")?
        .execute(params![rowid, crate::search::grams(norm)])?;
    Ok(())
}

/// Migration hook: indexes every ticket cached before search existed.
pub(crate) fn reindex_all(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let rows: Vec<(String, String)> = tx
        .prepare("SELECT id, body FROM tickets")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, body) in rows {
        // A row that does not parse stays unsearchable rather than failing the upgrade.
        let Ok(t) = serde_json::from_str::<Ticket>(&body) else {
            continue;
        };
        let norm = search_norm(&t);
        tx.execute(
            "UPDATE tickets SET search_norm = ?2 WHERE id = ?1",
            params![id, norm],
        )?;
        index_ticket(tx, &id, &norm)?;
    }
    Ok(())
}

/// Migration hook: rebuilds the search index from the stored normalised text, for a
/// change of `search::grams` (011: ASCII triples).
pub(crate) fn regram_all(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    tx.execute(
        "INSERT INTO ticket_search (ticket_search) VALUES ('delete-all')",
        [],
    )?;
    let mut rows = tx.prepare("SELECT rowid, search_norm FROM tickets")?;
    let mut rows = rows.query([])?;
    let mut insert = tx.prepare("INSERT INTO ticket_search (rowid, grams) VALUES (?1, ?2)")?;
    while let Some(row) = rows.next()? {
        let (rowid, norm): (i64, String) = (row.get(0)?, row.get(1)?);
        insert.execute(params![rowid, crate::search::grams(&norm)])?;
    }
    Ok(())
}

fn kind_str(k: desk_domain::DeadlineKind) -> &'static str {
    match k {
        desk_domain::DeadlineKind::Ack => "ack",
        desk_domain::DeadlineKind::Reply => "reply",
        desk_domain::DeadlineKind::Opinion => "opinion",
    }
}

/// Takes a ticket out of the unit's list and remembers up to which version it is gone.
fn remove_ticket(
    tx: &Transaction<'_>,
    id: &str,
    version: Option<i64>,
    reason: &RemovalReason,
    at: &Timestamp,
) -> Result<bool, StoreError> {
    let cached: Option<i64> = tx
        .query_row("SELECT version FROM tickets WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    // Without a removal version, everything we have is gone.
    let gone_up_to = version.or(cached).unwrap_or(0);
    if let Some(v) = cached
        && v > gone_up_to
    {
        // The cached ticket is newer than the removal: a re-dispatch back already arrived.
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO removed_tickets (id, version, reason, removed_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET version = max(version, excluded.version),
             reason = excluded.reason, removed_at = excluded.removed_at",
        params![id, gone_up_to, reason.as_str(), at.timestamp()],
    )?;
    tx.execute(
        "DELETE FROM ticket_search WHERE rowid = (SELECT rowid FROM tickets WHERE id = ?1)",
        [id],
    )?;
    tx.execute("DELETE FROM alert_checks WHERE ticket_id = ?1", [id])?;
    let deleted = tx.execute("DELETE FROM tickets WHERE id = ?1", [id])?;
    Ok(deleted > 0)
}
