//! Issue 18's floor: a bare Tauri 2 window (`crates/bench-floor`, the app's Tauri version
//! and features, a static page that reports its first paint the way the desk reports its
//! first list), started by the app figure beside the app in each run, under the same
//! display and session bus. The app's figures are reported over the floor's, because
//! these machines are shared and absolute figures drift.

use crate::app::{AppResult, ProcessFigure, RunFigure};
use crate::stats::Summary;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The floor's binary, built beside the app's (`cargo xtask bench` builds both).
pub fn binary_beside(app: &Path) -> Option<PathBuf> {
    let floor = app.with_file_name(format!("bench-floor{}", std::env::consts::EXE_SUFFIX));
    if floor.exists() {
        Some(floor)
    } else {
        eprintln!(
            "[bench] no floor at {} (cargo build --release -p bench-floor): app ratios not measured",
            floor.display()
        );
        None
    }
}

/// The bare window, measured as the app is.
#[derive(Debug, Clone, Serialize)]
pub struct FloorResult {
    /// Process start to the page's first paint report, ms.
    pub start_to_first_paint_ms: Summary,
    /// Sum of VmRSS over the process tree 10 s after the first paint, MB.
    pub rss_tree_mb: Summary,
    /// Sum of PSS over the tree at the end of the idle period, MB.
    pub pss_tree_after_idle_mb: Summary,
    /// CPU time of the tree over the idle period, percent of one core.
    pub idle_cpu_percent: Summary,
    /// VmRSS of its own process (not WebKit's) at the end of the idle period, MB.
    pub own_rss_after_idle_mb: Summary,
    /// Where its own RSS goes at the end of the idle period (last run), MB.
    pub own_rss_breakdown_mb: BTreeMap<String, f64>,
    /// Each process of the tree in the last run (by name).
    pub per_process: BTreeMap<String, ProcessFigure>,
}

impl FloorResult {
    /// The summary of the floor's runs; `None` when it did not run.
    pub(crate) fn of(runs: &[RunFigure]) -> Option<FloorResult> {
        let of = |f: fn(&RunFigure) -> f64| Summary::of(&runs.iter().map(f).collect::<Vec<_>>());
        let last = runs.last()?;
        Some(FloorResult {
            start_to_first_paint_ms: of(|f| f.start_ms)?,
            rss_tree_mb: of(|f| f.rss_tree_mb)?,
            pss_tree_after_idle_mb: of(|f| f.pss_tree_after_idle_mb)?,
            idle_cpu_percent: of(|f| f.idle_cpu_percent)?,
            own_rss_after_idle_mb: of(|f| f.own_rss_after_idle_mb)?,
            own_rss_breakdown_mb: last.own_breakdown_mb.clone(),
            per_process: last.per_process.clone(),
        })
    }
}

/// The app over the floor (medians over medians); a ratio is absent when the floor's
/// figure is zero (idle CPU below the clock tick).
#[derive(Debug, Clone, Serialize)]
pub struct Ratios {
    /// App start → first list over floor start → first paint (target ≤ 2).
    pub start: Option<f64>,
    /// PSS of the tree after the idle period (target ≤ 1.5).
    pub pss_tree: Option<f64>,
    /// Idle CPU of the tree (target ≤ 1.2).
    pub idle_cpu: Option<f64>,
    /// The app's own process RSS (target ≤ 1.3).
    pub own_rss: Option<f64>,
}

fn ratio(app: f64, floor: f64) -> Option<f64> {
    (floor > 0.0 && app.is_finite()).then(|| app / floor)
}

impl Ratios {
    /// The ratios of a measured app with its floor.
    pub fn of(app: &AppResult) -> Option<Ratios> {
        let floor = app.floor.as_ref()?;
        Some(Ratios {
            start: ratio(
                app.start_to_first_list_ms.median,
                floor.start_to_first_paint_ms.median,
            ),
            pss_tree: app
                .pss_tree_after_idle_mb
                .and_then(|a| ratio(a.median, floor.pss_tree_after_idle_mb.median)),
            idle_cpu: ratio(app.idle_cpu_percent.median, floor.idle_cpu_percent.median),
            own_rss: app
                .own_rss_after_idle_mb
                .and_then(|a| ratio(a.median, floor.own_rss_after_idle_mb.median)),
        })
    }
}

/// The kind of memory a mapping of `/proc/PID/smaps` holds.
fn kind(path: &str, exe: &str) -> &'static str {
    match path {
        "" => "anonymous (heaps, arenas, stacks)",
        "[heap]" => "anonymous (heaps, arenas, stacks)",
        p if p.starts_with("[stack") => "anonymous (heaps, arenas, stacks)",
        p if p.starts_with('[') => "kernel ([vdso], [vvar], …)",
        p if p == exe || p.ends_with("/liaison-desk") || p.ends_with("/bench-floor") => {
            "the executable"
        }
        p if p.contains(".so") => "shared libraries",
        p if p.ends_with(".db") || p.contains(".db-") || p.contains("cache.sqlite") => {
            "SQLite files (mmap)"
        }
        p if p.starts_with("/memfd:") || p.starts_with("/dev/shm") || p.contains("(deleted)") => {
            "shared memory"
        }
        p if p.contains("/fonts/") || p.contains("fontconfig") => "fonts",
        _ => "other files",
    }
}

