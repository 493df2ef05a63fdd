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
        M::up(include_str!("migrations/012_calendar.sql")),
        M::up(include_str!("migrations/013_outbox_blocked.sql")),
        M::up_with_hook(
            include_str!("migrations/014_ticket_facts.sql"),
            crate::assessment::backfill_facts,
        ),
        M::up_with_hook(
            include_str!("migrations/015_assessment_daily.sql"),
            crate::assessment::backfill_daily,
        ),
        M::up_with_hook(
            include_str!("migrations/016_assessment_medians.sql"),
            crate::assessment::backfill_medians,
        ),
        M::up(include_str!("migrations/017_search_text.sql")),
        M::up(include_str!("migrations/018_sync_status_indexes.sql")),
        M::up_with_hook(
            include_str!("migrations/019_assessment_counts.sql"),
            crate::assessment::backfill_buckets,
        ),
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
    /// Where a search stops counting tabs and starts walking the work order.
    pub(crate) search_limits: crate::tabs::SearchLimits,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Store {
    /// Opens (creating if needed) the unencrypted cache at `path` and brings its schema
    /// up to date. An encrypted file fails with [`StoreError::KeyMissing`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_with_key(path, None)
    }

    /// Opens the cache at `path` with `key` (SQLCipher) or without (plain SQLite), as it
    /// is: no conversion (see [`Store::open_encrypted`]). A new file is created readable
    /// by this user only (`0600` on Unix) before SQLite opens it, whatever the process
    /// umask; SQLite gives its `-wal` and `-shm` files the database file's mode.
    pub fn open_with_key(path: &Path, key: Option<&crate::CacheKey>) -> Result<Store, StoreError> {
        private_file(path).map_err(|source| StoreError::File {
            path: path.display().to_string(),
            source,
        })?;
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Self::init(crate::encryption::unlock(conn, path, key)?)
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
        Ok(Store {
            conn,
            search_limits: crate::tabs::SearchLimits::default(),
        })
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

    /// Empties the cache: afterwards it is what a freshly created cache is. Every table
    /// is enumerated from the schema (tickets, search index, outbox, drafts, alerts,
    /// settings, audit log, and any table a later migration adds: nothing needs to be
    /// listed here), emptied, and given back the rows its migrations seeded (the
    /// `sync_state` row, which every sync needs), copied from a new in-memory cache. All
    /// in one transaction; then the space is reclaimed so the removed data does not
    /// linger in the file. The schema stays.
    pub fn wipe(&mut self) -> Result<(), StoreError> {
        // The rows a cache is born with, whatever migrations put them there.
        let fresh = Store::open_in_memory()?;
        let tx = self.conn.transaction()?;
        let tables = user_tables(&tx)?;
        // FTS5 keeps its data in shadow tables named after the virtual table.
        let virtuals: Vec<&str> = tables
            .iter()
            .filter(|(_, sql)| sql.starts_with("CREATE VIRTUAL TABLE"))
            .map(|(name, _)| name.as_str())
            .collect();
        let plain = |name: &str| !virtuals.iter().any(|v| name.starts_with(&format!("{v}_")));
        // Everything is emptied before any seeded row is copied back: a trigger fired by
        // emptying one table (a counter kept by the tickets' triggers, migration 018)
        // must not change a row already given back, whatever the tables' order.
        for (name, sql) in &tables {
            let quoted = name.replace('"', "\"\"");
            if sql.starts_with("CREATE VIRTUAL TABLE") {
                tx.execute(
                    &format!("INSERT INTO \"{quoted}\" (\"{quoted}\") VALUES ('delete-all')"),
                    [],
                )?;
            } else if plain(name) {
                tx.execute(&format!("DELETE FROM \"{quoted}\""), [])?;
            }
        }
        for (name, sql) in &tables {
            if !sql.starts_with("CREATE VIRTUAL TABLE") && plain(name) {
                copy_rows(&fresh.conn, &tx, name)?;
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

/// Creates `path` empty with mode `0600` if it does not exist (an empty file is an empty
/// SQLite database), and takes group and other access away from an existing one.
#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    let mode = file.metadata()?.permissions().mode();
    if mode & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(mode & 0o700))?;
    }
    Ok(())
}

/// Elsewhere the file inherits the private folder's access rules.
#[cfg(not(unix))]
fn private_file(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Every table of the schema but SQLite's own: (name, CREATE statement), by name.
fn user_tables(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Copies every row of table `name` from `from` to `to`, column by column (generated
/// columns are not in `table_info` and are left out).
fn copy_rows(from: &Connection, to: &Connection, name: &str) -> Result<(), StoreError> {
    let quoted = name.replace('"', "\"\"");
    let columns: Vec<String> = from
        .prepare("SELECT name FROM pragma_table_info(?1)")?
        .query_map([name], |r| r.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    if columns.is_empty() {
        return Ok(());
    }
    let list = columns
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(", ");
    let mut read = from.prepare(&format!("SELECT {list} FROM \"{quoted}\""))?;
    let marks = vec!["?"; columns.len()].join(", ");
    let mut write = to.prepare(&format!(
        "INSERT INTO \"{quoted}\" ({list}) VALUES ({marks})"
    ))?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let values = (0..columns.len())
            .map(|i| row.get::<_, rusqlite::types::Value>(i))
            .collect::<Result<Vec<_>, _>>()?;
        write.execute(rusqlite::params_from_iter(values))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Store, user_tables};
    use rusqlite::types::Value;

    /// Every row of every table but the search index's shadow tables.
    fn contents(store: &Store) -> Vec<(String, Vec<Vec<Value>>)> {
        let tables = user_tables(&store.conn).expect("tables");
        tables
            .iter()
            .filter(|(name, sql)| {
                !sql.starts_with("CREATE VIRTUAL TABLE")
                    && !tables.iter().any(|(v, vsql)| {
                        vsql.starts_with("CREATE VIRTUAL TABLE")
                            && name.starts_with(&format!("{v}_"))
                    })
            })
            .map(|(name, _)| {
                let mut stmt = store
                    .conn
                    .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1"))
                    .expect("select");
                let n = stmt.column_count();
                let rows = stmt
                    .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
                    .expect("query")
                    .collect::<Result<Vec<Vec<Value>>, _>>()
                    .expect("rows");
                (name.clone(), rows)
            })
            .collect()
    }

    /// A wiped cache is a new cache: its sync state is there (a sync after a wipe used
    /// to fail for good: the wipe deleted the one `sync_state` row only a migration
    /// makes), and every table holds what a new cache holds.
    #[test]
    fn a_wiped_cache_is_a_new_cache() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut store = Store::open(&dir.path().join("cache.db")).expect("open");
        store
            .set_setting("server_url", "https://x")
            .expect("setting");
        store
            .audit(1, "A", "reveal_phone", Some("TQ1"))
            .expect("audit");
        store
            .conn
            .execute(
                "UPDATE sync_state SET cursor = 'c1', last_success_ms = 5",
                [],
            )
            .expect("cursor");
        // A cached ticket: its triggers keep counters (migration 018) that a wipe resets.
        let ticket: district_api::Ticket = serde_json::from_value(serde_json::json!({
            "id": "TQ1", "version": 1, "title": "路灯", "category": "help",
            "matter": "城市管理/路灯", "channel": "phone", "urgency": "normal",
            "our_role": "lead", "lead_unit": {"id": "U", "name": "我们"},
            "status": "pending_ack",
            "dispatched_at": "2026-11-30T23:59:00+08:00",
            "ack_due_at": "2026-12-01T10:00:00+08:00",
            "reply_due_at": "2026-12-07T18:00:00+08:00"
        }))
        .expect("ticket");
        store
            .apply_changes("U", &[crate::Change::Ticket(Box::new(ticket))])
            .expect("ticket");
        assert_eq!(store.ticket_count().expect("count"), 1);
        store.wipe().expect("wipe");
        assert_eq!(store.ticket_count().expect("count"), 0, "no ticket is left");
        let state = store
            .sync_state()
            .expect("the sync state is readable after a wipe");
        assert_eq!(state.cursor, None);
        assert_eq!(state.last_success_ms, None);
        store
            .set_server_offset(7)
            .expect("a sync can record its offset");
        assert_eq!(store.sync_state().expect("state").server_offset_ms, 7);
        store.set_server_offset(0).expect("offset");
        let fresh = Store::open_in_memory().expect("fresh");
        assert_eq!(contents(&store), contents(&fresh));
    }

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

    /// A cache from before the assessment (issue 16) has its tickets' facts after the
    /// upgrade: the period's figures count them without a resync.
    #[test]
    fn migration_014_fills_the_facts_of_tickets_already_cached() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("cache.db");
        {
            let mut conn = Connection::open(&path).expect("open");
            let mut old = super::migrations();
            old.truncate(13);
            Migrations::new(old).to_latest(&mut conn).expect("v13");
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('officer', ?1)",
                [
                    serde_json::json!({"id": "o", "name": "李四", "unit_id": "U",
                    "unit_name": "我们", "role": "A"})
                    .to_string(),
                ],
            )
            .expect("officer");
            let body = serde_json::json!({
                "id": "TQ1", "version": 1, "title": "路灯", "category": "complaint",
                "matter": "城市管理/市政设施/路灯", "channel": "phone", "urgency": "normal",
                "our_role": "co_handler", "lead_unit": {"id": "L", "name": "L"},
                "co_units": [{"id": "U", "name": "我们", "opinion_due_at": "2026-11-30T18:00:00+08:00"}],
                "status": "in_progress",
                "dispatched_at": "2026-11-28T08:10:00+08:00", "ack_due_at": "2026-11-28T10:10:00+08:00",
                "reply_due_at": "2026-12-04T18:00:00+08:00"
            });
            conn.execute(
                "INSERT INTO tickets (id, version, status, our_role, dispatched_at, ack_due_at,
                     reply_due_at, order_group, order_key, body)
                 VALUES ('TQ1', 1, 'in_progress', 'co_handler', 0, 0, 0, 1, 0, ?1)",
                [body.to_string()],
            )
            .expect("insert");
        }
        let store = super::Store::open(&path).expect("upgrade");
        let start = chrono::DateTime::parse_from_rfc3339("2026-11-01T00:00:00+08:00")
            .expect("t")
            .timestamp();
        let facts = store
            .assessment_facts(start, start + 30 * 86_400)
            .expect("facts");
        assert_eq!(facts.len(), 1);
        let f = &facts[0];
        assert_eq!(
            (f.id.as_str(), f.lead, f.matter.as_str()),
            ("TQ1", false, "城市管理")
        );
        // The unit's own opinion deadline, found with the cached officer's unit.
        assert!(f.opinion_due_at.is_some());
        // Migration 015 fills its flags and the daily totals: one opinion due, no lead
        // ticket dispatched.
        let groups = store.assessment_daily_groups().expect("groups");
        assert_eq!(groups.len(), 1);
        let totals = groups[0].3;
        use desk_domain::assessment::Figure;
        assert_eq!(
            (
                totals.get(Figure::OpinionsDue),
                totals.get(Figure::Dispatched)
            ),
            (1, 0)
        );
        assert_eq!(groups[0].0, start + 27 * 86_400, "2026-11-28, Beijing");
        // And the titles the projection names its tickets with.
        let titles = store.ticket_titles(&["TQ1".to_owned()]).expect("titles");
        assert_eq!(titles.get("TQ1").map(String::as_str), Some("路灯"));
    }

    /// A cache from before migration 019 gets its value and open-ticket counts from the
    /// facts rows it holds: the medians, `overdue_open` and the at-risk count are those of
    /// a cache that kept them from the start.
    #[test]
    fn migration_019_counts_the_facts_already_cached() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("cache.db");
        let acked = serde_json::json!({
            "dispatched_at": "2026-11-30T08:00:00+08:00",
            "ack_due_at": "2026-11-30T10:00:00+08:00",
            "reply_due_at": "2026-12-04T18:00:00+08:00",
            "acked_by": {"id": "a", "name": "甲", "at": "2026-11-30T08:30:00+08:00"},
        });
        let ticket = |id: &str, status: &str, extra: serde_json::Value| {
            let mut fields = acked.clone();
            if let (Some(f), Some(extra)) = (fields.as_object_mut(), extra.as_object()) {
                f.extend(extra.clone());
            }
            crate::Change::Ticket(Box::new(crate::assessment::tests::ticket_of(
                id, 1, status, fields,
            )))
        };
        let replied = serde_json::json!({"history": [{"at": "2026-12-02T09:00:00+08:00",
            "actor": "a", "action": "reply"}]});
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-05T09:00:00+08:00")
            .expect("t")
            .timestamp();
        let p = desk_domain::assessment::Period::parse("2026-11-01", "2026-12-31").expect("p");
        let figures = |store: &super::Store| {
            (
                store.assessment_median_values(p.start, p.end).expect("m"),
                store
                    .assessment_overdue_groups(p.start, p.end, at)
                    .expect("o"),
                store
                    .assessment_at_risk(p.start, p.end, p.start, at, None)
                    .expect("r")
                    .0,
            )
        };
        let kept = {
            let mut store = super::Store::open(&path).expect("open");
            store
                .apply_changes(
                    "U",
                    &[
                        ticket("T1", "in_progress", serde_json::json!({})),
                        ticket("T2", "redo", serde_json::json!({})),
                        ticket("T3", "replied", replied),
                    ],
                )
                .expect("apply");
            figures(&store)
        };
        assert_eq!(kept.1.len(), 1, "two overdue in one group");
        assert_eq!((kept.1[0].2, kept.2), (2, 2));
        // The cache as it was before 019: its objects gone, its version 18.
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(
                "DROP TABLE assessment_buckets; DROP TABLE assessment_open;
                 DROP INDEX ticket_facts_open_due; DROP INDEX ticket_facts_open_before;
                 DROP INDEX ticket_facts_ack_b; DROP INDEX ticket_facts_margin_b;
                 DROP TRIGGER ticket_facts_buckets_add; DROP TRIGGER ticket_facts_buckets_sub;
                 DROP TRIGGER ticket_facts_ack_b_move; DROP TRIGGER ticket_facts_margin_b_move;
                 DROP TRIGGER ticket_facts_open_add; DROP TRIGGER ticket_facts_open_sub;
                 ALTER TABLE ticket_facts DROP COLUMN ack_b;
                 ALTER TABLE ticket_facts DROP COLUMN margin_b;
                 PRAGMA user_version = 18;",
            )
            .expect("back to 18");
        }
        let store = super::Store::open(&path).expect("upgrade");
        assert_eq!(figures(&store), kept);
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
