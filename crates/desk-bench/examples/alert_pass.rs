//! Times alert rounds over an existing data directory (offline): `alert_pass <dir> [n]`.

use std::time::Instant;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: alert_pass <dir> [n]"))?;
    let n: usize = args.next().map_or(Ok(50), |v| v.parse())?;
    let desk = desk_app::Desk::open(desk_app::DeskOptions {
        data_dir: dir.into(),
        ..desk_app::DeskOptions::default()
    })?;
    for i in 0..n {
        let t = Instant::now();
        let fired = desk.fire_due_alerts().await?;
        eprintln!(
            "pass {i}: {:.2} ms, {} alerts",
            t.elapsed().as_secs_f64() * 1e3,
            fired.alerts.len()
        );
    }
    Ok(())
}
