//! Which cached tickets an alert round plans (issue 9): the planner's facts read from
//! the stored JSON without building whole tickets, and, per ticket, the moment it next
//! needs planning (`alert_checks`, migration 009). A round plans the tickets whose moment
//! came, the changed ones (a sync resets their moment) and the few the caller names, so
//! its cost follows what is due and what changed, not how many tickets are cached.

use crate::{Store, StoreError};
use desk_domain::alerts::{AlertFacts, AlertKey, AlertKind};
use desk_domain::countdown::unit_opinion_due;
use district_api::{CoUnit, Extension, OurRole, Redo, Supervision, TicketStatus, Timestamp};
use rusqlite::{OptionalExtension, params};
use serde::Deserialize;
use std::collections::HashSet;

/// Settings key: what the last incremental round planned with (see [`AlertRoundMark`]).
const SETTING_SIGNATURE: &str = "alert_round_signature";
/// Settings key: when the last incremental round planned (epoch ms).
const SETTING_PLANNED_AT: &str = "alert_round_at_ms";
/// Settings key: when each coalesced kind of alert was last shown (JSON, epoch ms).
const SETTING_KINDS_SHOWN: &str = "alert_kinds_shown";

/// Which tickets [`Store::alert_facts`] reads.
#[derive(Debug, Clone, Copy)]
pub enum AlertScope<'a> {
    /// Every cached ticket, in work order.
    Every,
    /// The tickets whose next check is due by `now_ms` (changed ones included; a round
    /// passes its now plus the digest interval, so reminders due within it can come
    /// early with their kind's digest), the
    /// tickets named in `also`, and the `nearest_open` open tickets with the nearest
    /// active deadlines (ties included).
    Due {
        /// The round's server-corrected now, epoch ms.
        now_ms: i64,
        /// Tickets to include whatever their check (those of refused writes).
        also: &'a [String],
        /// How many open tickets with the nearest deadlines to include.
        nearest_open: usize,
    },
}

/// What the last incremental round planned with and when: a round with other inputs
/// (settings, pause, officer), or with a clock that went back, plans every ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertRoundMark {
    /// The caller's summary of the planner's inputs other than tickets and time.
    pub signature: String,
    /// The round's server-corrected now, epoch ms.
    pub planned_at_ms: i64,
}

/// The fields of a stored ticket the planner reads (the rest of the JSON is skipped).
#[derive(Deserialize)]
struct FactsJson {
    id: String,
    title: String,
    status: TicketStatus,
    our_role: OurRole,
    dispatched_at: Timestamp,
    ack_due_at: Timestamp,
    reply_due_at: Timestamp,
    #[serde(default)]
    co_units: Vec<CoUnit>,
    #[serde(default)]
    extension: Option<Extension>,
    #[serde(default)]
    redo: Option<Redo>,
    #[serde(default)]
    supervision: Option<Supervision>,
}

/// The facts of a stored ticket as `AlertFacts::from_ticket` makes them.
fn facts(id: String, body: &str, unit_id: &str) -> Result<AlertFacts, StoreError> {
    let t: FactsJson =
        serde_json::from_str(body).map_err(|source| StoreError::CorruptRow { id, source })?;
    let opinion_due = unit_opinion_due(&t.co_units, unit_id);
    Ok(AlertFacts {
        id: t.id,
        title: t.title,
        status: t.status,
        our_role: t.our_role,
        dispatched_at: t.dispatched_at.to_utc(),
        ack_due: t.ack_due_at.to_utc(),
        reply_due: t.reply_due_at.to_utc(),
        opinion_due,
        redo: t.redo,
        supervision: t.supervision,
        extension: t.extension,
    })
}

impl Store {
    /// The planner's facts of the cached tickets in `scope`, as seen by the unit
    /// `unit_id`.
    pub fn alert_facts(
        &self,
        unit_id: &str,
        scope: AlertScope<'_>,
    ) -> Result<Vec<AlertFacts>, StoreError> {
        Ok(self
            .alert_facts_versioned(unit_id, scope)?
            .into_iter()
            .map(|(f, _)| f)
            .collect())
    }

