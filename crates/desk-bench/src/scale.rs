//! The figures measured at one scale (1k … 1M cached tickets): initial sync and its
//! limit, incremental sync, list and tab counts, search, alert planning.

use crate::limit;
use crate::stats::{Latency, LatencyRuns, Summary, ms};
use anyhow::{Context, Result, bail, ensure};
use chrono::{DateTime, Duration as TimeDelta, FixedOffset, Utc};
use desk_app::{Desk, DeskOptions, Sensitive};
use desk_domain::tabs::Tab;
use desk_store::{Change, Store, TabClock};
use desk_sync::DistrictClient;
use district_sim::{SimConfig, SimHandle};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What every scale shares.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Generator seed.
    pub seed: u64,
    /// The simulator's clock at start.
    pub now: DateTime<FixedOffset>,
    /// Where caches and simulator files go.
    pub work: PathBuf,
    /// Runs of every run-level figure (initial sync, limit, incremental sync).
    pub runs: usize,
    /// Runs of every latency figure.
    pub latency_runs: usize,
    /// Samples per latency run.
    pub samples: usize,
    /// Keep a seeded simulator file from an earlier bench run (faster iteration).
    pub reuse_sim: bool,
    /// Also measure the initial sync and the queries on an encrypted cache (issue 15).
    pub encryption: bool,
}

/// The cost of encryption at rest: the same figures on a SQLCipher cache, measured in
/// the same run and at the same scale as the plain ones.
#[derive(Debug, Clone, Serialize)]
pub struct EncryptionCost {
    /// Initial sync into an empty encrypted cache, seconds.
    pub initial_sync_s: Summary,
    /// Size of the encrypted cache file after the sync, bytes.
    pub cache_bytes: u64,
    /// The first 200 rows of 全部.
    pub list_all: Latency,
    /// The workbench's list command (counts + page + row DTOs).
    pub list_command: Latency,
    /// Page + counts under each search of figure 4, in its order.
    pub search: Vec<Latency>,
    /// Encrypted sync rate / the limit into an encrypted cache, per run (issue 18).
    pub ratio: Option<Summary>,
}

/// A keyring in memory that the desk takes for a durable one, so it encrypts its cache.
#[derive(Debug, Default)]
struct BenchKeyring(std::sync::Mutex<std::collections::HashMap<String, Sensitive<String>>>);

impl desk_app::vault::TokenVault for BenchKeyring {
    fn durable(&self) -> bool {
        true
    }
    fn load(
        &self,
        account: &str,
    ) -> Result<Option<Sensitive<String>>, desk_app::vault::VaultError> {
        Ok(self.0.lock().ok().and_then(|m| m.get(account).cloned()))
    }
    fn save(
        &self,
        account: &str,
        value: &Sensitive<String>,
    ) -> Result<(), desk_app::vault::VaultError> {
        if let Ok(mut m) = self.0.lock() {
            m.insert(account.to_owned(), value.clone());
        }
        Ok(())
    }
    fn delete(&self, account: &str) -> Result<(), desk_app::vault::VaultError> {
        if let Ok(mut m) = self.0.lock() {
            m.remove(account);
        }
        Ok(())
    }
}

/// The initial sync and its limit.
#[derive(Debug, Clone, Serialize)]
pub struct InitialSync {
    /// Wall time of the sync, seconds.
    pub seconds: Summary,
    /// Tickets per second through the whole pipeline.
    pub tickets_per_s: Summary,
    /// Rows per second inserted straight into the same schema in one transaction.
    pub limit_rows_per_s: Summary,
    /// Sync rate / limit rate, per run (each pair measured back to back).
    pub ratio: Summary,
    /// The sync taken apart (first run): fetching and decoding every page alone
    /// (HTTP, the simulator, JSON), tickets/s.
    pub fetch_only_per_s: f64,
    /// Writing the decoded pages into an empty cache alone (`Store::apply_page`),
    /// tickets/s.
    pub apply_only_per_s: f64,
    /// Feed pages fetched per sync.
    pub pages: u32,
    /// Size of the cache file after the sync, bytes.
    pub cache_bytes: u64,
}

