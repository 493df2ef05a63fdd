//! `liaison sync`.

use crate::failure::{Failure, refused};
use desk_app::Desk;

pub async fn run(desk: &Desk) -> Result<(), Failure> {
    let r = desk.sync_now().await?;
    let status = desk.sync_status()?;
    println!(
        "同步完成：发送 {} 条，{} 页，{} 条变更，{} 件工单更新，{} 件移出，{} 条跳过；本地共 {} 件工单",
        r.sent, r.pages, r.items, r.tickets_changed, r.removed, r.skipped, status.tickets
    );
    if status.outbox_conflicts + status.outbox_rejected + status.outbox_blocked > 0 {
        return Err(refused(format!(
            "待处理：{} 条冲突，{} 条被退回，{} 条发送受阻（liaison outbox 查看）",
            status.outbox_conflicts, status.outbox_rejected, status.outbox_blocked
        )));
    }
    Ok(())
}
