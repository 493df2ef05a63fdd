//! Figure 4, search (issue 18): page + counts per query kind, with the floor measured in
//! the same run: one `LIKE '%q%'` scan of the same cache's normalised text (what a
//! search costs without an index). `--search-only` keeps a synced cache per scale in the
//! work directory, reuses it on the next run and measures only this figure.

use crate::scale::{SearchFigure, Settings, latency, log, open_desk, sign_in, tab_clock};
use crate::stats::Latency;
use anyhow::{Context, Result, ensure};
use desk_domain::tabs::Tab;
use desk_store::{Store, TabClock};
use district_sim::SimConfig;
use rusqlite::OptionalExtension;
use std::path::Path;

/// The floor's query: every ticket whose normalised text contains the needle, by a scan.
const FLOOR_SQL: &str = "SELECT count(*) FROM tickets WHERE search_norm LIKE '%' || ?1 || '%'";

/// The floor's first page, to check that the search returns the same tickets.
const FLOOR_PAGE_SQL: &str = "SELECT id FROM tickets WHERE search_norm LIKE '%' || ?1 || '%'
     ORDER BY order_group, order_key, id LIMIT 200";

/// The queries of figure 4 at `n` tickets: (kind, text).
fn queries(s: &Settings, n: u64) -> Vec<(&'static str, String)> {
    let calendar = district_sim::sim_calendar();
    let number = district_sim::generate_ticket(s.seed, n / 2, s.now, &calendar).id;
    vec![
        ("2 characters", "路灯".to_owned()),
        ("4 characters", "油烟扰民".to_owned()),
        ("ticket number", number),
    ]
}

/// Page + counts of every query on `store` (its own connection), and the floor on a
/// second connection to the same cache.
pub fn figures(
    s: &Settings,
    n: u64,
    store: &Store,
    clock: TabClock,
    cache: &Path,
) -> Result<Vec<SearchFigure>> {
    let floor_conn = rusqlite::Connection::open_with_flags(
        cache,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // The floor runs fewer samples: a scan of a 1M cache takes a second.
    let floor_settings = Settings {
        samples: s.samples.clamp(1, 10),
        ..s.clone()
    };
    let mut out = Vec::new();
    for (kind, q) in queries(s, n) {
        let needle = desk_store::search::normalize(&q);
        let matches: u32 = floor_conn.query_row(FLOOR_SQL, [&needle], |r| r.get(0))?;
        ensure!(matches > 0, "the search {q:?} matched nothing");
        // The same tickets in the same order as the scan.
        let expected: Vec<String> = floor_conn
            .prepare(FLOOR_PAGE_SQL)?
            .query_map([&needle], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let got: Vec<String> = store
            .tab_page(Tab::All, Some(&q), clock, 0, 200)?
            .into_iter()
            .map(|t| t.id)
            .collect();
        ensure!(
            got == expected,
            "the search {q:?} returned another first page than the scan"
        );
        let page = latency(s, || {
            store.tab_page(Tab::All, Some(&q), clock, 0, 200)?;
            Ok(())
        })?;
        let counts = latency(s, || {
            store.tab_counts_capped(Some(&q), clock)?;
            Ok(())
        })?;
        let both = latency(s, || {
            store.tab_counts_capped(Some(&q), clock)?;
            store.tab_page(Tab::All, Some(&q), clock, 0, 200)?;
            Ok(())
        })?;
        let floor = latency(&floor_settings, || {
            floor_conn.query_row(FLOOR_SQL, [&needle], |r| r.get::<_, u32>(0))?;
            Ok(())
        })?;
        let ratio = both.p99_ms.median / floor.p50_ms.median;
        log(format!(
            "search {kind} {q:?} ({matches} matches): page p99 {:.2} ms, counts p99 {:.2} ms, both p50 {:.2} / p99 {:.2} ms; floor (LIKE scan) p50 {:.1} ms; ratio {ratio:.4}",
            page.p99_ms.median,
            counts.p99_ms.median,
            both.p50_ms.median,
            both.p99_ms.median,
            floor.p50_ms.median
        ));
        out.push(SearchFigure {
            kind: kind.to_owned(),
            query: q,
            matches,
            page,
            counts,
            page_and_counts: both,
            floor: Some(floor),
            floor_ratio: Some(ratio),
        });
    }
    Ok(out)
}

/// `--search-only` at `n` tickets: syncs a cache into `<work>/search-cache-<seed>-<n>`
/// unless one with `n` tickets is there from an earlier run, then measures figure 4.
pub async fn only(s: &Settings, n: u64) -> Result<Vec<SearchFigure>> {
    log(format!("=== search only, {n} tickets"));
    let dir = s.work.join(format!("search-cache-{}-{n}", s.seed));
    let cache = dir.join("cache.db");
    let cached: Option<i64> = if cache.exists() {
        rusqlite::Connection::open(&cache)?
            .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))
            .optional()
            .unwrap_or(None)
    } else {
        None
    };
    if cached.and_then(|c| u64::try_from(c).ok()) == Some(n) {
        log(format!("reusing the synced cache in {}", dir.display()));
    } else {
        // A cache left part-synced (a sync stops after its time budget on a loaded
        // machine) is resumed from its cursor; the simulator file must be the same one.
        if cached.is_none() || !s.reuse_sim {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&s.work)?;
        let sim_db = s.work.join(format!("sim-{}-{n}.db", s.seed));
        if !s.reuse_sim {
            crate::scale::remove_db(&sim_db);
        }
        let sim = district_sim::spawn(SimConfig {
            seed: s.seed,
            tickets: usize::try_from(n)?,
            now: Some(s.now),
            db_path: Some(sim_db),
            control_api: false,
        })
        .await
        .context("starting the simulator")?;
        let token = sign_in(&sim).await?;
        let desk = open_desk(&sim, &token, &dir)?;
        let t = std::time::Instant::now();
        for attempt in 1.. {
            match desk.sync_now().await {
                Ok(_) => break,
                Err(e) if attempt < 20 => log(format!("sync attempt {attempt}: {e}; resuming")),
                Err(e) => return Err(e).context("initial sync"),
            }
        }
        let synced = desk.sync_status()?.tickets;
        ensure!(
            u64::try_from(synced)? == n,
            "the cache holds {synced} tickets after the sync, expected {n}"
        );
        log(format!(
            "synced {n} tickets in {:.1} s",
            t.elapsed().as_secs_f64()
        ));
    }
    let store = Store::open(&cache)?;
    // The server-corrected now of the sync (the simulator's clock runs from `s.now`).
    let offset_ms = store.sync_state()?.server_offset_ms;
    let now = chrono::Utc::now() + chrono::Duration::milliseconds(offset_ms);
    figures(s, n, &store, tab_clock(now), &cache)
}

/// Summary line of a figure for the log and the JSON of `--search-only`.
pub fn summary(n: u64, f: &SearchFigure) -> serde_json::Value {
    let lat =
        |l: &Latency| serde_json::json!({"p50_ms": l.p50_ms.median, "p99_ms": l.p99_ms.median});
    serde_json::json!({
        "tickets": n,
        "kind": f.kind,
        "matches": f.matches,
        "page_and_counts": lat(&f.page_and_counts),
        "page": lat(&f.page),
        "counts": lat(&f.counts),
        "floor": f.floor.as_ref().map(lat),
        "ratio": f.floor_ratio,
    })
}