/// Search latencies for one query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchFigure {
    /// What kind of query (2 characters, 4 characters, ticket number).
    pub kind: String,
    /// The query text.
    pub query: String,
    /// How many cached tickets match.
    pub matches: u32,
    /// The first page (200 rows) of the 全部 tab under the search.
    pub page: Latency,
    /// The tab counts under the search.
    pub counts: Latency,
    /// Both, as the workbench runs them for one keystroke.
    pub page_and_counts: Latency,
    /// The floor (issue 18): one `LIKE '%q%'` scan of the same cache's normalised text.
    #[serde(default)]
    pub floor: Option<Latency>,
    /// Page + counts p99 ÷ the floor's p50 (target ≤ 0.05).
    #[serde(default)]
    pub floor_ratio: Option<f64>,
}

/// The list of one tab.
#[derive(Debug, Clone, Serialize)]
pub struct ListFigure {
    /// The tab's wire name.
    pub tab: String,
    /// How many tickets the tab holds.
    pub rows: u32,
    /// The first 200 rows in work order.
    pub latency: Latency,
}

/// Alert planning.
#[derive(Debug, Clone, Serialize)]
pub struct AlertFigure {
    /// The first pass after an initial sync (every ticket is new to the planner), ms.
    pub first_pass_ms: Summary,
    /// A pass with nothing changed since the last one (a wake-up), ms.
    pub steady_pass: Latency,
    /// A pass after an incremental sync of 100 changed tickets, ms.
    pub after_sync_pass_ms: Summary,
    /// A what-if plan over every cached ticket (`liaison alerts --at`), ms.
    pub full_replan_ms: Summary,
    /// Notifications the first pass fired.
    pub first_pass_notifications: usize,
}

/// Everything measured at one scale.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleResult {
    /// Tickets the simulator serves (and the cache holds).
    pub tickets: u64,
    /// Seconds the simulator took to generate and store its tickets (streamed).
    pub sim_seed_seconds: f64,
    /// How much the bench process's resident memory grew at its peak while the
    /// simulator generated and stored its tickets, MiB (peak minus the size before):
    /// shows the generator streams — it does not grow with the ticket count.
    pub seed_rss_growth_mib: f64,
    /// Figure 1.
    pub initial_sync: InitialSync,
    /// Figure 2: ms to sync 100 changed tickets.
    pub incremental_sync_ms: Summary,
    /// Figure 3: the first 200 rows of every tab.
    pub lists: Vec<ListFigure>,
    /// Figure 3: the counts of all tabs (one query).
    pub tab_counts: Latency,
    /// The workbench's list command as the UI calls it (counts + page + row DTOs).
    pub list_command: Latency,
    /// The 考核 page's data (issue 16): the report of the current month, the report of
    /// the month before, and the 12-month trend.
    pub assessment_page: Latency,
    /// Lead tickets dispatched in the current month (what the report reads).
    pub assessment_month_tickets: u32,
    /// Figure 4.
    pub search: Vec<SearchFigure>,
    /// Figure 5.
    pub alerts: AlertFigure,
    /// Figure 7: the same sync and queries on an encrypted cache (unless turned off).
    pub encryption: Option<EncryptionCost>,
    /// Issue 18: the first alert pass's longest store-lock hold, and the list beside it.
    pub first_pass_lock: Option<crate::alert_lock::FirstPassLock>,
}

/// What a scale leaves running for the app figure.
pub struct Kept {
    /// The simulator (serving the synced tickets).
    pub sim: SimHandle,
    /// A bearer token of officer B, who is not on duty: the app figure runs B's desk,
    /// so that nothing is due while it idles (B gets no alerts while A is on duty).
    pub off_duty_token: String,
    /// The synced data directory.
    pub data_dir: PathBuf,
}

pub(crate) fn log(msg: impl AsRef<str>) {
    eprintln!("[bench] {}", msg.as_ref());
}

/// Starts this process's peak resident memory again from its current size (Linux:
/// `clear_refs` 5), so that `VmHWM` tells the peak of what follows, not of an
/// earlier, larger scale.
pub fn reset_peak_rss() {
    if let Err(e) = std::fs::write("/proc/self/clear_refs", "5") {
        log(format!(
            "could not reset the peak RSS ({e}): the figure includes earlier work"
        ));
    }
}

