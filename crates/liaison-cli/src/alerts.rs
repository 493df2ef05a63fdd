//! `liaison alerts --at T`: what the alert planner would fire then (what-if, no effects).

use crate::failure::{Failure, usage};
use crate::output::print_json;
use desk_app::Desk;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The moment, RFC 3339 (e.g. 2026-12-04T17:00:00+08:00).
    #[arg(long)]
    at: String,
    /// Plan for officer A or B instead of the signed-in officer.
    #[arg(long = "as", value_parser = ["A", "B"])]
    as_role: Option<String>,
    /// Print the notifications as a JSON array (kind, ticket_ids, critical, title,
    /// body, ...).
    #[arg(long)]
    json: bool,
}

pub fn run(desk: &Desk, args: Args) -> Result<(), Failure> {
    let at = chrono::DateTime::parse_from_rfc3339(&args.at).map_err(|e| {
        usage(format!(
            "--at 需要 RFC 3339 时间（如 2026-12-04T17:00:00+08:00）: {e}"
        ))
    })?;
    let role = args
        .as_role
        .as_deref()
        .map(district_api::OfficerRole::from_wire);
    let plan = desk.plan_alerts_at(at.to_utc(), role, true)?;
    if args.json {
        print_json(&plan.notifications)?;
    } else if plan.notifications.is_empty() {
        println!("此时没有要发出的提醒（值班：{}角）", plan.on_duty);
    } else {
        for n in &plan.notifications {
            let mark = if n.critical { "【紧急】" } else { "" };
            println!("{mark}{}\n{}\n", n.title, n.body);
        }
    }
    if !args.json && plan.held > 0 {
        println!("另有 {} 条提醒因在工作时间外而暂缓，上班时发出", plan.held);
    }
    Ok(())
}
