//! Issue 18's alert figures: the first alert pass after an initial sync holds the store
//! lock only in short chunks (the longest single hold, measured by the lock itself), and
//! the workbench's list stays live while it runs (the list command's p99 while the pass
//! runs, from another thread, against its p99 idle, in the same run); and the
//! notifications shown per hour with 10k open tickets due over the next days (the
//! planner run in virtual time by `desk_domain::alerts::simulate`).

use anyhow::{Context, Result};
use chrono::{DateTime, Duration as TimeDelta, Utc};
use desk_app::Desk;
use desk_app::alerts::FiredAlerts;
use desk_app::ipc::TicketQuery;
use desk_domain::tabs::Tab;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The first alert pass with the workbench's list running beside it.
#[derive(Debug, Clone, Serialize)]
pub struct FirstPassLock {
    /// The longest single hold of the store lock while the pass ran (any holder), ms.
    pub longest_hold_ms: f64,
    /// Where that hold was taken (`file:line` of the lock call).
    pub longest_hold_at: Option<String>,
    /// Holds of the store lock while the pass ran.
    pub holds: u64,
    /// Wall time of the pass, ms.
    pub pass_ms: f64,
    /// The list command's p99 on the idle desk, ms.
    pub list_p99_idle_ms: f64,
    /// The list command's p99 while the pass ran (another thread, back to back), ms.
    pub list_p99_running_ms: f64,
    /// Running / idle (target ≤ 2).
    pub list_ratio: f64,
    /// List calls made while the pass ran.
    pub list_calls_running: usize,
}

/// Notifications in virtual time.
#[derive(Debug, Clone, Serialize)]
pub struct NotificationRate {
    /// Open tickets.
    pub tickets: usize,
    /// The most notifications within any 60 minutes (target ≤ 12).
    pub max_per_hour: usize,
    /// Notifications over the whole period.
    pub total: usize,
    /// Simulated hours.
    pub hours: i64,
    /// Every ticket was in some notification.
    pub every_ticket_told: bool,
    /// The same with the digest interval off (what the desk did before), for contrast.
    pub max_per_hour_without_interval: usize,
}

/// The workbench's list as it opens: 全部, the first 200 rows in work order.
pub fn list_query() -> TicketQuery {
    TicketQuery {
        tab: Tab::All,
        search: None,
        offset: 0,
        limit: 200,
        due_soon_hours: 24,
        figure: None,
        alert: None,
    }
}

fn p99(mut samples: Vec<Duration>) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    samples.sort_unstable();
    let i = (samples.len() * 99).div_ceil(100).saturating_sub(1);
    samples[i.min(samples.len() - 1)].as_secs_f64() * 1e3
}

/// Runs the first alert pass of `desk` (a fresh initial sync) with the list command
/// called back to back from another thread; before it, the list's p99 idle.
pub fn first_pass(desk: &Desk, idle_samples: usize) -> Result<(FiredAlerts, FirstPassLock)> {
    let now = desk.server_now()?;
    let q = list_query();
    desk.ticket_page_at(&q, now)?;
    let mut idle = Vec::with_capacity(idle_samples);
    for _ in 0..idle_samples {
        let t = Instant::now();
        desk.ticket_page_at(&q, now)?;
        idle.push(t.elapsed());
    }
    let stop = AtomicBool::new(false);
    desk.reset_store_lock_stats();
    let started = Instant::now();
    let (fired, running) = std::thread::scope(|sc| {
        let lister = sc.spawn(|| {
            let mut samples = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                if desk.ticket_page_at(&q, now).is_err() {
                    break;
                }
                samples.push(t.elapsed());
            }
            samples
        });
        let fired = tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(desk.fire_due_alerts())
        });
        stop.store(true, Ordering::Relaxed);
        (fired, lister.join())
    });
    let pass_ms = started.elapsed().as_secs_f64() * 1e3;
    let stats = desk.store_lock_stats();
    let fired = fired.context("first alert pass")?;
    let running = running.map_err(|_| anyhow::anyhow!("the list thread panicked"))?;
    let (idle_p99, running_p99) = (p99(idle), p99(running.clone()));
    let figure = FirstPassLock {
        longest_hold_ms: stats.longest.as_secs_f64() * 1e3,
        longest_hold_at: stats.longest_at.clone(),
        holds: stats.holds,
        pass_ms,
        list_p99_idle_ms: idle_p99,
        list_p99_running_ms: running_p99,
        list_ratio: running_p99 / idle_p99,
        list_calls_running: running.len(),
    };
    eprintln!(
        "[bench] first alert pass {:.0} ms: longest store-lock hold {:.1} ms at {} ({} holds); list p99 {:.2} ms while it ran ({} calls) vs {:.2} ms idle = {:.2} x",
        figure.pass_ms,
        figure.longest_hold_ms,
        figure.longest_hold_at.as_deref().unwrap_or("?"),
        figure.holds,
        figure.list_p99_running_ms,
        figure.list_calls_running,
        figure.list_p99_idle_ms,
        figure.list_ratio
    );
    Ok((fired, figure))
}

/// Notifications per hour with `n` open tickets due over the next three days, from
/// `from`, over five simulated days.
pub fn notification_rate(n: usize, from: DateTime<Utc>) -> NotificationRate {
    use desk_domain::alerts::AlertSettings;
    use desk_domain::alerts::simulate::{open_tickets, simulate};
    let tickets = open_tickets(n, from, 3, 18);
    let calendar = desk_domain::WorkCalendar::resolve([]);
    let hours = 5 * 24;
    let until = from + TimeDelta::hours(hours);
    let sim = simulate(&tickets, &calendar, &AlertSettings::default(), from, until);
    let told = sim.tickets();
    let every_ticket_told = tickets.iter().all(|t| told.contains(t.id.as_str()));
    let before = simulate(
        &tickets,
        &calendar,
        &AlertSettings {
            digest_interval_minutes: 0,
            ..AlertSettings::default()
        },
        from,
        from + TimeDelta::hours(24),
    );
    let rate = NotificationRate {
        tickets: n,
        max_per_hour: sim.max_per_hour(),
        total: sim.shown.len(),
        hours,
        every_ticket_told,
        max_per_hour_without_interval: before.max_per_hour(),
    };
    eprintln!(
        "[bench] notifications with {n} open tickets: at most {} per hour (target <= 12), {} in {hours} h, every ticket told: {}; without the interval {} per hour",
        rate.max_per_hour, rate.total, rate.every_ticket_told, rate.max_per_hour_without_interval
    );
    rate
}