/// A process's RSS by kind of mapping, MB (10^6 bytes), from `/proc/PID/smaps`.
pub fn rss_breakdown_mb(pid: u32, exe: &Path) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let Ok(smaps) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else {
        return out;
    };
    let exe = std::fs::canonicalize(exe).unwrap_or_else(|_| exe.to_path_buf());
    let exe = exe.to_string_lossy();
    let mut current = "anonymous (heaps, arenas, stacks)";
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let Some(first) = fields.next() else { continue };
        if first.contains('-') && !first.ends_with(':') {
            // A mapping header: range perms offset dev inode [path].
            let path: Vec<&str> = fields.skip(4).collect();
            current = kind(&path.join(" "), &exe);
        } else if first == "Rss:" {
            let kib: f64 = fields.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            *out.entry(current.to_owned()).or_insert(0.0) += kib * 1024.0 / 1e6;
        }
    }
    out
}

/// Section 6's floor table: the app beside the bare window, and where each one's own
/// RSS goes.
pub fn write_markdown(o: &mut String, a: &AppResult) {
    use std::fmt::Write as _;
    let Some(f) = &a.floor else {
        let _ = writeln!(
            o,
            "The floor (a bare Tauri window, `crates/bench-floor`) was not built: no ratios.\n"
        );
        return;
    };
    let cell = |s: &Summary| format!("{:.1} ({:.1}–{:.1})", s.median, s.min, s.max);
    let opt = |s: &Option<Summary>| s.as_ref().map_or("–".to_owned(), cell);
    let r = a.vs_floor.as_ref();
    let x = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.2} ×"));
    let _ = writeln!(
        o,
        "The floor (issue 18): a bare Tauri window (`crates/bench-floor`: the same Tauri version and features, a static page reporting its first paint the way the desk reports its first list), started in each run just before the app under the same display and bus. Memory \"after idle\" is taken 10 s + {} s after the first list/paint.\n",
        a.idle_seconds
    );
    let _ = writeln!(
        o,
        "| | app | bare window | app / window |\n|---|---|---|---|"
    );
    let _ = writeln!(
        o,
        "| start → first list / first paint, ms | {} | {} | {} |",
        cell(&a.start_to_first_list_ms),
        cell(&f.start_to_first_paint_ms),
        x(r.and_then(|r| r.start))
    );
    let _ = writeln!(
        o,
        "| PSS of the tree after idle, MB | {} | {} | {} |",
        opt(&a.pss_tree_after_idle_mb),
        cell(&f.pss_tree_after_idle_mb),
        x(r.and_then(|r| r.pss_tree))
    );
    let _ = writeln!(
        o,
        "| idle CPU of the tree, % of a core | {} | {} | {} |",
        cell(&a.idle_cpu_percent),
        cell(&f.idle_cpu_percent),
        x(r.and_then(|r| r.idle_cpu))
    );
    let _ = writeln!(
        o,
        "| own process RSS after idle, MB | {} | {} | {} |\n",
        opt(&a.own_rss_after_idle_mb),
        cell(&f.own_rss_after_idle_mb),
        x(r.and_then(|r| r.own_rss))
    );
    let empty = BTreeMap::new();
    let app_b = a.own_rss_breakdown_mb.as_ref().unwrap_or(&empty);
    let kinds: std::collections::BTreeSet<&String> =
        app_b.keys().chain(f.own_rss_breakdown_mb.keys()).collect();
    let _ = writeln!(
        o,
        "Own process RSS by kind of mapping (last run), MB:\n\n| mapping | app | bare window |\n|---|---|---|"
    );
    for k in kinds {
        let get =
            |m: &BTreeMap<String, f64>| m.get(k).map_or("–".to_owned(), |v| format!("{v:.1}"));
        let _ = writeln!(
            o,
            "| {k} | {} | {} |",
            get(app_b),
            get(&f.own_rss_breakdown_mb)
        );
    }
    let _ = writeln!(o);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_are_told_apart() {
        let exe = "/w/target/release/liaison-desk";
        assert_eq!(kind("", exe), "anonymous (heaps, arenas, stacks)");
        assert_eq!(kind("[heap]", exe), "anonymous (heaps, arenas, stacks)");
        assert_eq!(kind(exe, exe), "the executable");
        assert_eq!(
            kind("/usr/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0.13.4", exe),
            "shared libraries"
        );
        assert_eq!(kind("/tmp/x/cache.db", exe), "SQLite files (mmap)");
        assert_eq!(kind("/tmp/x/cache.db-shm", exe), "SQLite files (mmap)");
    }

    #[test]
    fn this_process_has_a_breakdown() {
        let me = std::process::id();
        let exe = std::env::current_exe().unwrap_or_default();
        let b = rss_breakdown_mb(me, &exe);
        let total: f64 = b.values().sum();
        assert!(total > 0.0, "{b:?}");
    }
}
