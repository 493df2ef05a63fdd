//! Figure 6: the real app (release build) under Xvfb, pointed at the bench's simulator
//! with a pre-synced cache: process start to the UI's ready marker (written after the
//! first rendered list), resident memory of the whole process tree (the app and
//! WebKit's processes), and CPU while idle.
//!
//! The display and session bus are started once, before the runs, so the start time is
//! the app's own. Each run first starts the floor (issue 18: `crates/bench-floor`, a bare
//! Tauri window built beside the app) and measures it the same way (`crate::floor`).
//! The Xvfb display, process guard and polling are `test-support`'s, as in `xtask`'s
//! smoke test.

use crate::stats::Summary;
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use test_support::wait::poll_for;
use test_support::xvfb::Display;
use test_support::{Guard, PrivateHome};

/// The app figure.
#[derive(Debug, Clone, Serialize)]
pub struct AppResult {
    /// Tickets in the cache the app opened.
    pub cached_tickets: u64,
    /// Rows the UI reported in its first rendered list.
    pub rows_rendered: u64,
    /// Process start to the ready marker, ms.
    pub start_to_first_list_ms: Summary,
    /// Sum of VmRSS over the process tree, MB (10^6 bytes), after the first list.
    pub rss_tree_mb: Summary,
    /// Sum of PSS over the process tree (shared pages split), MB.
    pub pss_tree_mb: Summary,
    /// Sum of VmRSS over the tree at the end of the idle period, MB.
    pub rss_tree_after_idle_mb: Summary,
    /// CPU time of the tree over the idle period, percent of one core.
    pub idle_cpu_percent: Summary,
    /// Seconds of each idle measurement.
    pub idle_seconds: u64,
    /// The processes of the tree (name: count), from the last run.
    pub processes: BTreeMap<String, usize>,
    /// Each process of the tree in the last run (by name): where the memory and the
    /// idle CPU go.
    pub per_process: BTreeMap<String, ProcessFigure>,
    /// PSS of the tree at the end of the idle period (10 s + idle after the first list), MB.
    pub pss_tree_after_idle_mb: Option<Summary>,
    /// VmRSS of the app's own process (not WebKit's) at the end of the idle period, MB.
    pub own_rss_after_idle_mb: Option<Summary>,
    /// Where the app's own RSS goes at the end of the idle period (last run), MB.
    pub own_rss_breakdown_mb: Option<BTreeMap<String, f64>>,
    /// The floor (issue 18): the bare Tauri window, measured the same way in the same run.
    pub floor: Option<crate::floor::FloorResult>,
    /// The app's figures over the floor's (medians), issue 18's targets.
    pub vs_floor: Option<crate::floor::Ratios>,
}

/// One start of one binary, measured.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunFigure {
    pub start_ms: f64,
    pub rows: u64,
    pub rss_tree_mb: f64,
    pub pss_tree_mb: f64,
    pub rss_tree_after_idle_mb: f64,
    pub pss_tree_after_idle_mb: f64,
    pub own_rss_after_idle_mb: f64,
    pub own_breakdown_mb: BTreeMap<String, f64>,
    pub idle_cpu_percent: f64,
    pub processes: BTreeMap<String, usize>,
    pub per_process: BTreeMap<String, ProcessFigure>,
}

/// One process of the app's tree.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProcessFigure {
    /// VmRSS after the first list, MB.
    pub rss_mb: f64,
    /// PSS after the first list, MB.
    pub pss_mb: f64,
    /// CPU over the idle period, percent of one core.
    pub idle_cpu_percent: f64,
}

/// A private session bus; returns it with its address.
fn start_bus() -> Result<(Guard, String)> {
    let mut guard = Guard::spawn(
        "dbus-daemon",
        Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    )?;
    let address = guard.first_line(Duration::from_secs(20))?;
    if address.is_empty() {
        bail!("dbus-daemon printed no address");
    }
    Ok((guard, address))
}

/// Every process whose parent chain leads to `root` (itself included).
fn tree(root: u32) -> Vec<u32> {
    let mut parent = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for e in entries.flatten() {
            let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            if let Some(stat) = stat_fields(pid)
                && let Some(ppid) = stat.get(1).and_then(|s| s.parse::<u32>().ok())
            {
                parent.insert(pid, ppid);
            }
        }
    }
    let mut members = BTreeSet::from([root]);
    let mut grew = true;
    while grew {
        grew = false;
        for (pid, ppid) in &parent {
            if members.contains(ppid) && members.insert(*pid) {
                grew = true;
            }
        }
    }
    members.into_iter().collect()
}

/// The fields of `/proc/PID/stat` after the command name: state, ppid, ….
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rfind(')')?;
    Some(
        stat[after + 1..]
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    )
}

