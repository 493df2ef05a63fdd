//! The writes to the district, each queued in the outbox and then sent: `ack`, `reply`,
//! `opinion`, `extend`, `coordinate`, `reassign`.

use crate::failure::{Failure, refused, usage};
use crate::output::{print_findings, read_json};
use desk_app::Desk;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct AckArgs {
    id: String,
}

#[derive(Debug, clap::Args)]
pub struct ReplyArgs {
    id: String,
    #[arg(long)]
    file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct OpinionArgs {
    id: String,
    #[arg(long)]
    file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ExtendArgs {
    id: String,
    /// The requested deadline, RFC 3339.
    #[arg(long)]
    until: String,
    #[arg(long)]
    reason: String,
}

#[derive(Debug, clap::Args)]
pub struct CoordinateArgs {
    id: String,
    #[arg(long)]
    reason: String,
    /// A unit to involve (repeat for several).
    #[arg(long = "unit", required = true)]
    units: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ReassignArgs {
    id: String,
    #[arg(long)]
    reason: String,
    #[arg(long)]
    suggested_unit: Option<String>,
}

pub async fn ack(desk: &Desk, args: AckArgs) -> Result<(), Failure> {
    let row = desk.ack(&args.id)?;
    flush_and_report(desk, row.id).await
}

/// Lints first: a reply the rules block is not queued.
pub async fn reply(desk: &Desk, args: ReplyArgs) -> Result<(), Failure> {
    let reply: district_api::Reply = read_json(&args.file)?;
    let partial: district_api::PartialReply =
        serde_json::from_value(serde_json::to_value(&reply).map_err(|e| usage(e.to_string()))?)
            .map_err(|e| usage(e.to_string()))?;
    let findings: Vec<_> = desk
        .lint_reply(&args.id, &partial)?
        .iter()
        .map(desk_app::replies::finding_view)
        .collect();
    if findings.iter().any(|f| f.blocking) {
        print_findings(&findings);
        return Err(refused("答复不符合规范，未发送（liaison lint 查看）"));
    }
    let row = desk.reply(&args.id, &reply)?;
    flush_and_report(desk, row.id).await
}

pub async fn opinion(desk: &Desk, args: OpinionArgs) -> Result<(), Failure> {
    let opinion: district_api::Opinion = read_json(&args.file)?;
    let row = desk.opinion(&args.id, &opinion)?;
    flush_and_report(desk, row.id).await
}

pub async fn extend(desk: &Desk, args: ExtendArgs) -> Result<(), Failure> {
    let requested_due_at = chrono::DateTime::parse_from_rfc3339(&args.until).map_err(|e| {
        usage(format!(
            "--until 需要 RFC 3339 时间（如 2026-12-10T18:00:00+08:00）: {e}"
        ))
    })?;
    let row = desk.request_extension(
        &args.id,
        &district_api::ExtensionRequest {
            reason: args.reason,
            requested_due_at,
        },
    )?;
    flush_and_report(desk, row.id).await
}

pub async fn coordinate(desk: &Desk, args: CoordinateArgs) -> Result<(), Failure> {
    let row = desk.request_coordination(
        &args.id,
        &district_api::CoordinationRequest {
            reason: args.reason,
            units: args.units,
        },
    )?;
    flush_and_report(desk, row.id).await
}

pub async fn reassign(desk: &Desk, args: ReassignArgs) -> Result<(), Failure> {
    let row = desk.request_reassignment(
        &args.id,
        &district_api::ReassignmentRequest {
            reason: args.reason,
            suggested_unit: args.suggested_unit,
        },
    )?;
    flush_and_report(desk, row.id).await
}

/// Tries to send what was just queued; says where the write stands.
pub async fn flush_and_report(desk: &Desk, row_id: i64) -> Result<(), Failure> {
    let flushed = desk.flush_now().await;
    let row = desk.outbox_entry(row_id)?;
    match (row.state.as_str(), flushed) {
        ("sent", _) => {
            println!("{}已发送（#{}）", row.kind_label, row.id);
            Ok(())
        }
        ("conflict" | "rejected" | "blocked", _) => Err(refused(format!(
            "{}{}（#{}）：{}",
            row.kind_label,
            row.state_label,
            row.id,
            row.last_error.unwrap_or_default()
        ))),
        (_, Err(e)) => {
            let mut f = Failure::from(e);
            f.message = format!(
                "{}\n{}已保存在待发送队列（#{}），联网后自动发送。",
                f.message, row.kind_label, row.id
            );
            Err(f)
        }
        (_, Ok(_)) => {
            println!(
                "{}已保存在待发送队列（#{}），排在同一工单的其他待处理事项之后。",
                row.kind_label, row.id
            );
            Ok(())
        }
    }
}
