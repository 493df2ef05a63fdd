//! The 考核 page's data (issue 16): what the page asks for when it opens (this month's
//! report with its breakdowns and projection, last month's, the 12-month trend), as the
//! UI receives it (serialised to JSON, as the IPC does). `--assessment-only` measures it
//! alone on a synced cache kept in the work dir, for cheap iteration at 1M.

use crate::scale::{Settings, latency, log, open_desk, sign_in};
use crate::stats::Latency;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use desk_app::Desk;
use desk_domain::assessment::{Period, beijing};
use std::path::Path;
use std::time::Instant;

/// The at-risk tickets the 考核 page asks for (`ui/src/stores/report.ts`).
const AT_RISK_PAGE: u32 = 50;

/// The page's three IPC calls at `now`, each answer serialised; the bytes sent.
fn open_page(desk: &Desk, now: DateTime<Utc>) -> Result<usize> {
    let this_month = Period::month_of(now.timestamp());
    let last_month = Period::month_of(this_month.start - 1);
    let q = |p: &Period| desk_app::ipc::ReportQuery {
        from: p.from.to_string(),
        to: p.to.to_string(),
        at_ms: None,
        at_risk_limit: Some(AT_RISK_PAGE),
        // As the page asks: its breakdowns show no median.
        breakdown_medians: false,
    };
    let end_month = now.with_timezone(&beijing()).format("%Y-%m").to_string();
    let mut bytes = serde_json::to_vec(&desk.assessment_report_at(&q(&this_month), now)?)?.len();
    bytes += serde_json::to_vec(&desk.assessment_report_at(&q(&last_month), now)?)?.len();
    bytes += serde_json::to_vec(&desk.assessment_trend_at(&end_month, 12, now)?)?.len();
    Ok(bytes)
}

/// The page's latency on `desk`'s cache, and the lead tickets of this month.
pub fn page_latency(s: &Settings, desk: &Desk) -> Result<(Latency, u32)> {
    let now = desk.server_now()?;
    let this_month = Period::month_of(now.timestamp());
    let q = desk_app::ipc::ReportQuery {
        from: this_month.from.to_string(),
        to: this_month.to.to_string(),
        at_ms: None,
        at_risk_limit: Some(AT_RISK_PAGE),
        // As the page asks: its breakdowns show no median.
        breakdown_medians: false,
    };
    let report = desk.assessment_report_at(&q, now)?;
    let tickets = report.figures.dispatched;
    let bytes = open_page(desk, now)?;
    // Where the time goes, once (after a warm-up call).
    let t = Instant::now();
    desk.assessment_report_at(&q, now)?;
    let report_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    desk.assessment_trend_at(&this_month.month_label(), 12, now)?;
    let trend_ms = t.elapsed().as_secs_f64() * 1e3;
    log(format!(
        "assessment page: {bytes} bytes of JSON; this month's report {report_ms:.1} ms, trend {trend_ms:.1} ms; {} at risk",
        report.projection.as_ref().map_or(0, |p| p.at_risk.len())
    ));
    let page = latency(s, || open_page(desk, now).map(drop))?;
    log(format!(
        "assessment page ({tickets} lead tickets this month): p50 {:.2} ms, p99 {:.2} ms",
        page.p50_ms.median, page.p99_ms.median
    ));
    Ok((page, tickets))
}

/// `--assessment-only`: the page's latency at `n` tickets on a copy of a synced cache
/// kept in `work/assess-cache-N` (synced from the simulator until complete on first use;
/// delete it to start again). The copy is opened by this build (its migrations timed).
pub async fn page_only(s: &Settings, n: u64) -> Result<()> {
    std::fs::create_dir_all(&s.work)?;
    let sim_db = s.work.join(format!("sim-{}-{n}.db", s.seed));
    let t = Instant::now();
    let sim = district_sim::spawn(district_sim::SimConfig {
        seed: s.seed,
        tickets: usize::try_from(n)?,
        now: Some(s.now),
        db_path: Some(sim_db),
        control_api: false,
    })
    .await
    .context("starting the simulator")?;
    log(format!(
        "simulator up in {:.1} s",
        t.elapsed().as_secs_f64()
    ));
    let token = sign_in(&sim).await?;
    let kept = s.work.join(format!("assess-cache-{n}"));
    {
        // Synced until it holds every ticket (a sync on a busy machine may stop at its
        // time limit and go on at the next).
        let t = Instant::now();
        let desk = open_desk(&sim, &token, &kept)?;
        // A cache kept from an earlier build is upgraded here: what an officer's first
        // start after an update costs.
        log(format!(
            "opened the kept cache in {:.1} s (this build's migrations included)",
            t.elapsed().as_secs_f64()
        ));
        let t = Instant::now();
        let mut attempts = 0;
        while u64::try_from(desk.sync_status()?.tickets)? < n {
            attempts += 1;
            anyhow::ensure!(attempts <= 10, "the cache did not fill after 10 syncs");
            if let Err(e) = desk.sync_now().await {
                log(format!("sync stopped ({e}); going on"));
            }
        }
        log(format!(
            "cache of {n} ready in {:.1} s",
            t.elapsed().as_secs_f64()
        ));
    }
    let dir = s.work.join(format!("assess-run-{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&kept, &dir)?;
    let t = Instant::now();
    let desk = open_desk(&sim, &token, &dir)?;
    log(format!(
        "opened the cache copy in {:.1} s",
        t.elapsed().as_secs_f64()
    ));
    page_latency(s, &desk)?;
    drop(desk);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
