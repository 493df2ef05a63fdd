//! The machine-readable results and the Markdown report (`docs/benchmarks.md`).
//!
//! The report is regenerated on every run, except the block between
//! `<!-- analysis:start -->` and `<!-- analysis:end -->`: it is written by hand from
//! profiles and kept as it is.

use crate::app::AppResult;
use crate::machine::Machine;
use crate::scale::ScaleResult;
use crate::stats::{Latency, Summary};
use anyhow::Result;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

const ANALYSIS_START: &str = "<!-- analysis:start -->";
const ANALYSIS_END: &str = "<!-- analysis:end -->";

/// Everything one bench run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// When the run ended (UTC, RFC 3339).
    pub generated_at: String,
    /// Wall time of the whole run, seconds.
    pub wall_seconds: f64,
    /// Where it ran.
    pub machine: Machine,
    /// The generator seed.
    pub seed: u64,
    /// The simulator's clock at start.
    pub sim_now: String,
    /// One entry per scale, smallest first.
    pub scales: Vec<ScaleResult>,
    /// The app figure, when measured.
    pub app: Option<AppResult>,
    /// Issue 18: notifications per hour with 10k open tickets (virtual time).
    pub alert_notifications: Option<crate::alert_lock::NotificationRate>,
}

fn scale_label(n: u64) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// A number with a sensible precision.
fn num(x: f64) -> String {
    if !x.is_finite() {
        "–".to_owned()
    } else if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else if x >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// `median (min–max)`.
fn run_cell(s: &Summary) -> String {
    format!("{} ({}–{})", num(s.median), num(s.min), num(s.max))
}

/// `p50 / p99 (p99 min–max)`.
fn lat_cell(l: &Latency) -> String {
    format!(
        "{} / {} ({}–{})",
        num(l.p50_ms.median),
        num(l.p99_ms.median),
        num(l.p99_ms.min),
        num(l.p99_ms.max)
    )
}

fn row(out: &mut String, name: &str, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().collect();
    let _ = writeln!(out, "| {name} | {} |", cells.join(" | "));
}

fn scale(r: &Report, n: u64) -> Option<&ScaleResult> {
    r.scales.iter().find(|s| s.tickets == n)
}

/// The worst (highest p99) filtered list of a scale: (tab, latency).
fn worst_filter(s: &ScaleResult) -> Option<(&str, &Latency)> {
    s.lists
        .iter()
        .filter(|l| l.tab != "all")
        .max_by(|a, b| a.latency.p99_ms.median.total_cmp(&b.latency.p99_ms.median))
        .map(|l| (l.tab.as_str(), &l.latency))
}

fn verdict(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "holds",
        Some(false) => "**missed**",
        None => "not measured",
    }
}

