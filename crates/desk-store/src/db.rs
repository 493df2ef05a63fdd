use crate::StoreError;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};
use std::path::Path;

/// Append-only: add a file and a line; never edit a shipped migration.
fn migrations() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("migrations/001_initial.sql")),
        M::up(include_str!("migrations/002_outbox_drafts_duty.sql")),
        M::up_with_hook(
            include_str!("migrations/003_search.sql"),
            crate::tickets::reindex_all,
        ),
        M::up(include_str!("migrations/004_audit.sql")),
        M::up_with_hook(
            include_str!("migrations/005_tab_columns.sql"),
            crate::tickets::refresh_tab_columns,
        ),
        M::up(include_str!("migrations/006_attachments.sql")),
        M::up(include_str!("migrations/007_reply_drafts.sql")),
        M::up(include_str!("migrations/008_alerts.sql")),
        M::up(include_str!("migrations/009_alert_checks.sql")),
        M::up(include_str!("migrations/010_tab_indexes.sql")),
        M::up_with_hook(
            include_str!("migrations/011_search_triples.sql"),
            crate::tickets::regram_all,
        ),
        M::up(include_str!("migrations/013_outbox_blocked.sql")),
    ]
}

/// One line of the local audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at_ms: i64,
    pub officer: String,
    pub action: String,
    pub ticket_id: Option<String>,
}

/// An open local cache.
pub struct Store {
    pub(crate) conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Store {
    /// Opens (creating if needed) the cache at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Self::init(conn)
    }

    /// A throwaway cache (tests, benchmarks of the limit).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL: readers never block the writer, and a killed process leaves a consistent db.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: each commit is synced to disk before it returns, so a write the UI already
        // showed as queued (outbox, draft autosave) survives a power cut. NORMAL would
        // sync only at checkpoints. Cost: one fsync per commit (`cargo run --release -p
        // desk-store --example commit_latency`).
        conn.pragma_update(None, "synchronous", "FULL")?;
        // 32 MiB of page cache (SQLite's default is 2 MiB): the indexes of a large cache
        // stay in memory while a sync writes and the workbench reads (issue 9).
        conn.pragma_update(None, "cache_size", -32768)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Migrations::new(migrations()).to_latest(&mut conn)?;
        Ok(Store { conn })
    }

    /// `PRAGMA integrity_check`: `"ok"` for a healthy file.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Records a sensitive action in the local audit log.
    pub fn audit(
        &self,
        at_ms: i64,
        officer: &str,
        action: &str,
        ticket_id: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO audit_log (at_ms, officer, action, ticket_id) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![at_ms, officer, action, ticket_id],
        )?;
        Ok(())
    }

    /// The audit log, oldest first: (at_ms, officer, action, ticket_id).
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT at_ms, officer, action, ticket_id FROM audit_log ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditEntry {
                at_ms: r.get(0)?,
                officer: r.get(1)?,
                action: r.get(2)?,
                ticket_id: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A setting stored in the cache (server URL, unit, ...).
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Forgets a setting.
    pub fn delete_setting(&self, key: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }

    /// Empties the cache: every row of every table (tickets, search index, outbox,
    /// drafts, alerts, settings, audit log), in one transaction, then reclaims the space
    /// so the removed data does not linger in the file. The schema stays.
    pub fn wipe(&mut self) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let tables: Vec<(String, String)> = {
            let mut stmt = tx.prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table'
                   AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                ))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        // FTS5 keeps its data in shadow tables named after the virtual table.
        let virtuals: Vec<&str> = tables
            .iter()
            .filter(|(_, sql)| sql.starts_with("CREATE VIRTUAL TABLE"))
            .map(|(name, _)| name.as_str())
            .collect();
        for (name, sql) in &tables {
            let quoted = name.replace('"', "\"\"");
            if sql.starts_with("CREATE VIRTUAL TABLE") {
                tx.execute(
                    &format!("INSERT INTO \"{quoted}\" (\"{quoted}\") VALUES ('delete-all')"),
                    [],
                )?;
            } else if !virtuals.iter().any(|v| name.starts_with(&format!("{v}_"))) {
                tx.execute(&format!("DELETE FROM \"{quoted}\""), [])?;
            }
        }
        tx.commit()?;
        // Rewrite the file without the freed pages, and empty the WAL that held them.
        self.conn
            .execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// Stores a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(
            rusqlite_migration::Migrations::new(super::migrations())
                .validate()
                .is_ok()
        );
    }

    /// A write the UI reported as queued (an outbox row, an autosaved draft) survives a
    /// power cut: every commit reaches the disk, not only at WAL checkpoints.
    #[test]
    fn every_commit_is_synced_to_disk() {
        let dir = tempfile::tempdir().expect("tmp");
        let store = super::Store::open(&dir.path().join("cache.db")).expect("open");
        let level: i64 = store
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .expect("pragma");
        assert_eq!(level, 2, "synchronous=FULL");
    }
}

