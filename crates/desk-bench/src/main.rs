//! `desk-bench`: the benchmarks of issue 9, run by `cargo xtask bench` (release build).
//!
//! At each scale (1k, 10k, 100k tickets; 1M with `--full`) it starts the district
//! simulator (tickets generated and stored one at a time), syncs a fresh cache over
//! loopback HTTP through the app's own use cases (`desk_app::Desk`), and measures: the
//! initial sync against the limit of the same rows inserted straight into the same schema,
//! an incremental sync of 100 changed tickets, the tab lists and counts, search, and alert
//! planning, then the initial sync, list and search again on an encrypted cache (the
//! cost of encryption at rest; `--no-encryption` skips it). With `--app` it also starts the real app under Xvfb on the 100k cache. It
//! writes `target/bench/results.json` and `docs/benchmarks.md`.

mod alert_lock;
mod app;
mod assess;
mod floor;
mod limit;
mod machine;
mod report;
mod scale;
mod search_stage;
mod stats;

use anyhow::{Context, Result};
use clap::Parser;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
#[command(
    name = "desk-bench",
    about = "Benchmarks: sync, queries, alerts and the app, 1k to 1M tickets"
)]
struct Cli {
    /// Ticket counts to measure (default 1000,10000,100000; with --full also 1000000).
    #[arg(long, value_delimiter = ',')]
    scales: Option<Vec<u64>>,
    /// Add the 1M scale (takes a while).
    #[arg(long)]
    full: bool,
    /// Runs of each run-level figure (initial sync, limit, incremental sync); default 5
    /// below 100k tickets, 3 from 100k, 1 at 1M (a 1M sync and its limit take a
    /// quarter of an hour); the incremental sync runs at least 3 times.
    #[arg(long)]
    runs: Option<usize>,
    /// Runs of each latency figure.
    #[arg(long, default_value_t = 3)]
    latency_runs: usize,
    /// Samples per latency run.
    #[arg(long, default_value_t = 200)]
    samples: usize,
    /// The app binary (release build) for the app figure; without it the figure is skipped.
    #[arg(long)]
    app: Option<PathBuf>,
    /// Tickets cached for the app figure (must be one of the scales).
    #[arg(long, default_value_t = 100_000)]
    app_tickets: u64,
    /// App starts to measure.
    #[arg(long, default_value_t = 3)]
    app_runs: usize,
    /// Seconds of each idle-CPU measurement.
    #[arg(long, default_value_t = 60)]
    idle_seconds: u64,
    /// Generator seed.
    #[arg(long, default_value_t = 9)]
    seed: u64,
    /// Where caches and simulator files go while measuring.
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Where results.json goes.
    #[arg(long)]
    out_dir: Option<PathBuf>,
    /// The Markdown report (default docs/benchmarks.md in the workspace).
    #[arg(long)]
    doc: Option<PathBuf>,
    /// Serve a simulator file seeded by an earlier bench run instead of seeding anew.
    #[arg(long)]
    reuse_sim: bool,
    /// Skip the second pass on an encrypted cache (figure 7, the cost of encryption).
    #[arg(long)]
    no_encryption: bool,
    /// Measure only the search figure (with its floor), on a synced cache kept in the work
    /// directory per scale and reused by the next run (`search-cache-<seed>-<n>`); writes
    /// `search.json` to the out dir, not the report.
    #[arg(long)]
    search_only: bool,
    /// Measure only the 考核 page's data, on a synced cache kept in the work dir
    /// (`assess-cache-N`, synced on first use; each run opens a copy, so this build's
    /// migrations run on it). Pair with --reuse-sim to keep the simulator file too.
    #[arg(long)]
    assessment_only: bool,
}

/// The workspace root (two levels above this crate).
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(|p| p.parent())
        .map(PathBuf::from)
        .unwrap_or(manifest)
}

#[tokio::main]
async fn main() -> Result<()> {
    let cli = Cli::parse();
    let started = Instant::now();
    let root = root();
    let out_dir = cli
        .out_dir
        .clone()
        .unwrap_or_else(|| root.join("target/bench"));
    let work = cli.work_dir.clone().unwrap_or_else(|| out_dir.join("work"));
    let doc = cli
        .doc
        .clone()
        .unwrap_or_else(|| root.join("docs/benchmarks.md"));
    let mut scales = cli
        .scales
        .clone()
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    if cli.full && !scales.contains(&1_000_000) {
        scales.push(1_000_000);
    }
    scales.sort_unstable();
    scales.dedup();
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-03T10:00:00+08:00")?;
    let machine = machine::Machine::probe();
    eprintln!("[bench] machine: {machine:?}");

    let mut results = Vec::new();
    let mut app_result = None;
    let mut results_search = Vec::new();
    for &n in &scales {
        let runs = cli.runs.unwrap_or(match n {
            n if n >= 1_000_000 => 1,
            n if n >= 100_000 => 3,
            _ => 5,
        });
        let settings = scale::Settings {
            seed: cli.seed,
            now,
            work: work.clone(),
            runs,
            latency_runs: cli.latency_runs,
            samples: cli.samples,
            reuse_sim: cli.reuse_sim,
            encryption: !cli.no_encryption,
        };
        if cli.search_only {
            for f in search_stage::only(&settings, n).await? {
                results_search.push(search_stage::summary(n, &f));
            }
            continue;
        }
        if cli.assessment_only {
            assess::page_only(&settings, n).await?;
            continue;
        }
        let keep = cli.app.is_some() && n == cli.app_tickets;
        let (result, kept) = scale::run(&settings, n, keep).await?;
        results.push(result);
        if let (Some(kept), Some(binary)) = (kept, cli.app.clone()) {
            let scratch = out_dir.join("app");
            let (runs, idle) = (cli.app_runs, Duration::from_secs(cli.idle_seconds));
            let server = kept.sim.base_url();
            let token = kept.off_duty_token.clone();
            let data_dir = kept.data_dir.clone();
            let measured = tokio::task::spawn_blocking(move || {
                app::measure(
                    &app::Target {
                        binary: &binary,
                        server,
                        token: &token,
                        data_dir: &data_dir,
                        cached_tickets: n,
                    },
                    runs,
                    idle,
                    &scratch,
                )
            })
            .await
            .context("the app measurement panicked")??;
            app_result = Some(measured);
            let dir = kept.data_dir.clone();
            drop(kept);
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    if cli.search_only {
        std::fs::create_dir_all(&out_dir)?;
        let path = out_dir.join("search.json");
        std::fs::write(&path, serde_json::to_string_pretty(&results_search)?)?;
        eprintln!("[bench] wrote {}", path.display());
        return Ok(());
    }
    if cli.assessment_only {
        return Ok(());
    }
    let report = report::Report {
        generated_at: chrono::Utc::now().to_rfc3339(),
        wall_seconds: started.elapsed().as_secs_f64(),
        machine: machine.finish(),
        seed: cli.seed,
        sim_now: now.to_rfc3339(),
        scales: results,
        app: app_result,
        alert_notifications: Some(alert_lock::notification_rate(10_000, now.to_utc())),
    };
    std::fs::create_dir_all(&out_dir)?;
    let json_path = out_dir.join("results.json");
    std::fs::write(&json_path, serde_json::to_string_pretty(&report)?)?;
    report::write_markdown(&report, &doc)?;
    eprintln!(
        "[bench] wrote {} and {} in {:.0} s",
        json_path.display(),
        doc.display(),
        report.wall_seconds
    );
    Ok(())
}
