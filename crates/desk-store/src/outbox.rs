//! The durable outbox: every write to the district is a row here before it is sent, with
//! an idempotency key made once when the officer acts. Rows for one ticket go out in the
//! order they were made; a row that ends in conflict or rejection holds back the later
//! rows of its ticket until the officer resolves it. Nothing is ever deleted silently.

use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, Row, params};
use serde_json::Value;

/// What a row asks the district to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxKind {
    Ack,
    Reply,
    Opinion,
    Extension,
    Coordination,
    Reassignment,
    Draft,
    Duty,
}

impl OutboxKind {
    pub const ALL: [OutboxKind; 8] = [
        OutboxKind::Ack,
        OutboxKind::Reply,
        OutboxKind::Opinion,
        OutboxKind::Extension,
        OutboxKind::Coordination,
        OutboxKind::Reassignment,
        OutboxKind::Draft,
        OutboxKind::Duty,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutboxKind::Ack => "ack",
            OutboxKind::Reply => "reply",
            OutboxKind::Opinion => "opinion",
            OutboxKind::Extension => "extension",
            OutboxKind::Coordination => "coordination",
            OutboxKind::Reassignment => "reassignment",
            OutboxKind::Draft => "draft",
            OutboxKind::Duty => "duty",
        }
    }

    pub fn parse(s: &str) -> Option<OutboxKind> {
        OutboxKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the row writes the ticket itself (If-Match: the ticket's version).
    pub fn is_ticket_write(self) -> bool {
        !matches!(self, OutboxKind::Draft | OutboxKind::Duty)
    }
}

/// Where a row stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxState {
    /// Not yet confirmed by the district (never sent, or sent without an answer).
    Pending,
    /// The district confirmed it.
    Sent,
    /// 412: the object changed on the server; the officer reviews.
    Conflict,
    /// 409/422 or another permanent refusal; the officer's text is kept.
    Rejected,
    /// The officer chose to drop it (after a conflict, a rejection or a block).
    Discarded,
    /// 发送受阻: the district failed on this write pass after pass (a 5xx for this
    /// request, an answer that never decodes). Not sent again until the officer retries
    /// it (with the same key: the district may have applied it) or discards it; it holds
    /// back the later rows of its ticket only. Stored as `pending` with `blocked_ms`.
    Blocked,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Sent => "sent",
            OutboxState::Conflict => "conflict",
            OutboxState::Rejected => "rejected",
            OutboxState::Discarded => "discarded",
            OutboxState::Blocked => "blocked",
        }
    }

    fn parse(s: &str, blocked: bool) -> OutboxState {
        match s {
            "pending" if blocked => OutboxState::Blocked,
            "sent" => OutboxState::Sent,
            "conflict" => OutboxState::Conflict,
            "rejected" => OutboxState::Rejected,
            "discarded" => OutboxState::Discarded,
            _ => OutboxState::Pending,
        }
    }
}

/// A write to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewWrite {
    pub ticket_id: Option<String>,
    pub kind: OutboxKind,
    pub body: Value,
    pub idempotency_key: String,
    /// The version or revision the officer saw (If-Match); `None` for a draft that does
    /// not exist yet (If-None-Match: *).
    pub base_version: Option<i64>,
}

/// One outbox row.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub id: i64,
    pub ticket_id: Option<String>,
    pub kind: OutboxKind,
    pub body: Value,
    pub idempotency_key: String,
    pub base_version: Option<i64>,
    pub state: OutboxState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub status_code: Option<i64>,
    pub server_current: Option<Value>,
    pub field_errors: Option<Value>,
    pub response: Option<Value>,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub sent_ms: Option<i64>,
    /// Flush passes that ended with the district failing on this row.
    pub failed_passes: i64,
    /// When the row was set aside as blocked (发送受阻).
    pub blocked_ms: Option<i64>,
}

/// Counts for the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub pending: i64,
    pub conflicts: i64,
    pub rejected: i64,
    /// Pending rows set aside as blocked (not in `pending`).
    pub blocked: i64,
}

