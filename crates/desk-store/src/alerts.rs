//! Desktop alerts (issue 6): the keys of the alerts that fired (each fires once, ever),
//! the notification centre's log, and the officer's alert settings.
//!
//! The planner (`desk_domain::alerts`) decides; this module only remembers. A fired key
//! and the notification that fired it are written in one transaction
//! ([`Store::record_fired_alerts`]), so a crash never leaves an alert shown but not
//! remembered, or remembered but missing from the notification centre.

use crate::{Store, StoreError};
use desk_domain::alerts::{AlertKey, AlertKind, AlertSettings, Notification};
use rusqlite::{OptionalExtension, params};
use std::collections::HashSet;

/// The settings key under which [`AlertSettings`] are kept (JSON).
const SETTING_ALERTS: &str = "alert_settings";

/// One notification in the notification centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertLogEntry {
    /// The log row's id (what "mark read" names).
    pub id: i64,
    /// When it fired (server-corrected epoch milliseconds).
    pub at_ms: i64,
    /// What was shown.
    pub notification: Notification,
    /// The officer saw it in the notification centre.
    pub read: bool,
}

fn parse_kind(s: &str) -> Option<AlertKind> {
    AlertKind::from_wire(s)
}

impl Store {
    /// Every alert key that fired before. Keys of a kind this version does not know (a
    /// newer version wrote them) are left out: they cannot match anything planned here.
    pub fn fired_alert_keys(&self) -> Result<HashSet<AlertKey>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT ticket_id, kind, threshold FROM alerts_fired")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut keys = HashSet::new();
        for row in rows {
            let (ticket_id, kind, threshold) = row?;
            if let Some(kind) = parse_kind(&kind) {
                keys.insert(AlertKey {
                    ticket_id,
                    kind,
                    threshold,
                });
            }
        }
        Ok(keys)
    }

    /// Remembers `keys` as fired and logs `notifications` (without their keys) in the
    /// notification centre, in one transaction. A key already remembered stays as it was
    /// (its first firing time). Returns the new log entries, in the order given.
    pub fn record_fired_alerts(
        &mut self,
        keys: &[AlertKey],
        notifications: &[Notification],
        at_ms: i64,
    ) -> Result<Vec<AlertLogEntry>, StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut insert_key = tx.prepare_cached(
                "INSERT INTO alerts_fired (ticket_id, kind, threshold, fired_at_ms)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            )?;
            for k in keys {
                insert_key.execute(params![k.ticket_id, k.kind.as_str(), k.threshold, at_ms])?;
            }
        }
        let mut entries = Vec::with_capacity(notifications.len());
        {
            let mut insert_log = tx.prepare_cached(
                "INSERT INTO alert_log (at_ms, notification, read) VALUES (?1, ?2, 0)",
            )?;
            for n in notifications {
                // The keys are in `alerts_fired` (above); a first pass's digest holds
                // every key it fires, megabytes of JSON the log has no use for.
                let json = serde_json::to_string(&n.without_keys()).map_err(StoreError::Encode)?;
                insert_log.execute(params![at_ms, json])?;
                entries.push(AlertLogEntry {
                    id: tx.last_insert_rowid(),
                    at_ms,
                    notification: n.clone(),
                    read: false,
                });
            }
        }
        tx.commit()?;
        Ok(entries)
    }

    /// The notification centre, newest first, at most `limit` entries.
    pub fn alert_log(&self, limit: usize) -> Result<Vec<AlertLogEntry>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at_ms, notification, read FROM alert_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (id, at_ms, json, read) = row?;
            let notification =
                serde_json::from_str(&json).map_err(|source| StoreError::CorruptRow {
                    id: format!("alert_log #{id}"),
                    source,
                })?;
            Ok(AlertLogEntry {
                id,
                at_ms,
                notification,
                read: read != 0,
            })
        })
        .collect()
    }

    /// One notification of the notification centre, if it exists.
    pub fn alert_log_entry(&self, id: i64) -> Result<Option<AlertLogEntry>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT at_ms, notification, read FROM alert_log WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                },
            )
            .optional()?;
        let Some((at_ms, json, read)) = row else {
            return Ok(None);
        };
        let notification =
            serde_json::from_str(&json).map_err(|source| StoreError::CorruptRow {
                id: format!("alert_log #{id}"),
                source,
            })?;
        Ok(Some(AlertLogEntry {
            id,
            at_ms,
            notification,
            read: read != 0,
        }))
    }

    /// How many notifications the officer has not seen in the notification centre.
    pub fn unread_alert_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM alert_log WHERE read = 0", [], |r| {
                r.get(0)
            })?)
    }

    /// Marks one notification read; `false` when there is no such entry.
    pub fn mark_alert_read(&self, id: i64) -> Result<bool, StoreError> {
        let n = self
            .conn
            .execute("UPDATE alert_log SET read = 1 WHERE id = ?1", [id])?;
        Ok(n > 0)
    }

    /// Marks every notification read; returns how many were unread.
    pub fn mark_all_alerts_read(&self) -> Result<usize, StoreError> {
        Ok(self
            .conn
            .execute("UPDATE alert_log SET read = 1 WHERE read = 0", [])?)
    }

    /// The officer's alert settings; the defaults when none were saved. Saved settings
    /// this version cannot read (written by hand, or by a newer version) also give the
    /// defaults, with a warning in the log: alerts keep coming rather than stop.
    pub fn alert_settings(&self) -> Result<AlertSettings, StoreError> {
        let Some(json) = self.setting(SETTING_ALERTS)? else {
            return Ok(AlertSettings::default());
        };
        Ok(serde_json::from_str(&json).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "saved alert settings unreadable; using the defaults");
            AlertSettings::default()
        }))
    }

    /// Saves the officer's alert settings.
    pub fn set_alert_settings(&self, settings: &AlertSettings) -> Result<(), StoreError> {
        let json = serde_json::to_string(settings).map_err(StoreError::Encode)?;
        self.set_setting(SETTING_ALERTS, &json)
    }
}