    /// [`Store::alert_facts`], each with the cached ticket's version (for
    /// [`Store::record_alert_checks_if_unchanged`]).
    pub fn alert_facts_versioned(
        &self,
        unit_id: &str,
        scope: AlertScope<'_>,
    ) -> Result<Vec<(AlertFacts, i64)>, StoreError> {
        let mut out = Vec::new();
        let mut push = |id: String, version: i64, body: String| -> Result<(), StoreError> {
            out.push((facts(id, &body, unit_id)?, version));
            Ok(())
        };
        match scope {
            AlertScope::Every => {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT id, version, body FROM tickets ORDER BY order_group, order_key, id",
                )?;
                let mut rows = stmt.query([])?;
                while let Some(r) = rows.next()? {
                    push(r.get(0)?, r.get(1)?, r.get(2)?)?;
                }
            }
            AlertScope::Due {
                now_ms,
                also,
                nearest_open,
            } => {
                let mut seen = HashSet::new();
                {
                    let mut stmt = self.conn.prepare_cached(
                        "SELECT t.id, t.version, t.body FROM alert_checks c JOIN tickets t ON t.id = c.ticket_id
                         WHERE c.check_at_ms <= ?1",
                    )?;
                    let mut rows = stmt.query([now_ms])?;
                    while let Some(r) = rows.next()? {
                        let id: String = r.get(0)?;
                        if seen.insert(id.clone()) {
                            push(id, r.get(1)?, r.get(2)?)?;
                        }
                    }
                }
                // The open tickets with the nearest deadlines: every one whose deadline
                // (to the second) is not later than the n-th's.
                let limit = i64::try_from(nearest_open).unwrap_or(i64::MAX);
                let mut nearest = Vec::new();
                if limit > 0 {
                    let mut stmt = self.conn.prepare_cached(
                        "SELECT id, version, body FROM tickets
                         WHERE active_due_at IS NOT NULL AND status NOT IN ('closed', 'replied')
                           AND active_due_at <= coalesce((
                               SELECT active_due_at FROM tickets
                               WHERE active_due_at IS NOT NULL
                                 AND status NOT IN ('closed', 'replied')
                               ORDER BY active_due_at LIMIT 1 OFFSET ?1 - 1), 9223372036854775807)",
                    )?;
                    let mut rows = stmt.query([limit])?;
                    while let Some(r) = rows.next()? {
                        nearest.push((
                            r.get::<_, String>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, String>(2)?,
                        ));
                    }
                }
                for (id, version, body) in nearest {
                    if seen.insert(id.clone()) {
                        push(id, version, body)?;
                    }
                }
                let mut one = self
                    .conn
                    .prepare_cached("SELECT version, body FROM tickets WHERE id = ?1")?;
                for id in also {
                    if seen.contains(id) {
                        continue;
                    }
                    if let Some((version, body)) = one
                        .query_row([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
                        .optional()?
                    {
                        seen.insert(id.clone());
                        push(id.clone(), version, body)?;
                    }
                }
            }
        }
        Ok(out)
    }

    /// One chunk of every cached ticket's facts with its version, by ticket id: at most
    /// `limit` tickets whose id is after `after` (`""`: from the first). A round that
    /// plans every ticket reads the cache chunk by chunk, so the store is never held
    /// for long (issue 18); ids are stable, so a ticket changed between two chunks is
    /// read once, before or after its change.
    pub fn alert_facts_chunk(
        &self,
        unit_id: &str,
        after: &str,
        limit: usize,
    ) -> Result<Vec<(AlertFacts, i64)>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, version, body FROM tickets WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![after, limit])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let version: i64 = r.get(1)?;
            let body: String = r.get(2)?;
            out.push((facts(id, &body, unit_id)?, version));
        }
        Ok(out)
    }

    /// The fired keys of the tickets whose id is within `first..=last` (one range scan
    /// of the keys' primary index). Keys of a kind this version does not know are left
    /// out.
    pub fn fired_alert_keys_between(
        &self,
        first: &str,
        last: &str,
    ) -> Result<HashSet<AlertKey>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT ticket_id, kind, threshold FROM alerts_fired
             WHERE ticket_id >= ?1 AND ticket_id <= ?2",
        )?;
        let mut rows = stmt.query([first, last])?;
        let mut keys = HashSet::new();
        while let Some(r) = rows.next()? {
            let (ticket_id, kind, threshold): (String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            if let Some(kind) = AlertKind::from_wire(&kind) {
                keys.insert(AlertKey {
                    ticket_id,
                    kind,
                    threshold,
                });
            }
        }
        Ok(keys)
    }

    /// The fired keys of the tickets `ticket_ids`, and those of no ticket (`""`). Keys
    /// of a kind this version does not know are left out.
    pub fn fired_alert_keys_of<'a>(
        &self,
        ticket_ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<HashSet<AlertKey>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, threshold FROM alerts_fired WHERE ticket_id = ?1")?;
        let mut keys = HashSet::new();
        let mut done = HashSet::new();
        for id in std::iter::once("").chain(ticket_ids) {
            if !done.insert(id) {
                continue;
            }
            let mut rows = stmt.query([id])?;
            while let Some(r) = rows.next()? {
                let (kind, threshold): (String, String) = (r.get(0)?, r.get(1)?);
                if let Some(kind) = AlertKind::from_wire(&kind) {
                    keys.insert(AlertKey {
                        ticket_id: id.to_owned(),
                        kind,
                        threshold,
                    });
                }
            }
        }
        Ok(keys)
    }

    /// What the last incremental alert round planned with, if any.
    pub fn alert_round_mark(&self) -> Result<Option<AlertRoundMark>, StoreError> {
        let signature = self.setting(SETTING_SIGNATURE)?;
        let at = self
            .setting(SETTING_PLANNED_AT)?
            .and_then(|v| v.parse::<i64>().ok());
        Ok(match (signature, at) {
            (Some(signature), Some(planned_at_ms)) => Some(AlertRoundMark {
                signature,
                planned_at_ms,
            }),
            _ => None,
        })
    }

    /// Remembers, in one transaction, when each planned ticket next needs planning
    /// (epoch ms; `None`: not until it changes) and the round's mark. Call it after the
    /// round's fired keys are recorded: a crash in between only plans those tickets again.
    pub fn record_alert_checks(
        &mut self,
        checks: &[(&str, Option<i64>)],
        mark: &AlertRoundMark,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO alert_checks (ticket_id, check_at_ms) VALUES (?1, ?2)
                 ON CONFLICT (ticket_id) DO UPDATE SET check_at_ms = excluded.check_at_ms",
            )?;
            for (id, at) in checks {
                upsert.execute(params![id, at])?;
            }
            let mut set = tx.prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?;
            set.execute(params![SETTING_SIGNATURE, mark.signature])?;
            set.execute(params![SETTING_PLANNED_AT, mark.planned_at_ms.to_string()])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Remembers, in one transaction, when each planned ticket next needs planning, for
    /// the tickets still at the version planned (`(id, check_at_ms, version)`): a ticket
    /// a sync changed or removed since it was read keeps the check the sync gave it, so
    /// the next round plans its new state. Call it after the round's fired keys are
    /// recorded; the round's mark comes last ([`Store::set_alert_round_mark`]).
    pub fn record_alert_checks_if_unchanged(
        &mut self,
        checks: &[(&str, Option<i64>, i64)],
    ) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let mut written = 0;
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO alert_checks (ticket_id, check_at_ms)
                 SELECT id, ?2 FROM tickets WHERE id = ?1 AND version = ?3
                 ON CONFLICT (ticket_id) DO UPDATE SET check_at_ms = excluded.check_at_ms",
            )?;
            for (id, at, version) in checks {
                written += upsert.execute(params![id, at, version])?;
            }
        }
        tx.commit()?;
        Ok(written)
    }

    /// Remembers what the round planned with and when (see [`AlertRoundMark`]): after
    /// every check of the round is written, so a round cut short plans every ticket
    /// again.
    pub fn set_alert_round_mark(&self, mark: &AlertRoundMark) -> Result<(), StoreError> {
        self.set_setting(SETTING_SIGNATURE, &mark.signature)?;
        self.set_setting(SETTING_PLANNED_AT, &mark.planned_at_ms.to_string())
    }

    /// When each coalesced kind of alert was last shown (epoch ms; issue 18's digests on
    /// a minimum interval).
    pub fn alert_kinds_shown(&self) -> Result<Vec<(AlertKind, i64)>, StoreError> {
        let Some(json) = self.setting(SETTING_KINDS_SHOWN)? else {
            return Ok(Vec::new());
        };
        let map: std::collections::BTreeMap<String, i64> =
            serde_json::from_str(&json).unwrap_or_default();
        Ok(map
            .into_iter()
            .filter_map(|(k, at)| AlertKind::from_wire(&k).map(|k| (k, at)))
            .collect())
    }

    /// Remembers that the coalesced kinds `kinds` were shown at `at_ms`.
    pub fn record_alert_kinds_shown(
        &self,
        kinds: &[AlertKind],
        at_ms: i64,
    ) -> Result<(), StoreError> {
        if kinds.is_empty() {
            return Ok(());
        }
        let mut map: std::collections::BTreeMap<String, i64> = self
            .alert_kinds_shown()?
            .into_iter()
            .map(|(k, at)| (k.as_str().to_owned(), at))
            .collect();
        for k in kinds {
            map.insert(k.as_str().to_owned(), at_ms);
        }
        let json = serde_json::to_string(&map).map_err(StoreError::Encode)?;
        self.set_setting(SETTING_KINDS_SHOWN, &json)
    }

    /// The earliest next check of a cached ticket after `after_ms` (epoch ms).
    pub fn next_alert_check(&self, after_ms: i64) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT c.check_at_ms FROM alert_checks c JOIN tickets t ON t.id = c.ticket_id
                 WHERE c.check_at_ms > ?1 ORDER BY c.check_at_ms LIMIT 1",
            )?
            .query_row([after_ms], |r| r.get(0))
            .optional()?)
    }
}