#[cfg(test)]
mod upgrade_tests {
    use rusqlite::Connection;
    use rusqlite_migration::Migrations;

    /// A cache from before search existed becomes searchable on upgrade.
    #[test]
    fn migration_003_indexes_tickets_already_cached() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("cache.db");
        {
            let mut conn = Connection::open(&path).expect("open");
            let mut old = super::migrations();
            old.truncate(2);
            Migrations::new(old).to_latest(&mut conn).expect("v2");
            let body = serde_json::json!({
                "id": "TQ1", "version": 1, "title": "小区门口路灯不亮", "category": "complaint",
                "channel": "phone", "urgency": "normal", "our_role": "lead",
                "lead_unit": {"id": "u", "name": "u"}, "status": "in_progress",
                "dispatched_at": "2026-11-28T08:10:00+08:00", "ack_due_at": "2026-11-28T10:10:00+08:00",
                "reply_due_at": "2026-12-04T18:00:00+08:00"
            });
            conn.execute(
                "INSERT INTO tickets (id, version, status, our_role, dispatched_at, ack_due_at,
                     reply_due_at, order_group, order_key, body)
                 VALUES ('TQ1', 1, 'in_progress', 'lead', 0, 0, 0, 1, 0, ?1)",
                [body.to_string()],
            )
            .expect("insert");
        }
        let store = super::Store::open(&path).expect("upgrade");
        let found = store.search_tickets("路灯", 10).expect("search");
        assert_eq!(found.len(), 1);
        // Indexed with the grams of today's scheme (011's triples included).
        let by_number = store.search_tickets("tq1", 10).expect("search");
        assert_eq!(by_number.len(), 1);
    }

    /// A cache indexed before ASCII triples existed finds its tickets by number after the
    /// upgrade (the triples a query now asks for were not in its index).
    #[test]
    fn migration_011_adds_the_triples_of_tickets_already_cached() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("cache.db");
        {
            let mut conn = Connection::open(&path).expect("open");
            let mut old = super::migrations();
            old.truncate(10);
            Migrations::new(old).to_latest(&mut conn).expect("v10");
            conn.execute(
                "INSERT INTO tickets (id, version, status, our_role, dispatched_at, ack_due_at,
                     reply_due_at, order_group, order_key, body, search_norm)
                 VALUES ('TQ20261203000042', 1, 'in_progress', 'lead', 0, 0, 0, 1, 0, '{}',
                         'tq20261203000042')",
                [],
            )
            .expect("insert");
            // As 003 indexed it: characters and pairs only.
            conn.execute(
                "INSERT INTO ticket_search (rowid, grams)
                 SELECT rowid, '0 00 02 03 04 1 12 2 20 26 3 30 4 42 6 61 q q2 t tq' FROM tickets",
                [],
            )
            .expect("index");
        }
        let store = super::Store::open(&path).expect("upgrade");
        let found: Vec<String> = store
            .conn
            .prepare("SELECT id FROM tickets WHERE instr(search_norm, 'tq2026') > 0
                        AND rowid IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?1)")
            .expect("prepare")
            .query_map([crate::search::plan("TQ2026").expect("plan").fts], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(found, ["TQ20261203000042"]);
        let stale: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM ticket_search WHERE ticket_search MATCH '\"tq\"'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(stale, 1, "the ticket is indexed once");
    }
}
