//! `liaison draft` (autosaves from standard input, optionally shared) and `liaison drafts`.

use crate::failure::{Failure, refused, usage};
use crate::output::print_json;
use desk_app::Desk;
use desk_app::ipc::{OutboxKindView, OutboxStateView};

#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    id: String,
    /// Also queue the last text for the unit's shared draft and send it.
    #[arg(long)]
    pub share: bool,
}

#[derive(Debug, clap::Args)]
pub struct DraftsArgs {
    #[arg(long)]
    json: bool,
}

pub async fn draft(desk: &Desk, args: DraftArgs) -> Result<(), Failure> {
    use std::io::BufRead;
    let id = args.id;
    desk.ticket(&id)?;
    // As opening the reply editor does: the unit's shared draft, when newer and this
    // desk has no unsent edits, becomes the text the lines build on, so a share goes on
    // top of the revision the officer knows of.
    desk.reply_workspace(&id)?;
    let mut last = None;
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.map_err(|e| usage(format!("读取标准输入失败: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let reply: district_api::PartialReply = serde_json::from_str(&line)
            .map_err(|e| usage(format!("第 {} 行不是答复草稿 JSON: {e}", n + 1)))?;
        let form = desk_app::replies::partial_to_form(&reply);
        // The form holds only the values this version knows: refuse the line rather
        // than save it without the field.
        if let Some(o) = reply.outcome.as_ref().filter(|_| form.outcome.is_none()) {
            return Err(usage(format!("第 {} 行的答复结果未知: {o}", n + 1)));
        }
        if let Some(m) = reply
            .contact_method
            .as_ref()
            .filter(|_| form.contact_method.is_none())
        {
            return Err(usage(format!("第 {} 行的联系方式未知: {m}", n + 1)));
        }
        desk.save_reply_draft(&id, &form, false)?;
        println!("saved {}", n + 1);
        last = Some(form);
    }
    let (true, Some(form)) = (args.share, last) else {
        return Ok(());
    };
    desk.save_reply_draft(&id, &form, true)?;
    let flushed = desk.flush_now().await;
    let entry = desk
        .outbox()?
        .into_iter()
        .filter(|e| e.kind == OutboxKindView::Draft && e.ticket_id.as_deref() == Some(id.as_str()))
        .max_by_key(|e| e.id);
    match (entry, flushed) {
        (Some(e), _) if e.state == OutboxStateView::Conflict => {
            return Err(refused(format!(
                "共享草稿未保存：对方已保存了更新的草稿（#{}），本机的内容未覆盖对方的，已保留在本机草稿中",
                e.id
            )));
        }
        (Some(e), _) if e.state == OutboxStateView::Sent => {
            println!("草稿已共享（#{}）", e.id);
        }
        (_, Err(e)) => return Err(e.into()),
        (Some(e), Ok(_)) => {
            println!("草稿已保存，共享{}（#{}）", e.state_label, e.id);
        }
        (None, Ok(_)) => println!("草稿已保存"),
    }
    Ok(())
}

/// The unit's shared drafts, archived ones marked.
pub fn list(desk: &Desk, args: DraftsArgs) -> Result<(), Failure> {
    let drafts = desk.drafts()?;
    if args.json {
        return print_json(&drafts);
    }
    for d in drafts {
        let mark = if d.archived {
            "（已移出本单位，存档）"
        } else {
            ""
        };
        println!(
            "{}{}\t第 {} 版\t{} {}\n{}\n",
            d.ticket_id,
            mark,
            d.draft.revision,
            d.draft.updated_by.name,
            d.draft.updated_at.to_rfc3339(),
            d.draft.reply.text.as_deref().unwrap_or("")
        );
    }
    Ok(())
}