/// User + system clock ticks of a process.
fn cpu_ticks(pid: u32) -> u64 {
    // After the name: state(0) ppid(1) … utime(11) stime(12).
    stat_fields(pid).map_or(0, |f| {
        let get = |i: usize| f.get(i).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
        get(11) + get(12)
    })
}

fn kib_field(text: &str, key: &str) -> u64 {
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// (RSS, PSS) of one process in MB (10^6 bytes).
fn process_memory_mb(pid: u32) -> (f64, f64) {
    let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_or(0, |s| kib_field(&s, "VmRSS:"));
    let pss = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .map_or(0, |s| kib_field(&s, "Pss:"));
    (rss as f64 * 1024.0 / 1e6, pss as f64 * 1024.0 / 1e6)
}

/// (RSS, PSS) of the tree in MB (10^6 bytes).
fn memory_mb(pids: &[u32]) -> (f64, f64) {
    pids.iter()
        .map(|p| process_memory_mb(*p))
        .fold((0.0, 0.0), |(r, p), (r1, p1)| (r + r1, p + p1))
}

fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map_or_else(|_| format!("pid {pid}"), |n| n.trim().to_owned())
}

fn names(pids: &[u32]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for pid in pids {
        if let Ok(name) = std::fs::read_to_string(format!("/proc/{pid}/comm")) {
            *out.entry(name.trim().to_owned()).or_insert(0) += 1;
        }
    }
    out
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// What the app is pointed at.
pub struct Target<'a> {
    /// The release build of the app.
    pub binary: &'a Path,
    /// The simulator's API base URL.
    pub server: String,
    /// A bearer token of the officer whose desk it is.
    pub token: &'a str,
    /// The pre-synced data directory.
    pub data_dir: &'a Path,
    /// How many tickets it holds.
    pub cached_tickets: u64,
}

/// Starts the floor (when built) and the app `runs` times each, alternately, and
/// measures each start.
pub fn measure(
    target: &Target<'_>,
    runs: usize,
    idle: Duration,
    scratch: &Path,
) -> Result<AppResult> {
    if !target.binary.exists() {
        bail!(
            "{} is not built (cargo build --release -p liaison-desk)",
            target.binary.display()
        );
    }
    std::fs::create_dir_all(scratch)?;
    let xvfb = Display::start(Stdio::null())?;
    let display = &xvfb.name;
    let (_bus, bus) = start_bus()?;
    let tck = clock_ticks_per_second();
    let floor_binary = crate::floor::binary_beside(target.binary);
    let mut floor_runs = Vec::new();
    let mut app_runs = Vec::new();
    for r in 0..runs {
        if let Some(floor) = &floor_binary {
            let f = run_once(
                &Launch {
                    binary: floor,
                    name: "bench-floor",
                    app: None,
                },
                display,
                &bus,
                idle,
                scratch,
                r,
                tck,
            )?;
            floor_runs.push(f);
        }
        let a = run_once(
            &Launch {
                binary: target.binary,
                name: "liaison-desk",
                app: Some(target),
            },
            display,
            &bus,
            idle,
            scratch,
            r,
            tck,
        )?;
        app_runs.push(a);
    }
    let sum = |v: &[f64]| Summary::of(v).context("no app runs");
    let of = |f: fn(&RunFigure) -> f64| app_runs.iter().map(f).collect::<Vec<f64>>();
    let last = app_runs.last().cloned().unwrap_or_default();
    let floor = crate::floor::FloorResult::of(&floor_runs);
    let mut result = AppResult {
        cached_tickets: target.cached_tickets,
        rows_rendered: last.rows,
        start_to_first_list_ms: sum(&of(|f| f.start_ms))?,
        rss_tree_mb: sum(&of(|f| f.rss_tree_mb))?,
        pss_tree_mb: sum(&of(|f| f.pss_tree_mb))?,
        rss_tree_after_idle_mb: sum(&of(|f| f.rss_tree_after_idle_mb))?,
        idle_cpu_percent: sum(&of(|f| f.idle_cpu_percent))?,
        idle_seconds: idle.as_secs(),
        processes: last.processes.clone(),
        per_process: last.per_process.clone(),
        pss_tree_after_idle_mb: Summary::of(&of(|f| f.pss_tree_after_idle_mb)),
        own_rss_after_idle_mb: Summary::of(&of(|f| f.own_rss_after_idle_mb)),
        own_rss_breakdown_mb: Some(last.own_breakdown_mb.clone()),
        floor,
        vs_floor: None,
    };
    result.vs_floor = crate::floor::Ratios::of(&result);
    Ok(result)
}

