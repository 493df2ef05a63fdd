//! The limit an initial sync is compared with: the rows a sync left in a cache (tickets,
//! their search grams, their alert checks, their assessment facts; the schema's triggers
//! fill the rest: daily totals, the ticket counter),
//! inserted straight into a fresh cache of the same schema with rusqlite, in one WAL
//! transaction, with prepared statements. Only the inserts and the commit are timed: the rows are read
//! from the synced cache (and their search grams computed) in untimed chunks, so memory
//! stays bounded at a million tickets.

use anyhow::{Context, Result};
use desk_store::{CacheKey, Store};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, params, params_from_iter};
use std::path::Path;
use std::time::{Duration, Instant};

/// Rows read per untimed chunk.
const CHUNK: usize = 5_000;

/// One measurement of the limit.
#[derive(Debug, Clone, Copy)]
pub struct LimitRun {
    /// Ticket rows inserted.
    pub rows: u64,
    /// Seconds spent inserting and committing.
    pub seconds: f64,
}

/// Inserts the ticket rows of the cache at `src` into a fresh cache in `dir`.
pub fn measure(src: &Path, dir: &Path) -> Result<LimitRun> {
    measure_keyed(src, dir, None)
}

/// [`measure`] for a cache encrypted with `key`: read from it, written into a fresh cache
/// encrypted with the same key (SQLCipher, as `Store::open_with_key`).
pub fn measure_keyed(src: &Path, dir: &Path, key: Option<&CacheKey>) -> Result<LimitRun> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let dst = dir.join("cache.db");
    // The same schema: the cache's own migrations.
    drop(Store::open_with_key(&dst, key).context("creating the limit's cache")?);
    let unlock = |conn: &Connection| -> Result<()> {
        if let Some(key) = key {
            conn.pragma_update(None, "key", format!("x'{}'", key.to_hex().as_str()))?;
        }
        Ok(())
    };
    let mut out = Connection::open(&dst)?;
    unlock(&out)?;
    // The pragmas `Store::open` sets.
    out.pragma_update(None, "journal_mode", "WAL")?;
    out.pragma_update(None, "synchronous", "FULL")?;
    out.pragma_update(None, "cache_size", -32768)?;
    out.pragma_update(None, "foreign_keys", "ON")?;
    let input = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    unlock(&input)?;

    let columns: Vec<String> = input
        .prepare("SELECT name FROM pragma_table_info('tickets')")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let id_at = columns
        .iter()
        .position(|c| c == "id")
        .context("tickets has no id column")?;
    let norm_at = columns
        .iter()
        .position(|c| c == "search_norm")
        .context("tickets has no search_norm column")?;
    let select = format!(
        "SELECT rowid, {} FROM tickets WHERE rowid > ?1 ORDER BY rowid LIMIT {CHUNK}",
        columns.join(", ")
    );
    let insert = format!(
        "INSERT INTO tickets ({}) VALUES ({})",
        columns.join(", "),
        (1..=columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    let tx = out.transaction()?;
    let mut timed = Duration::ZERO;
    let mut rows = 0u64;
    let mut after = 0i64;
    loop {
        // Untimed: read a chunk and compute its search grams.
        let mut chunk: Vec<(Vec<Value>, String)> = Vec::with_capacity(CHUNK);
        {
            let mut stmt = input.prepare_cached(&select)?;
            let mut q = stmt.query([after])?;
            while let Some(row) = q.next()? {
                after = row.get(0)?;
                let values = (1..=columns.len())
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<Result<Vec<_>, _>>()?;
                let grams = match &values[norm_at] {
                    Value::Text(norm) => desk_store::search::grams(norm),
                    _ => String::new(),
                };
                chunk.push((values, grams));
            }
        }
        if chunk.is_empty() {
            break;
        }
        // Timed: the inserts.
        let t = Instant::now();
        {
            let mut ins = tx.prepare_cached(&insert)?;
            let mut fts =
                tx.prepare_cached("INSERT INTO ticket_search (rowid, grams) VALUES (?1, ?2)")?;
            let mut check = tx.prepare_cached(
                "INSERT INTO alert_checks (ticket_id, check_at_ms) VALUES (?1, 0)",
            )?;
            for (values, grams) in &chunk {
                ins.execute(params_from_iter(values.iter()))?;
                fts.execute(params![tx.last_insert_rowid(), grams])?;
                check.execute([&values[id_at]])?;
            }
        }
        timed += t.elapsed();
        rows += chunk.len() as u64;
    }
    // The assessment's facts rows a sync writes with each ticket (their triggers keep
    // the daily totals, as in the sync).
    timed += copy_facts(&input, &tx)?;
    let t = Instant::now();
    tx.commit()?;
    timed += t.elapsed();
    Ok(LimitRun {
        rows,
        seconds: timed.as_secs_f64(),
    })
}

/// Copies the `ticket_facts` rows of `input` into `tx` in untimed chunks read by key
/// (`dispatched_at`, `ticket_id`); returns the time spent inserting them.
fn copy_facts(input: &Connection, tx: &rusqlite::Transaction<'_>) -> Result<Duration> {
    let columns: Vec<String> = input
        .prepare("SELECT name FROM pragma_table_info('ticket_facts')")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let at = |name: &str| {
        columns
            .iter()
            .position(|c| c == name)
            .with_context(|| format!("ticket_facts has no {name} column"))
    };
    let (day_at, id_at) = (at("dispatched_at")?, at("ticket_id")?);
    let list = columns.join(", ");
    let select = format!(
        "SELECT {list} FROM ticket_facts WHERE (dispatched_at, ticket_id) > (?1, ?2)
         ORDER BY dispatched_at, ticket_id LIMIT {CHUNK}"
    );
    let insert = format!(
        "INSERT INTO ticket_facts ({list}) VALUES ({})",
        (1..=columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut timed = Duration::ZERO;
    let mut after = (Value::Integer(i64::MIN), Value::Text(String::new()));
    loop {
        let chunk: Vec<Vec<Value>> = input
            .prepare_cached(&select)?
            .query_map(params![after.0, after.1], |row| {
                (0..columns.len()).map(|i| row.get::<_, Value>(i)).collect()
            })?
            .collect::<Result<_, _>>()?;
        let Some(last) = chunk.last() else {
            break;
        };
        after = (last[day_at].clone(), last[id_at].clone());
        let t = Instant::now();
        {
            let mut ins = tx.prepare_cached(&insert)?;
            for values in &chunk {
                ins.execute(params_from_iter(values.iter()))?;
            }
        }
        timed += t.elapsed();
    }
    Ok(timed)
}

/// The encrypted sync's rate over the limit's into an encrypted cache: the limit reads
/// the synced cache at `synced` (with its key from `vault`), writes under `work`.
pub fn encrypted_ratio(
    work: &Path,
    synced: &Path,
    vault: &dyn desk_app::vault::TokenVault,
    n: u64,
    sync_seconds: f64,
) -> Result<f64> {
    let key = desk_app::vault::load_cache_key(vault, synced)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .context("no cache key kept")?;
    let dir = work.join(format!("limit-encrypted-{n}"));
    let lim = measure_keyed(&synced.join("cache.db"), &dir, Some(&key))?;
    let _ = std::fs::remove_dir_all(&dir);
    anyhow::ensure!(
        lim.rows == n,
        "the encrypted limit inserted {} rows",
        lim.rows
    );
    Ok((n as f64 / sync_seconds) / (lim.rows as f64 / lim.seconds))
}