/// The targets of the issue: (figure, target, measured, verdict).
pub fn targets(r: &Report) -> Vec<(String, String, String, Option<bool>)> {
    let mut t = Vec::new();
    let min_ratio = r
        .scales
        .iter()
        .map(|s| (s.tickets, s.initial_sync.ratio.median))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    t.push((
        "1. initial sync / limit".to_owned(),
        "≥ 0.5 at every scale".to_owned(),
        min_ratio.map_or("–".to_owned(), |(n, x)| {
            format!("lowest {} (at {})", num(x), scale_label(n))
        }),
        min_ratio.map(|(_, x)| x >= 0.5),
    ));
    // Issue 18: the same ratio with the cache encrypted (the limit writes an encrypted cache).
    let min_encrypted = r
        .scales
        .iter()
        .filter_map(|s| Some((s.tickets, s.encryption.as_ref()?.ratio.as_ref()?.median)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    t.push((
        "1. initial sync / limit, encrypted cache".to_owned(),
        "≥ 0.5 at every scale".to_owned(),
        min_encrypted.map_or("–".to_owned(), |(n, x)| {
            format!("lowest {} (at {})", num(x), scale_label(n))
        }),
        min_encrypted.map(|(_, x)| x >= 0.5),
    ));
    let inc = match (scale(r, 1_000), scale(r, 1_000_000)) {
        (Some(a), Some(b)) => Some(b.incremental_sync_ms.median / a.incremental_sync_ms.median),
        _ => None,
    };
    t.push((
        "2. incremental sync, 1M / 1k".to_owned(),
        "≤ 1.5".to_owned(),
        inc.map_or("–".to_owned(), num),
        inc.map(|x| x <= 1.5),
    ));
    let big = scale(r, 1_000_000);
    let list = big.map(|s| {
        s.lists
            .iter()
            .map(|l| l.latency.p99_ms.median)
            .fold(0.0, f64::max)
    });
    t.push((
        "3. list p99 at 1M (every tab)".to_owned(),
        "≤ 10 ms".to_owned(),
        list.map_or("–".to_owned(), |x| format!("{} ms (worst tab)", num(x))),
        list.map(|x| x <= 10.0),
    ));
    let counts = big.map(|s| s.tab_counts.p99_ms.median);
    t.push((
        "3. all tab counts p99 at 1M".to_owned(),
        "≤ 50 ms".to_owned(),
        counts.map_or("–".to_owned(), |x| format!("{} ms", num(x))),
        counts.map(|x| x <= 50.0),
    ));
    let search = big.map(|s| {
        s.search
            .iter()
            .map(|q| q.page_and_counts.p99_ms.median)
            .fold(0.0, f64::max)
    });
    t.push((
        "4. search p99 at 1M (page + counts, worst query)".to_owned(),
        "≤ 50 ms".to_owned(),
        search.map_or("–".to_owned(), |x| format!("{} ms", num(x))),
        search.map(|x| x <= 50.0),
    ));
    // Issue 18: the same p99 against its floor, a `LIKE '%q%'` scan of the same cache
    // in the same run (worst query; the floor's p50 beside it).
    let floor = big.and_then(|s| {
        s.search
            .iter()
            .filter_map(|q| Some((q.floor_ratio?, q.floor.as_ref()?.p50_ms.median)))
            .max_by(|a, b| a.0.total_cmp(&b.0))
    });
    t.push((
        "18. search p99 at 1M ÷ a `LIKE '%q%'` scan of the same cache (worst query)".to_owned(),
        "≤ 0.05".to_owned(),
        floor.map_or("–".to_owned(), |(x, f)| {
            format!("{} (floor {} ms)", num(x), num(f))
        }),
        floor.map(|(x, _)| x <= 0.05),
    ));
    let alerts = scale(r, 100_000).map(|s| {
        s.alerts
            .steady_pass
            .p99_ms
            .median
            .max(s.alerts.after_sync_pass_ms.max)
    });
    t.push((
        "5. alert planning pass at 100k (wake-up p99, after a sync max)".to_owned(),
        "≤ 20 ms".to_owned(),
        alerts.map_or("–".to_owned(), |x| format!("{} ms", num(x))),
        alerts.map(|x| x <= 20.0),
    ));
    let app = r.app.as_ref();
    t.push((
        format!(
            "6. app start to first list ({} cached)",
            app.map_or("100k".to_owned(), |a| scale_label(a.cached_tickets))
        ),
        "≤ 1 s".to_owned(),
        app.map_or("–".to_owned(), |a| {
            format!("{} ms", num(a.start_to_first_list_ms.median))
        }),
        app.map(|a| a.start_to_first_list_ms.median <= 1000.0),
    ));
    t.push((
        "6. app RSS, whole process tree".to_owned(),
        "≤ 150 MB".to_owned(),
        app.map_or("–".to_owned(), |a| {
            format!(
                "{} MB (PSS {} MB)",
                num(a.rss_tree_mb.median),
                num(a.pss_tree_mb.median)
            )
        }),
        app.map(|a| a.rss_tree_mb.median <= 150.0),
    ));
    t.push((
        "6. app idle CPU".to_owned(),
        "≤ 0.5 % of a core".to_owned(),
        app.map_or("–".to_owned(), |a| {
            format!("{} %", num(a.idle_cpu_percent.median))
        }),
        app.map(|a| a.idle_cpu_percent.median <= 0.5),
    ));
    // Issue 18: the first alert pass keeps the workbench live; digests on an interval.
    let lock = scale(r, 100_000).and_then(|s| s.first_pass_lock.as_ref());
    t.push((
        "18. longest store-lock hold, first alert pass at 100k".to_owned(),
        "≤ 50 ms".to_owned(),
        lock.map_or("–".to_owned(), |l| {
            format!(
                "{} ms ({} holds; the longest at `{}`)",
                num(l.longest_hold_ms),
                l.holds,
                l.longest_hold_at.as_deref().unwrap_or("?")
            )
        }),
        lock.map(|l| l.longest_hold_ms <= 50.0),
    ));
    t.push((
        "18. list p99 during the first alert pass / idle, 100k".to_owned(),
        "≤ 2".to_owned(),
        lock.map_or("–".to_owned(), |l| {
            format!(
                "{} ({} ms / {} ms)",
                num(l.list_ratio),
                num(l.list_p99_running_ms),
                num(l.list_p99_idle_ms)
            )
        }),
        lock.map(|l| l.list_ratio <= 2.0),
    ));
    let rate = r.alert_notifications.as_ref();
    t.push((
        "18. notifications per hour, 10k open tickets due over 3 days".to_owned(),
        "≤ 12, every due ticket in one".to_owned(),
        rate.map_or("–".to_owned(), |n| {
            format!(
                "{} (every ticket told: {}; {} without the interval)",
                n.max_per_hour,
                if n.every_ticket_told { "yes" } else { "no" },
                n.max_per_hour_without_interval
            )
        }),
        rate.map(|n| n.max_per_hour <= 12 && n.every_ticket_told),
    ));
    // Issue 18: the app over a bare Tauri window measured in the same run.
    let vs = app.and_then(|a| Some((a, a.floor.as_ref()?, a.vs_floor.as_ref()?)));
    let floor_row = |name: &str, target: f64, pick: &dyn Fn(&AppResult) -> Option<(f64, f64)>| {
        let measured = vs.and_then(|(a, _, _)| pick(a));
        (
            format!("18. {name} / bare Tauri window"),
            format!("≤ {target} ×"),
            measured.map_or("–".to_owned(), |(x, floor)| {
                format!("{} × (floor {})", num(x), num(floor))
            }),
            measured.map(|(x, _)| x <= target),
        )
    };
    t.push(floor_row(
        "app start → first list (floor: first paint)",
        2.0,
        &|a| {
            let f = a.floor.as_ref()?;
            Some((
                a.vs_floor.as_ref()?.start?,
                f.start_to_first_paint_ms.median,
            ))
        },
    ));
    t.push(floor_row("PSS of the process tree after 60 s", 1.5, &|a| {
        let f = a.floor.as_ref()?;
        Some((
            a.vs_floor.as_ref()?.pss_tree?,
            f.pss_tree_after_idle_mb.median,
        ))
    }));
    t.push(floor_row("idle CPU of the tree, nothing due", 1.2, &|a| {
        let f = a.floor.as_ref()?;
        Some((a.vs_floor.as_ref()?.idle_cpu?, f.idle_cpu_percent.median))
    }));
    t.push(floor_row(
        "the app's own process RSS (not WebKit's)",
        1.3,
        &|a| {
            let f = a.floor.as_ref()?;
            Some((
                a.vs_floor.as_ref()?.own_rss?,
                f.own_rss_after_idle_mb.median,
            ))
        },
    ));
    t
}

/// Writes the report to `path`, keeping its hand-written analysis block.
pub fn write_markdown(r: &Report, path: &Path) -> Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let analysis = match (old.find(ANALYSIS_START), old.find(ANALYSIS_END)) {
        (Some(a), Some(b)) if a < b => old[a..b + ANALYSIS_END.len()].to_owned(),
        _ => format!(
            "{ANALYSIS_START}\n_No analysis written yet: profile, then write it here (this block survives regeneration)._\n{ANALYSIS_END}"
        ),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, markdown(r, &analysis))?;
    Ok(())
}

fn markdown(r: &Report, analysis: &str) -> String {
    let mut o = String::new();
    let m = &r.machine;
    let _ = writeln!(
        o,
        "# Benchmarks\n\nGenerated by `cargo xtask bench` (release build; `--full` adds 1M tickets) on {} in {:.0} s; the machine-readable figures are in `target/bench/results.json`. Every figure is the median of several runs with the smallest and largest run in parentheses; latencies are `p50 / p99` in ms, with the range of the runs' p99 in parentheses. Tickets come from the simulator's deterministic generator (seed {}, clock {}), so every run measures the same data.\n",
        r.generated_at, r.wall_seconds, r.seed, r.sim_now
    );
    let _ = writeln!(o, "## Machine\n");
    let _ = writeln!(o, "| | |\n|---|---|");
    let _ = writeln!(o, "| cores | {} ({}) |", m.cores, m.cpu);
    let _ = writeln!(o, "| memory | {:.1} GiB |", m.memory_gib);
    let _ = writeln!(o, "| SQLite | {} (bundled) |", m.sqlite);
    let _ = writeln!(o, "| OS | {}, kernel {} |", m.os, m.kernel);
    let _ = writeln!(o, "| compiler | {} |", m.rustc);
    let _ = writeln!(
        o,
        "| load average (1 min) | {:.2} at start, {:.2} at end: the machine is shared with other builds |\n",
        m.load_at_start, m.load_at_end
    );

    let ns: Vec<u64> = r.scales.iter().map(|s| s.tickets).collect();
    let header = |o: &mut String, first: &str| {
        let _ = writeln!(
            o,
            "| {first} | {} |\n|---|{}",
            ns.iter()
                .map(|n| scale_label(*n))
                .collect::<Vec<_>>()
                .join(" | "),
            "---|".repeat(ns.len())
        );
    };
    let each =
        |f: &dyn Fn(&ScaleResult) -> String| -> Vec<String> { r.scales.iter().map(f).collect() };

    let _ = writeln!(
        o,
        "## 1. Initial sync (loopback HTTP into an empty cache)\n"
    );
    header(&mut o, "tickets cached");
    row(
        &mut o,
        "sync, tickets/s",
        each(&|s| run_cell(&s.initial_sync.tickets_per_s)),
    );
    row(
        &mut o,
        "sync, seconds",
        each(&|s| run_cell(&s.initial_sync.seconds)),
    );
    row(
        &mut o,
        "limit: same rows straight into the same schema, rows/s",
        each(&|s| run_cell(&s.initial_sync.limit_rows_per_s)),
    );
    row(
        &mut o,
        "**ratio sync / limit** (target ≥ 0.5)",
        each(&|s| run_cell(&s.initial_sync.ratio)),
    );
    row(
        &mut o,
        "taken apart: fetch + decode alone (HTTP, simulator, JSON), tickets/s",
        each(&|s| num(s.initial_sync.fetch_only_per_s)),
    );
    row(
        &mut o,
        "taken apart: apply alone (`Store::apply_page`, the sync's batches), tickets/s",
        each(&|s| num(s.initial_sync.apply_only_per_s)),
    );
    row(
        &mut o,
        "feed pages",
        each(&|s| s.initial_sync.pages.to_string()),
    );
    row(
        &mut o,
        "cache file, MB",
        each(&|s| num(s.initial_sync.cache_bytes as f64 / 1e6)),
    );
    row(
        &mut o,
        "simulator seeding (streamed), s",
        each(&|s| num(s.sim_seed_seconds)),
    );
    row(
        &mut o,
        "bench process RSS growth while seeding (peak), MiB",
        each(&|s| num(s.seed_rss_growth_mib)),
    );
    let _ = writeln!(
        o,
        "\nThe limit takes the ticket rows the sync left in its cache (every column, and the search grams) and inserts them with prepared statements into a fresh cache made by the same migrations, in one WAL transaction; only the inserts and the commit are timed. Each ratio pairs a sync with the limit measured right after it.\n"
    );

    let _ = writeln!(o, "## 2. Incremental sync of 100 changed tickets\n");
    header(&mut o, "tickets cached");
    row(
        &mut o,
        "sync, ms",
        each(&|s| run_cell(&s.incremental_sync_ms)),
    );
    if let Some(base) = scale(r, 1_000) {
        let b = base.incremental_sync_ms.median;
        row(
            &mut o,
            "**÷ time at 1k** (target at 1M ≤ 1.5)",
            each(&|s| num(s.incremental_sync_ms.median / b)),
        );
    }
    let _ = writeln!(
        o,
        "\n100 tickets spread over the whole set are changed in the simulator (a new location, so the search index changes too), then one sync pass pulls them.\n"
    );

    let _ = writeln!(o, "## 3. List and tab counts\n");
    header(&mut o, "tickets cached");
    row(
        &mut o,
        "list 全部, first 200 rows in work order, ms",
        each(&|s| {
            s.lists
                .iter()
                .find(|l| l.tab == "all")
                .map_or("–".to_owned(), |l| lat_cell(&l.latency))
        }),
    );
    row(
        &mut o,
        "list, slowest single-filter tab, ms",
        each(&|s| {
            worst_filter(s).map_or("–".to_owned(), |(tab, l)| {
                format!("{} `{tab}`", lat_cell(l))
            })
        }),
    );
    row(
        &mut o,
        "counts of all 10 tabs (one query), ms",
        each(&|s| lat_cell(&s.tab_counts)),
    );
    row(
        &mut o,
        "the UI's list command (counts + page + row DTOs), ms",
        each(&|s| lat_cell(&s.list_command)),
    );
    row(
        &mut o,
        "the 考核 page's data (this month + last month + 12-month trend), ms (target at 1M: p99 ≤ 200)",
        each(&|s| lat_cell(&s.assessment_page)),
    );
    let _ = writeln!(
        o,
        "\nEvery tab's list (first 200 rows, work order), ms, `p50 / p99`:\n"
    );
    header(&mut o, "tab (rows at the largest scale)");
    if let Some(last) = r.scales.last() {
        for (i, l) in last.lists.iter().enumerate() {
            row(
                &mut o,
                &format!("`{}` ({})", l.tab, l.rows),
                r.scales.iter().map(|s| {
                    s.lists.get(i).map_or("–".to_owned(), |x| {
                        format!(
                            "{} / {}",
                            num(x.latency.p50_ms.median),
                            num(x.latency.p99_ms.median)
                        )
                    })
                }),
            );
        }
    }

    let _ = writeln!(o, "\n## 4. Search\n");
    header(&mut o, "tickets cached");
    if let Some(last) = r.scales.last() {
        for (i, q) in last.search.iter().enumerate() {
            row(
                &mut o,
                &format!(
                    "{} (`{}`): page + counts, ms",
                    q.kind,
                    if q.kind == "ticket number" {
                        "TQ…"
                    } else {
                        &q.query
                    }
                ),
                r.scales.iter().map(|s| {
                    s.search
                        .get(i)
                        .map_or("–".to_owned(), |x| lat_cell(&x.page_and_counts))
                }),
            );
            row(
                &mut o,
                &format!("{}: page only / counts only, p99 ms", q.kind),
                r.scales.iter().map(|s| {
                    s.search.get(i).map_or("–".to_owned(), |x| {
                        format!(
                            "{} / {}",
                            num(x.page.p99_ms.median),
                            num(x.counts.p99_ms.median)
                        )
                    })
                }),
            );
            row(
                &mut o,
                &format!("{}: matching tickets", q.kind),
                r.scales.iter().map(|s| {
                    s.search
                        .get(i)
                        .map_or("–".to_owned(), |x| x.matches.to_string())
                }),
            );
        }
    }
    let _ = writeln!(
        o,
        "\nA search is what one keystroke costs in the workbench: the first page of 全部 under the search and the counts of all tabs under it.\n"
    );

    let _ = writeln!(o, "## 5. Alert planning\n");
    header(&mut o, "tickets cached");
    row(
        &mut o,
        "wake-up pass (nothing changed), ms",
        each(&|s| lat_cell(&s.alerts.steady_pass)),
    );
    row(
        &mut o,
        "pass after the incremental sync of 100, ms",
        each(&|s| run_cell(&s.alerts.after_sync_pass_ms)),
    );
    row(
        &mut o,
        "first pass after the initial sync (every ticket new), ms",
        each(&|s| run_cell(&s.alerts.first_pass_ms)),
    );
    row(
        &mut o,
        "notifications of the first pass",
        each(&|s| s.alerts.first_pass_notifications.to_string()),
    );
    row(
        &mut o,
        "what-if plan over every ticket (`liaison alerts --at`), ms",
        each(&|s| run_cell(&s.alerts.full_replan_ms)),
    );
    let _ = writeln!(
        o,
        "\nA pass is `Desk::fire_due_alerts`: plan at the server-corrected now, record what fired, in one transaction.\n"
    );

    let _ = writeln!(o, "## 6. The app\n");
    match &r.app {
        Some(a) => {
            let _ = writeln!(
                o,
                "Release build under Xvfb, pointed at the bench's simulator with a pre-synced cache of {} tickets ({} runs; the first list showed {} rows), as officer B while A is on duty: B gets no alerts, so nothing is due while the app idles (at 100k tickets of one unit some alert of the officer on duty is due nearly every second). The page cache is warm (the cache was just written): a cold disk would add its reads.\n",
                a.cached_tickets, a.start_to_first_list_ms.runs, a.rows_rendered
            );
            let _ = writeln!(o, "| | |\n|---|---|");
            let _ = writeln!(
                o,
                "| process start → first rendered list, ms | {} |",
                run_cell(&a.start_to_first_list_ms)
            );
            let _ = writeln!(
                o,
                "| RSS of the process tree, MB (10 s after the first list) | {} |",
                run_cell(&a.rss_tree_mb)
            );
            let _ = writeln!(
                o,
                "| PSS of the process tree, MB (shared pages split) | {} |",
                run_cell(&a.pss_tree_mb)
            );
            let _ = writeln!(
                o,
                "| RSS of the tree after the idle period, MB | {} |",
                run_cell(&a.rss_tree_after_idle_mb)
            );
            let _ = writeln!(
                o,
                "| CPU while idle, % of one core over {} s | {} |",
                a.idle_seconds,
                run_cell(&a.idle_cpu_percent)
            );
            let procs: Vec<String> = a
                .processes
                .iter()
                .map(|(k, v)| format!("{k} ×{v}"))
                .collect();
            let _ = writeln!(o, "| processes in the tree | {} |\n", procs.join(", "));
            if !a.per_process.is_empty() {
                let _ = writeln!(
                    o,
                    "Per process (last run):\n\n| process | RSS, MB | PSS, MB | idle CPU, % of a core |\n|---|---|---|---|"
                );
                for (name, f) in &a.per_process {
                    let _ = writeln!(
                        o,
                        "| {name} | {:.0} | {:.0} | {:.2} |",
                        f.rss_mb, f.pss_mb, f.idle_cpu_percent
                    );
                }
                let _ = writeln!(o);
            }
            crate::floor::write_markdown(&mut o, a);
        }
        None => {
            let _ = writeln!(
                o,
                "Not measured in this run (`cargo xtask bench` measures it; `desk-bench --app <binary>`).\n"
            );
        }
    }

    if r.scales.iter().any(|s| s.encryption.is_some()) {
        let _ = writeln!(
            o,
            "## 7. Encryption at rest (the same figures on a SQLCipher cache)\n"
        );
        header(&mut o, "tickets cached");
        let pair = |plain: f64, encrypted: f64| {
            format!(
                "{} / {} ({:+.0} %)",
                num(plain),
                num(encrypted),
                (encrypted / plain - 1.0) * 100.0
            )
        };
        row(
            &mut o,
            "initial sync, s: plain / encrypted",
            each(&|s| {
                s.encryption.as_ref().map_or("–".to_owned(), |e| {
                    pair(s.initial_sync.seconds.median, e.initial_sync_s.median)
                })
            }),
        );
        row(
            &mut o,
            "全部, first 200 rows, p99 ms: plain / encrypted",
            each(&|s| match (&s.encryption, s.lists.first()) {
                (Some(e), Some(l)) => pair(l.latency.p99_ms.median, e.list_all.p99_ms.median),
                _ => "–".to_owned(),
            }),
        );
        row(
            &mut o,
            "list command, p99 ms: plain / encrypted",
            each(&|s| {
                s.encryption.as_ref().map_or("–".to_owned(), |e| {
                    pair(s.list_command.p99_ms.median, e.list_command.p99_ms.median)
                })
            }),
        );
        if let Some(last) = r.scales.last() {
            for (i, q) in last.search.iter().enumerate() {
                row(
                    &mut o,
                    &format!(
                        "search, {}: page + counts, p99 ms: plain / encrypted",
                        q.kind
                    ),
                    each(&|s| match (&s.encryption, s.search.get(i)) {
                        (Some(e), Some(p)) => e.search.get(i).map_or("–".to_owned(), |x| {
                            pair(p.page_and_counts.p99_ms.median, x.p99_ms.median)
                        }),
                        _ => "–".to_owned(),
                    }),
                );
            }
        }
        row(
            &mut o,
            "cache file, MB: plain / encrypted",
            each(&|s| {
                s.encryption.as_ref().map_or("–".to_owned(), |e| {
                    pair(
                        s.initial_sync.cache_bytes as f64 / 1e6,
                        e.cache_bytes as f64 / 1e6,
                    )
                })
            }),
        );
        let _ = writeln!(
            o,
            "\nSame run, same scale: after the plain figures, the initial sync runs again into encrypted caches (a raw 256-bit key, so no key derivation), and the list and search latencies are measured on the last one.\n"
        );
    }

    let _ = writeln!(o, "## Targets\n");
    let _ = writeln!(o, "| figure | target | measured | |\n|---|---|---|---|");
    for (figure, target, measured, ok) in targets(r) {
        let _ = writeln!(o, "| {figure} | {target} | {measured} | {} |", verdict(ok));
    }
    let _ = writeln!(o, "\n## Where the time goes\n\n{analysis}");
    o
}