/// What to start: the app (pointed at the bench's simulator and cache) or the floor.
struct Launch<'a> {
    binary: &'a Path,
    name: &'a str,
    app: Option<&'a Target<'a>>,
}

/// Starts `launch` once, waits for its ready marker, lets it settle for 10 s, then
/// measures memory, idles, and measures CPU and memory again.
fn run_once(
    launch: &Launch<'_>,
    display: &str,
    bus: &str,
    idle: Duration,
    scratch: &Path,
    r: usize,
    tck: f64,
) -> Result<RunFigure> {
    let home = PrivateHome::create(scratch)?;
    let ready: PathBuf = scratch.join("ui-ready.json");
    let _ = std::fs::remove_file(&ready);
    let log = scratch.join(format!("{}-{r}.log", launch.name));
    let log_file = std::fs::File::create(&log)?;
    let mut cmd = Command::new(launch.binary);
    home.set_dirs(&mut cmd)
        .env("DISPLAY", display)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("LIAISON_READY_FILE", &ready)
        .env_remove("LIAISON_DEMO")
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    if let Some(target) = launch.app {
        cmd.env("LIAISON_DATA_DIR", target.data_dir)
            .env("LIAISON_SERVER", &target.server)
            .env("LIAISON_TOKEN", target.token);
    }
    let t0 = Instant::now();
    let mut app = Guard::spawn(launch.name, &mut cmd)?;
    let marker = poll_for(Duration::from_secs(120), Duration::from_millis(2), || {
        if let Some(status) = app.exited() {
            bail!("{} exited early ({status}):\n{}", launch.name, tail(&log));
        }
        Ok(std::fs::read_to_string(&ready)
            .ok()
            .filter(|s| s.ends_with('\n')))
    })?
    .with_context(|| format!("the UI never reported a rendered list:\n{}", tail(&log)))?;
    let took = t0.elapsed();
    let rows: u64 = marker
        .trim()
        .trim_start_matches("{\"rows\":")
        .trim_end_matches('}')
        .parse()
        .with_context(|| format!("unexpected ready marker {marker:?}"))?;
    if rows == 0 {
        bail!("the first list rendered no rows:\n{}", tail(&log));
    }
    // Let the first background sync and alert round finish, then measure.
    std::thread::sleep(Duration::from_secs(10));
    let pid = app.id();
    let pids = tree(pid);
    let (r_mb, p_mb) = memory_mb(&pids);
    let processes = names(&pids);
    let before: BTreeMap<u32, u64> = pids.iter().map(|p| (*p, cpu_ticks(*p))).collect();
    let ticks0: u64 = before.values().sum();
    let t_idle = Instant::now();
    std::thread::sleep(idle);
    let pids1 = tree(pid);
    let ticks1: u64 = pids1.iter().map(|p| cpu_ticks(*p)).sum();
    let secs = t_idle.elapsed().as_secs_f64();
    let busy = ticks1.saturating_sub(ticks0) as f64 / tck;
    let mut per_process = BTreeMap::new();
    for p in &pids {
        let (rss_mb, pss_mb) = process_memory_mb(*p);
        let ticks = cpu_ticks(*p).saturating_sub(before.get(p).copied().unwrap_or(0));
        let figure: &mut ProcessFigure = per_process.entry(comm(*p)).or_default();
        figure.rss_mb += rss_mb;
        figure.pss_mb += pss_mb;
        figure.idle_cpu_percent += ticks as f64 / tck / secs * 100.0;
    }
    let (r_idle, p_idle) = memory_mb(&pids1);
    let (own_rss, _) = process_memory_mb(pid);
    let own_breakdown_mb = crate::floor::rss_breakdown_mb(pid, launch.binary);
    if let Some(status) = app.exited() {
        bail!(
            "{} died while idle ({status}):\n{}",
            launch.name,
            tail(&log)
        );
    }
    let cpu = busy / secs * 100.0;
    eprintln!(
        "[bench] {} run {r}: first list after {:.0} ms ({rows} rows); RSS {r_mb:.0} MB (PSS {p_mb:.0} MB) over {} processes; after idle PSS {p_idle:.0} MB, own RSS {own_rss:.0} MB; idle CPU {cpu:.2} % of a core",
        launch.name,
        took.as_secs_f64() * 1e3,
        pids.len(),
    );
    drop(app);
    Ok(RunFigure {
        start_ms: took.as_secs_f64() * 1e3,
        rows,
        rss_tree_mb: r_mb,
        pss_tree_mb: p_mb,
        rss_tree_after_idle_mb: r_idle,
        pss_tree_after_idle_mb: p_idle,
        own_rss_after_idle_mb: own_rss,
        own_breakdown_mb,
        idle_cpu_percent: cpu,
        processes,
        per_process,
    })
}
