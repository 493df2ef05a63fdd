//! The assessment's facts per ticket (migration 014): written with each ticket, read
//! per period by dispatch time.

use crate::{Store, StoreError};
use desk_domain::assessment::TicketFacts;
use district_api::{
    CallbackResult, ExtensionStatus, ProcessSatisfaction, SupervisionLevel, Ticket, TicketStatus,
};
use rusqlite::{Connection, params};

/// (Re)writes the facts row of `t` as seen by unit `unit_id`.
pub(crate) fn put_facts(conn: &Connection, unit_id: &str, t: &Ticket) -> rusqlite::Result<()> {
    let f = TicketFacts::from_ticket(t, unit_id);
    conn.prepare_cached("DELETE FROM ticket_facts WHERE ticket_id = ?1")?
        .execute([&f.id])?;
    conn.prepare_cached(
        "INSERT INTO ticket_facts (dispatched_at, ticket_id, lead, status, category, matter,
             ack_due_at, acked_at, reply_due_at, last_reply_at, redo_count, callback_process,
             callback_result, extension, supervision, opinion_due_at, opinion_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        f.dispatched_at,
        f.id,
        f.lead,
        f.status.as_str(),
        f.category,
        f.matter,
        f.ack_due_at,
        f.acked_at,
        f.reply_due_at,
        f.last_reply_at,
        f.redo_count,
        f.callback_process.as_ref().map(|p| p.as_str()),
        f.callback_result.as_ref().map(|r| r.as_str()),
        f.extension.as_ref().map(|e| e.as_str()),
        f.supervision.as_ref().map(|s| s.as_str()),
        f.opinion_due_at,
        f.opinion_at,
    ])?;
    Ok(())
}

/// Migration hook (014): the facts of every ticket cached before.
pub(crate) fn backfill_facts(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    use rusqlite::OptionalExtension;
    let unit_id: String = tx
        .query_row(
            "SELECT json_extract(value, '$.unit_id') FROM settings WHERE key = 'officer'",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten()
        .unwrap_or_default();
    let mut stmt = tx.prepare("SELECT body FROM tickets")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let body: String = row.get(0)?;
        // A row that does not parse is left out rather than failing the upgrade.
        if let Ok(t) = serde_json::from_str::<Ticket>(&body) {
            put_facts(tx, &unit_id, &t)?;
        }
    }
    Ok(())
}

fn opt_enum<T>(s: Option<String>, f: fn(&str) -> T) -> Option<T> {
    s.map(|s| f(&s))
}

impl Store {
    /// The facts of the tickets dispatched in `[start, end)` (unix seconds), by dispatch
    /// time.
    pub fn assessment_facts(&self, start: i64, end: i64) -> Result<Vec<TicketFacts>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT ticket_id, lead, status, category, matter, dispatched_at, ack_due_at,
                    acked_at, reply_due_at, last_reply_at, redo_count, callback_process,
                    callback_result, extension, supervision, opinion_due_at, opinion_at
             FROM ticket_facts WHERE dispatched_at >= ?1 AND dispatched_at < ?2
             ORDER BY dispatched_at, ticket_id",
        )?;
        let rows = stmt.query_map(params![start, end], |r| {
            Ok(TicketFacts {
                id: r.get(0)?,
                lead: r.get(1)?,
                status: TicketStatus::from_wire(&r.get::<_, String>(2)?),
                category: r.get(3)?,
                matter: r.get(4)?,
                dispatched_at: r.get(5)?,
                ack_due_at: r.get(6)?,
                acked_at: r.get(7)?,
                reply_due_at: r.get(8)?,
                last_reply_at: r.get(9)?,
                first_contact_at: None,
                redo_count: r.get(10)?,
                callback_process: opt_enum(r.get(11)?, ProcessSatisfaction::from_wire),
                callback_result: opt_enum(r.get(12)?, CallbackResult::from_wire),
                extension: opt_enum(r.get(13)?, ExtensionStatus::from_wire),
                supervision: opt_enum(r.get(14)?, SupervisionLevel::from_wire),
                opinion_due_at: r.get(15)?,
                opinion_at: r.get(16)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The cached tickets among `ids` (matching `search`, if any), in work order: the
    /// total and one page. For the list filtered by a figure.
    pub fn tickets_among(
        &self,
        ids: &[String],
        search: Option<&str>,
        offset: u32,
        limit: u32,
    ) -> Result<(u32, Vec<Ticket>), StoreError> {
        let ids_json = serde_json::to_string(ids).map_err(StoreError::Encode)?;
        let (fts, needle) = match search {
            Some(q) => match crate::search::plan(q) {
                Some(plan) => (Some(plan.fts), Some(plan.needle)),
                // Nothing to search for matches nothing.
                None => return Ok((0, Vec::new())),
            },
            None => (None, None),
        };
        let filter = "FROM tickets
             WHERE id IN (SELECT value FROM json_each(?1))
               AND (?2 IS NULL OR (rowid IN (SELECT rowid FROM ticket_search
                                             WHERE ticket_search MATCH ?2)
                                   AND instr(search_norm, ?3) > 0))";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) {filter}"),
            params![ids_json, fts, needle],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, body {filter} ORDER BY order_group, order_key, id LIMIT ?4 OFFSET ?5"
        ))?;
        let rows = stmt.query_map(params![ids_json, fts, needle, limit, offset], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let tickets = rows
            .map(|row| {
                let (id, body) = row?;
                serde_json::from_str(&body).map_err(|source| StoreError::CorruptRow { id, source })
            })
            .collect::<Result<Vec<Ticket>, StoreError>>()?;
        Ok((u32::try_from(total).unwrap_or(u32::MAX), tickets))
    }
}