const COLUMNS: &str = "id, ticket_id, kind, body, idempotency_key, base_version, state, attempts,
    last_error, status_code, server_current, field_errors, response, created_ms, updated_ms, sent_ms,
    failed_passes, blocked_ms";

fn json_col(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Value>> {
    let text: Option<String> = row.get(idx)?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

fn read_row(row: &Row<'_>) -> rusqlite::Result<OutboxRow> {
    let kind: String = row.get(2)?;
    let body: String = row.get(3)?;
    let state: String = row.get(6)?;
    let blocked_ms: Option<i64> = row.get(17)?;
    Ok(OutboxRow {
        id: row.get(0)?,
        ticket_id: row.get(1)?,
        kind: OutboxKind::parse(&kind).unwrap_or(OutboxKind::Ack),
        body: serde_json::from_str(&body).unwrap_or(Value::Null),
        idempotency_key: row.get(4)?,
        base_version: row.get(5)?,
        state: OutboxState::parse(&state, blocked_ms.is_some()),
        attempts: row.get(7)?,
        last_error: row.get(8)?,
        status_code: row.get(9)?,
        server_current: json_col(row, 10)?,
        field_errors: json_col(row, 11)?,
        response: json_col(row, 12)?,
        created_ms: row.get(13)?,
        updated_ms: row.get(14)?,
        sent_ms: row.get(15)?,
        failed_passes: row.get(16)?,
        blocked_ms,
    })
}

fn to_text(v: &Value) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(StoreError::Encode)
}

impl Store {
    /// Makes a write durable. A draft replaces the content of an earlier draft row of the
    /// same ticket that was never attempted (only the newest content needs to go); once a
    /// row has been attempted its key may have taken effect, so a new row follows it.
    pub fn enqueue(&mut self, w: NewWrite, now_ms: i64) -> Result<OutboxRow, StoreError> {
        let tx = self.conn.transaction()?;
        let body = to_text(&w.body)?;
        let coalesced: Option<i64> = if w.kind == OutboxKind::Draft {
            tx.query_row(
                "SELECT id FROM outbox WHERE kind = 'draft' AND ticket_id IS ?1
                   AND state = 'pending' AND attempts = 0 ORDER BY id DESC LIMIT 1",
                [&w.ticket_id],
                |r| r.get(0),
            )
            .optional()?
        } else {
            None
        };
        let id = match coalesced {
            Some(id) => {
                tx.execute(
                    "UPDATE outbox SET body = ?2, updated_ms = ?3 WHERE id = ?1",
                    params![id, body, now_ms],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO outbox (ticket_id, kind, body, idempotency_key, base_version,
                         created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    params![
                        w.ticket_id,
                        w.kind.as_str(),
                        body,
                        w.idempotency_key,
                        w.base_version,
                        now_ms
                    ],
                )?;
                tx.last_insert_rowid()
            }
        };
        let row = tx.query_row(
            &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
            [id],
            read_row,
        )?;
        tx.commit()?;
        Ok(row)
    }

    /// Every row, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM outbox ORDER BY id"))?;
        let rows = stmt.query_map([], read_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One row.
    pub fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
                [id],
                read_row,
            )
            .optional()?)
    }

    /// The oldest pending row that may go now: not blocked, and no earlier row of the
    /// same ticket (or, for duty, no earlier duty row) is still pending (blocked or not),
    /// in conflict or rejected. Rows whose ids are in `skip` (held back in this pass) are
    /// passed over, with their tickets.
    pub fn next_sendable(&self, skip: &[i64]) -> Result<Option<OutboxRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM outbox o WHERE state = 'pending' AND blocked_ms IS NULL
               AND NOT EXISTS (
                 SELECT 1 FROM outbox e WHERE e.id < o.id
                   AND e.state IN ('pending', 'conflict', 'rejected')
                   AND ((o.ticket_id IS NOT NULL AND e.ticket_id = o.ticket_id)
                        OR (o.kind = 'duty' AND e.kind = 'duty')))
             ORDER BY id"
        ))?;
        let rows = stmt.query_map([], read_row)?;
        for row in rows {
            let row = row?;
            if !skip.contains(&row.id) {
                return Ok(Some(row));
            }
        }
        Ok(None)
    }

    /// Claims a row for its first send of a pass: counts the attempt and returns the row
    /// as it is at that moment, in one statement. What is sent is what this returns: a
    /// draft edit coalesced after `next_sendable` read the row is in it, and any later
    /// edit queues behind it (an attempted row no longer takes edits). `None` when the
    /// row is no longer sendable.
    pub fn outbox_claim(&self, id: i64, now_ms: i64) -> Result<Option<OutboxRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "UPDATE outbox SET attempts = attempts + 1, updated_ms = ?2
                     WHERE id = ?1 AND state = 'pending' AND blocked_ms IS NULL
                     RETURNING {COLUMNS}"
                ),
                params![id, now_ms],
                read_row,
            )
            .optional()?)
    }

    /// A send is about to start again (a retry within the pass).
    pub fn outbox_attempt(&self, id: i64, now_ms: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, updated_ms = ?2 WHERE id = ?1",
            params![id, now_ms],
        )?;
        Ok(())
    }

    /// The send failed in a way that may pass (network, 5xx, 429, 401): the row stays
    /// pending with the reason.
    pub fn outbox_transient(
        &self,
        id: i64,
        status: Option<u16>,
        message: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET last_error = ?2, status_code = ?3, updated_ms = ?4 WHERE id = ?1",
            params![id, message, status, now_ms],
        )?;
        Ok(())
    }

    /// The district failed on this row for the whole pass (a 5xx answer to it, or an
    /// answer that does not decode): the row stays pending with the reason, one more
    /// failed pass is counted, and at `block_after` failed passes it is set aside as
    /// blocked. Returns whether it is blocked now.
    pub fn outbox_failed(
        &self,
        id: i64,
        status: Option<u16>,
        message: &str,
        block_after: i64,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let blocked: Option<bool> = self
            .conn
            .query_row(
                "UPDATE outbox SET last_error = ?2, status_code = ?3, updated_ms = ?4,
                     failed_passes = failed_passes + 1,
                     blocked_ms = CASE WHEN failed_passes + 1 >= ?5 THEN ?4 END
                 WHERE id = ?1 AND state = 'pending'
                 RETURNING blocked_ms IS NOT NULL",
                params![id, message, status, now_ms, block_after],
                |r| r.get(0),
            )
            .optional()?;
        Ok(blocked.unwrap_or(false))
    }

    /// The officer sends a blocked row again: it goes back in line, in its place, with
    /// its key (the district may have applied it, and then answers with the stored
    /// result). Returns whether anything changed.
    pub fn outbox_retry(&self, id: i64, now_ms: i64) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE outbox SET blocked_ms = NULL, failed_passes = 0, updated_ms = ?2
             WHERE id = ?1 AND state = 'pending' AND blocked_ms IS NOT NULL",
            params![id, now_ms],
        )?;
        Ok(n > 0)
    }

    /// The district confirmed the row. `new_version` is the version or revision its answer
    /// carries: later pending rows of the same object that were based on what this row
    /// was based on now build on the answer instead.
    pub fn outbox_sent(
        &mut self,
        id: i64,
        status: u16,
        response: &Value,
        new_version: Option<i64>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let row = tx.query_row(
            &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
            [id],
            read_row,
        )?;
        tx.execute(
            "UPDATE outbox SET state = 'sent', status_code = ?2, response = ?3, last_error = NULL,
                 blocked_ms = NULL, updated_ms = ?4, sent_ms = ?4 WHERE id = ?1",
            params![id, status, to_text(response)?, now_ms],
        )?;
        if let (Some(v), OutboxKind::Draft) = (new_version, row.kind) {
            // The officer's text now builds on the revision the district gave it.
            tx.execute(
                "UPDATE reply_drafts SET base_revision = ?1 WHERE ticket_id IS ?2",
                params![v, row.ticket_id],
            )?;
        }
        if let Some(v) = new_version {
            let family: &[&str] = match row.kind {
                OutboxKind::Draft => &["draft"],
                OutboxKind::Duty => &["duty"],
                _ => &[
                    "ack",
                    "reply",
                    "opinion",
                    "extension",
                    "coordination",
                    "reassignment",
                ],
            };
            for kind in family {
                tx.execute(
                    "UPDATE outbox SET base_version = ?1 WHERE state = 'pending' AND id > ?2
                       AND kind = ?3 AND ticket_id IS ?4 AND base_version IS ?5",
                    params![v, id, kind, row.ticket_id, row.base_version],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// 412: the server's object changed; its current state is kept beside the officer's.
    pub fn outbox_conflict(
        &self,
        id: i64,
        status: u16,
        current: Option<&Value>,
        message: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let current = current.map(to_text).transpose()?;
        self.conn.execute(
            "UPDATE outbox SET state = 'conflict', status_code = ?2, server_current = ?3,
                 last_error = ?4, updated_ms = ?5 WHERE id = ?1",
            params![id, status, current, message, now_ms],
        )?;
        Ok(())
    }

    /// A permanent refusal (409, 422, other 4xx); field errors and the server's current
    /// object are kept.
    pub fn outbox_rejected(
        &self,
        id: i64,
        status: u16,
        field_errors: Option<&Value>,
        current: Option<&Value>,
        message: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let errors = field_errors.map(to_text).transpose()?;
        let current = current.map(to_text).transpose()?;
        self.conn.execute(
            "UPDATE outbox SET state = 'rejected', status_code = ?2, field_errors = ?3,
                 server_current = ?4, last_error = ?5, updated_ms = ?6 WHERE id = ?1",
            params![id, status, errors, current, message, now_ms],
        )?;
        Ok(())
    }

    /// Puts a row that ended without effect (a 412) back in line, in its place, on a new
    /// base with a new idempotency key. Only for answers that are definitive proof that
    /// the old key did nothing: the server stores that answer under the old key, so the
    /// old key could never succeed again. The old key is kept in `last_error`.
    pub fn outbox_rebase(
        &self,
        id: i64,
        new_key: &str,
        base_version: Option<i64>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE outbox SET state = 'pending', base_version = ?3, server_current = NULL,
                 last_error = '412 后按最新版本重发（原幂等键 ' || idempotency_key || '）',
                 idempotency_key = ?2, updated_ms = ?4
             WHERE id = ?1",
            params![id, new_key, base_version, now_ms],
        )?;
        Ok(())
    }

    /// The officer drops a row in conflict, rejected or blocked (never one waiting to be
    /// sent: it may be in flight). The row is kept, resolved, and never sent. Returns
    /// whether anything changed.
    pub fn outbox_discard(&self, id: i64, now_ms: i64) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "UPDATE outbox SET state = 'discarded', updated_ms = ?2
             WHERE id = ?1 AND (state IN ('conflict', 'rejected')
                                OR (state = 'pending' AND blocked_ms IS NOT NULL))",
            params![id, now_ms],
        )?;
        Ok(n > 0)
    }

    /// Counts for the status bar.
    pub fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FILTER (WHERE state = 'pending' AND blocked_ms IS NULL),
                    count(*) FILTER (WHERE state = 'conflict'),
                    count(*) FILTER (WHERE state = 'rejected'),
                    count(*) FILTER (WHERE state = 'pending' AND blocked_ms IS NOT NULL)
             FROM outbox WHERE state IN ('pending', 'conflict', 'rejected')",
            [],
            |r| {
                Ok(OutboxCounts {
                    pending: r.get(0)?,
                    conflicts: r.get(1)?,
                    rejected: r.get(2)?,
                    blocked: r.get(3)?,
                })
            },
        )?)
    }
}
