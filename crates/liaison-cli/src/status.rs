//! `liaison status`: connectivity, last sync, clock offset, counts, calendar notice.

use crate::failure::Failure;
use crate::output::print_json;
use desk_app::Desk;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

/// `liaison status --json`. Other programs read these names: keep them stable.
#[derive(serde::Serialize)]
struct StatusOut {
    online: desk_app::ipc::Connectivity,
    last_sync_at: Option<chrono::DateTime<chrono::Utc>>,
    server_clock_offset_seconds: f64,
    tickets: i64,
    outbox_pending: i64,
    outbox_conflicts: i64,
    outbox_rejected: i64,
    outbox_blocked: i64,
    last_error: Option<String>,
    /// `{"covered": [2026], "estimated": [2027], "source": {"2026": "bundled"},
    /// "fetched_at": {}, "notice": "..."}`.
    calendar: desk_app::ipc::CalendarStatus,
}

pub fn run(desk: &Desk, args: Args) -> Result<(), Failure> {
    let s = desk.sync_status()?;
    let out = StatusOut {
        online: s.online,
        last_sync_at: s
            .last_sync_ms
            .and_then(chrono::DateTime::from_timestamp_millis),
        server_clock_offset_seconds: s.server_offset_ms as f64 / 1000.0,
        tickets: s.tickets,
        outbox_pending: s.outbox_pending,
        outbox_conflicts: s.outbox_conflicts,
        outbox_rejected: s.outbox_rejected,
        outbox_blocked: s.outbox_blocked,
        last_error: s.last_error,
        calendar: s.calendar,
    };
    if args.json {
        return print_json(&out);
    }
    println!(
        "连接：{:?}；上次同步：{}；服务器时钟偏差 {:+.1} 秒；工单 {} 件；待发送 {}，冲突 {}，被退回 {}，发送受阻 {}",
        out.online,
        out.last_sync_at
            .map_or("从未".to_owned(), |t| t.to_rfc3339()),
        out.server_clock_offset_seconds,
        out.tickets,
        out.outbox_pending,
        out.outbox_conflicts,
        out.outbox_rejected,
        out.outbox_blocked
    );
    if let Some(notice) = &out.calendar.notice {
        println!("{notice}");
    }
    Ok(())
}