/// A memory line of this process's status (`VmHWM:` peak, `VmRSS:` now), MiB.
pub fn status_mib(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

pub(crate) fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

pub(crate) async fn sign_in(sim: &SimHandle) -> Result<String> {
    sign_in_as(sim, district_sim::DEMO_OFFICER_A).await
}

async fn sign_in_as(sim: &SimHandle, (user, password): (&str, &str)) -> Result<String> {
    let client = DistrictClient::new(&sim.base_url())?;
    let login = client
        .login(user, &Sensitive::new(password.to_owned()))
        .await
        .context("signing in to the simulator")?;
    Ok(login.token)
}

pub(crate) fn open_desk(sim: &SimHandle, token: &str, dir: &Path) -> Result<Desk> {
    Ok(Desk::open(DeskOptions {
        data_dir: dir.to_path_buf(),
        server_url: Some(sim.base_url()),
        token: Some(Sensitive::new(token.to_owned())),
        ..DeskOptions::default()
    })?)
}

/// The ids of 100 tickets spread over the generator's indices (shifted by `run`).
fn spread_ids(s: &Settings, n: u64, run: u64) -> Vec<String> {
    let calendar = district_sim::sim_calendar();
    (0..100u64)
        .map(|i| {
            let index = (i * (n / 100).max(1) + run) % n;
            district_sim::generate_ticket(s.seed, index, s.now, &calendar).id
        })
        .collect()
}

/// Measures everything at `n` tickets. With `keep`, the simulator and the synced data
/// directory are handed back for the app figure.
pub async fn run(s: &Settings, n: u64, keep: bool) -> Result<(ScaleResult, Option<Kept>)> {
    log(format!("=== {n} tickets"));
    std::fs::create_dir_all(&s.work)?;
    let sim_db = s.work.join(format!("sim-{}-{n}.db", s.seed));
    if !s.reuse_sim {
        remove_db(&sim_db);
    }
    reset_peak_rss();
    let rss_before_seed = status_mib("VmRSS:");
    let started = Instant::now();
    let sim = district_sim::spawn(SimConfig {
        seed: s.seed,
        tickets: usize::try_from(n)?,
        now: Some(s.now),
        db_path: Some(sim_db.clone()),
        control_api: false,
    })
    .await
    .context("starting the simulator")?;
    let sim_seed_seconds = started.elapsed().as_secs_f64();
    let seed_rss_growth_mib = status_mib("VmHWM:") - rss_before_seed;
    log(format!(
        "simulator seeded {n} tickets in {sim_seed_seconds:.1} s (RSS grew {seed_rss_growth_mib:.0} MiB at its peak)"
    ));
    let token = sign_in(&sim).await?;

    // ---- 1: initial sync, paired with the limit ----
    let mut secs = Vec::new();
    let mut rates = Vec::new();
    let mut limit_rates = Vec::new();
    let mut ratios = Vec::new();
    let mut first_pass = Vec::new();
    let mut first_notifications = 0;
    let mut first_pass_lock = None;
    let mut pages = 0;
    let mut cache_bytes = 0;
    let mut kept_dir = None;
    for r in 0..s.runs {
        let dir = s.work.join(format!("cache-{n}-{r}"));
        let _ = std::fs::remove_dir_all(&dir);
        let desk = open_desk(&sim, &token, &dir)?;
        let t = Instant::now();
        let report = desk.sync_now().await.context("initial sync")?;
        let took = t.elapsed();
        let cached = desk.sync_status()?.tickets;
        ensure!(
            u64::try_from(cached)? == n,
            "the cache holds {cached} tickets after the initial sync, expected {n}"
        );
        pages = report.pages;
        let rate = n as f64 / took.as_secs_f64();
        cache_bytes = std::fs::metadata(dir.join("cache.db"))?.len();

        // The first alert pass over the fresh cache (issue 18: on the first run with the
        // workbench's list called beside it).
        let t = Instant::now();
        let fired = if r == 0 {
            let (fired, lock) = crate::alert_lock::first_pass(&desk, s.samples)?;
            first_pass.push(lock.pass_ms);
            first_pass_lock = Some(lock);
            fired
        } else {
            let fired = desk.fire_due_alerts().await.context("first alert pass")?;
            first_pass.push(ms(t.elapsed()));
            fired
        };
        first_notifications = fired.alerts.len();

        // The limit: the same rows straight into the same schema, one transaction.
        let limit_dir = s.work.join(format!("limit-{n}"));
        let lim = limit::measure(&dir.join("cache.db"), &limit_dir)?;
        let _ = std::fs::remove_dir_all(&limit_dir);
        ensure!(lim.rows == n, "the limit inserted {} rows", lim.rows);
        let limit_rate = lim.rows as f64 / lim.seconds;
        log(format!(
            "run {r}: sync {:.2} s = {rate:.0} tickets/s ({} pages); limit {:.2} s = {limit_rate:.0} rows/s; ratio {:.2}",
            took.as_secs_f64(),
            report.pages,
            lim.seconds,
            rate / limit_rate
        ));
        secs.push(took.as_secs_f64());
        rates.push(rate);
        limit_rates.push(limit_rate);
        ratios.push(rate / limit_rate);
        if r + 1 == s.runs {
            kept_dir = Some((dir, desk));
        } else {
            drop(desk);
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let (dir, desk) = kept_dir.context("no runs")?;
    // Taken apart up to 100k (at 1M it would add another sync's time).
    let (fetch_only, apply_only) = if n <= 100_000 {
        let parts_dir = s.work.join(format!("parts-{n}"));
        let parts = breakdown(&sim, &token, &parts_dir).await?;
        let _ = std::fs::remove_dir_all(&parts_dir);
        log(format!(
            "sync taken apart: fetch + decode alone {:.0} tickets/s, apply alone {:.0} tickets/s",
            n as f64 / parts.0,
            n as f64 / parts.1
        ));
        parts
    } else {
        (f64::NAN, f64::NAN)
    };
    let initial_sync = InitialSync {
        seconds: summary(&secs)?,
        tickets_per_s: summary(&rates)?,
        limit_rows_per_s: summary(&limit_rates)?,
        ratio: summary(&ratios)?,
        fetch_only_per_s: n as f64 / fetch_only,
        apply_only_per_s: n as f64 / apply_only,
        pages,
        cache_bytes,
    };

    // ---- 2: incremental sync of 100 changed tickets; 5: the pass after it ----
    let mut incremental = Vec::new();
    let mut after_sync = Vec::new();
    for r in 0..s.runs.max(3) {
        for id in spread_ids(s, n, r as u64) {
            sim.edit(
                &id,
                serde_json::json!({"location": format!("天桥区 北园街道 无影山中路{r}号 (更新)")}),
            )
            .await
            .with_context(|| format!("editing {id} in the simulator"))?;
        }
        let t = Instant::now();
        let report = desk.sync_now().await.context("incremental sync")?;
        let took = t.elapsed();
        ensure!(
            report.tickets_changed == 100,
            "the incremental sync changed {} tickets, expected 100",
            report.tickets_changed
        );
        incremental.push(ms(took));
        let t = Instant::now();
        desk.fire_due_alerts().await?;
        after_sync.push(ms(t.elapsed()));
        log(format!(
            "run {r}: incremental sync of 100 changed: {:.1} ms",
            ms(took)
        ));
    }

    // ---- 5: steady alert passes, and a full what-if plan ----
    let mut steady = LatencyRuns::default();
    for _ in 0..s.latency_runs {
        let mut samples = Vec::new();
        for _ in 0..s.samples.min(50) {
            let t = Instant::now();
            desk.fire_due_alerts().await?;
            samples.push(t.elapsed());
        }
        steady.push_run(&samples);
    }
    let full_runs = if n >= 1_000_000 { 1 } else { s.runs };
    let mut full = Vec::new();
    for _ in 0..full_runs {
        let now = desk.server_now()?;
        let t = Instant::now();
        desk.plan_alerts_at(now, None, true)?;
        full.push(ms(t.elapsed()));
    }
    let alerts = AlertFigure {
        first_pass_ms: summary(&first_pass)?,
        steady_pass: steady.finish().context("steady alert passes")?,
        after_sync_pass_ms: summary(&after_sync)?,
        full_replan_ms: summary(&full)?,
        first_pass_notifications: first_notifications,
    };
    log(format!(
        "alerts: first pass {:.1} ms, steady p50 {:.2} ms, after sync {:.1} ms, full re-plan {:.0} ms",
        alerts.first_pass_ms.median,
        alerts.steady_pass.p50_ms.median,
        alerts.after_sync_pass_ms.median,
        alerts.full_replan_ms.median
    ));

    // ---- 3 and 4: queries over the synced cache, on a connection of their own ----
    let store = Store::open(&dir.join("cache.db"))?;
    let now = desk.server_now()?;
    let clock = tab_clock(now);
    let counts = store.tab_counts(None, clock)?;
    let mut lists = Vec::new();
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let latency = latency(s, || {
            store.tab_page(*tab, None, clock, 0, 200)?;
            Ok(())
        })?;
        lists.push(ListFigure {
            tab: tab_name(*tab),
            rows: counts.get(i).copied().unwrap_or(0),
            latency,
        });
    }
    let tab_counts = latency(s, || {
        store.tab_counts(None, clock)?;
        Ok(())
    })?;
    let query = crate::alert_lock::list_query();
    let list_command = latency(s, || {
        desk.ticket_page_at(&query, now)?;
        Ok(())
    })?;
    // The 考核 page (issue 16): what it loads when it opens.
    let (assessment_page, assessment_month_tickets) = crate::assess::page_latency(s, &desk)?;
    log(format!(
        "list (all) p99 {:.2} ms; worst tab p99 {:.2} ms; counts p99 {:.2} ms; list command p99 {:.2} ms",
        lists[0].latency.p99_ms.median,
        lists
            .iter()
            .map(|l| l.latency.p99_ms.median)
            .fold(0.0, f64::max),
        tab_counts.p99_ms.median,
        list_command.p99_ms.median
    ));

    let search = crate::search_stage::figures(s, n, &store, clock, &dir.join("cache.db"))?;
    drop(store);

    // ---- 7: the same on an encrypted cache ----
    let encryption = if s.encryption {
        let queries: Vec<String> = search.iter().map(|q| q.query.clone()).collect();
        Some(encrypted_pass(s, n, &sim, &token, &queries).await?)
    } else {
        None
    };

    let result = ScaleResult {
        tickets: n,
        sim_seed_seconds,
        seed_rss_growth_mib,
        initial_sync,
        incremental_sync_ms: summary(&incremental)?,
        lists,
        tab_counts,
        list_command,
        assessment_page,
        assessment_month_tickets,
        search,
        alerts,
        encryption,
        first_pass_lock,
    };
    drop(desk);
    if keep {
        return Ok((
            result,
            Some(Kept {
                off_duty_token: {
                    // B's desk: the cache is the unit's, the officer is whoever signs in
                    // (the app asks the district who B is on its first sync).
                    Store::open(&dir.join("cache.db"))?.delete_setting("officer")?;
                    sign_in_as(&sim, district_sim::DEMO_OFFICER_B).await?
                },
                sim,
                data_dir: dir,
            }),
        ));
    }
    drop(sim);
    let _ = std::fs::remove_dir_all(&dir);
    if !s.reuse_sim {
        remove_db(&sim_db);
    }
    Ok((result, None))
}

/// Figure 7: `s.runs` initial syncs into encrypted caches, then the list and search
/// latencies on the last one (its own connection, as figures 3 and 4).
async fn encrypted_pass(
    s: &Settings,
    n: u64,
    sim: &SimHandle,
    token: &str,
    queries: &[String],
) -> Result<EncryptionCost> {
    let keyring = std::sync::Arc::new(BenchKeyring::default());
    let mut secs = Vec::new();
    let mut ratios = Vec::new();
    let mut kept = None;
    for r in 0..s.runs {
        let dir = s.work.join(format!("encrypted-{n}-{r}"));
        let _ = std::fs::remove_dir_all(&dir);
        let desk = Desk::open(DeskOptions {
            data_dir: dir.clone(),
            server_url: Some(sim.base_url()),
            token: Some(Sensitive::new(token.to_owned())),
            vault: Some(keyring.clone()),
            ..DeskOptions::default()
        })?;
        ensure!(desk.encrypted_at_rest(), "the cache is not encrypted");
        let t = Instant::now();
        desk.sync_now().await.context("encrypted initial sync")?;
        let took = t.elapsed().as_secs_f64();
        let ratio = limit::encrypted_ratio(&s.work, &dir, keyring.as_ref(), n, took)?;
        log(format!(
            "run {r}: encrypted sync {took:.2} s = {:.0} tickets/s; ratio to the encrypted limit {ratio:.2}",
            n as f64 / took
        ));
        ratios.push(ratio);
        secs.push(took);
        if let Some((old_dir, old_desk)) = kept.replace((dir, desk)) {
            drop(old_desk);
            let _ = std::fs::remove_dir_all(old_dir);
        }
    }
    let (dir, desk) = kept.context("no runs")?;
    let cache_bytes = std::fs::metadata(dir.join("cache.db"))?.len();
    let key = desk_app::vault::load_cache_key(keyring.as_ref(), &dir)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .context("no cache key kept")?;
    let store = Store::open_with_key(&dir.join("cache.db"), Some(&key))?;
    let now = desk.server_now()?;
    let clock = tab_clock(now);
    let list_all = latency(s, || {
        store.tab_page(Tab::All, None, clock, 0, 200)?;
        Ok(())
    })?;
    let query = crate::alert_lock::list_query();
    let list_command = latency(s, || {
        desk.ticket_page_at(&query, now)?;
        Ok(())
    })?;
    let mut search = Vec::new();
    for q in queries {
        search.push(latency(s, || {
            store.tab_counts(Some(q), clock)?;
            store.tab_page(Tab::All, Some(q), clock, 0, 200)?;
            Ok(())
        })?);
    }
    log(format!(
        "encrypted: list (all) p99 {:.2} ms; list command p99 {:.2} ms; search p99 {}",
        list_all.p99_ms.median,
        list_command.p99_ms.median,
        search
            .iter()
            .map(|l| format!("{:.2} ms", l.p99_ms.median))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    drop(store);
    drop(desk);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(EncryptionCost {
        initial_sync_s: summary(&secs)?,
        cache_bytes,
        list_all,
        list_command,
        search,
        ratio: Some(summary(&ratios)?),
    })
}

/// The initial sync taken apart: seconds spent fetching and decoding every feed page
/// (HTTP, the simulator, JSON), and seconds spent writing them into an empty cache.
async fn breakdown(sim: &SimHandle, token: &str, dir: &Path) -> Result<(f64, f64)> {
    use district_api::{Decoded, FeedItem};
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let client = DistrictClient::new(&sim.base_url())?.with_token(Sensitive::new(token.to_owned()));
    let mut store = Store::open(&dir.join("cache.db"))?;
    let unit = district_sim::DEMO_UNIT_ID;
    let (mut fetch, mut apply) = (Duration::ZERO, Duration::ZERO);
    let mut cursor: Option<String> = None;
    // Written in the sync's batches (`desk_sync::APPLY_BATCH` items per transaction).
    let mut batch: Vec<Change> = Vec::new();
    loop {
        let t = Instant::now();
        let page = client
            .changes(unit, cursor.as_deref(), district_api::DEFAULT_PAGE_LIMIT)
            .await?
            .value;
        fetch += t.elapsed();
        batch.extend(page.items.into_iter().filter_map(|item| match item {
            Decoded::Item(FeedItem::Ticket { ticket }) => Some(Change::Ticket(ticket)),
            Decoded::Item(FeedItem::Duty { duty }) => Some(Change::Duty(duty)),
            _ => None,
        }));
        if batch.len() >= desk_sync::APPLY_BATCH || !page.has_more {
            let t = Instant::now();
            store.apply_page(unit, &batch, page.next_cursor.as_deref())?;
            apply += t.elapsed();
            batch.clear();
        }
        if !page.has_more {
            break;
        }
        cursor = page.next_cursor;
    }
    Ok((fetch.as_secs_f64(), apply.as_secs_f64()))
}

fn summary(values: &[f64]) -> Result<Summary> {
    Summary::of(values).context("no measurements")
}

/// The tab clock the workbench uses at `now` (24 h due-soon window).
pub(crate) fn tab_clock(now: DateTime<Utc>) -> TabClock {
    TabClock {
        now: now.timestamp(),
        due_soon_until: (now + TimeDelta::hours(24)).timestamp(),
    }
}

fn tab_name(tab: Tab) -> String {
    serde_json::to_value(tab)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{tab:?}"))
}

/// Runs `f` `samples` times per run, `latency_runs` runs, after one warm-up call.
pub(crate) fn latency(s: &Settings, mut f: impl FnMut() -> Result<()>) -> Result<Latency> {
    f()?;
    let mut runs = LatencyRuns::default();
    for _ in 0..s.latency_runs {
        let mut samples: Vec<Duration> = Vec::with_capacity(s.samples);
        for _ in 0..s.samples {
            let t = Instant::now();
            f()?;
            samples.push(t.elapsed());
        }
        runs.push_run(&samples);
    }
    match runs.finish() {
        Some(l) => Ok(l),
        None => bail!("no latency samples"),
    }
}
