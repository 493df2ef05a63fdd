//! `liaison tickets` (the list, paged like the workbench's) and `liaison ticket ID`.

use crate::failure::Failure;
use crate::output::print_json;
use desk_app::ipc::TicketRow;
use desk_app::{Desk, ListFilter, Tab, TicketListQuery};

/// How many tickets `liaison tickets` lists without `--limit` or `--all`.
pub const DEFAULT_LIMIT: u32 = 50;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only tickets in this status (pending_ack, in_progress, replied, redo, closed).
    #[arg(long)]
    status: Option<String>,
    /// Only redo (重办) tickets.
    #[arg(long)]
    redo: bool,
    /// Only tickets whose active deadline has passed.
    #[arg(long)]
    overdue: bool,
    /// Only tickets whose active deadline falls within this duration (e.g. 4h, 90m, 2d).
    #[arg(long, value_parser = parse_duration)]
    due_within: Option<chrono::Duration>,
    /// Only tickets whose number, title, content, location, 事项分类 or address contain
    /// this text (any length; spaces and punctuation ignored).
    #[arg(long)]
    search: Option<String>,
    /// At most this many tickets, the first in work order (what to do first). When more
    /// match, a note on standard error says so.
    #[arg(long, default_value_t = DEFAULT_LIMIT,
          value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
    /// Every matching ticket, however many (instead of --limit).
    #[arg(long, conflicts_with = "limit")]
    all: bool,
    /// Print contract-shaped ticket objects as a JSON array.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    id: String,
    #[arg(long)]
    json: bool,
}

/// The list: the workbench's paged query (its tabs 已超时 and 即将超时 for `--overdue`
/// and `--due-within`), one page of at most `--limit` tickets.
pub fn list(desk: &Desk, args: ListArgs) -> Result<(), Failure> {
    let mut tabs = Vec::new();
    if args.overdue {
        tabs.push(Tab::Overdue);
    }
    if args.due_within.is_some() {
        tabs.push(Tab::DueSoon);
    }
    let limit = if args.all { u32::MAX } else { args.limit };
    let query = TicketListQuery {
        filter: ListFilter {
            tabs,
            status: args.status,
            redone: args.redo,
        },
        search: args.search,
        due_soon: args
            .due_within
            .unwrap_or_else(|| chrono::Duration::hours(24)),
        offset: 0,
        // One more than shown tells whether more match.
        limit: limit.saturating_add(1),
    };
    let mut tickets = desk.ticket_list(&query)?;
    let more = tickets.len() > limit as usize;
    tickets.truncate(limit as usize);
    if args.json {
        print_json(&tickets)?;
    } else {
        for t in &tickets {
            let row = TicketRow::from_ticket(t, "");
            println!(
                "{}\t{}\t{}\t{}\t{}",
                row.id, row.status_label, row.category_label, row.urgency_label, row.title
            );
        }
    }
    if more {
        eprintln!(
            "liaison: 只列出按处理顺序的前 {limit} 件，还有更多符合条件的工单（--limit N 或 --all 列出更多）"
        );
    }
    Ok(())
}

/// One cached ticket.
pub fn show(desk: &Desk, args: ShowArgs) -> Result<(), Failure> {
    let t = desk.ticket(&args.id)?;
    if args.json {
        print_json(&t)?;
    } else {
        let row = TicketRow::from_ticket(&t, "");
        println!("{} [{}] {}", t.id, row.status_label, t.title);
        println!("{}", t.content);
    }
    Ok(())
}

/// A `--due-within` value that is not a duration.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DurationError(String);

/// `90m`, `4h`, `2d`, `1h30m`.
fn parse_duration(s: &str) -> Result<chrono::Duration, DurationError> {
    let mut total = chrono::Duration::zero();
    let mut number = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: i64 = number
            .parse()
            .map_err(|_| DurationError(format!("无效的时长: {s}")))?;
        number.clear();
        total += match c {
            's' => chrono::Duration::seconds(n),
            'm' => chrono::Duration::minutes(n),
            'h' => chrono::Duration::hours(n),
            'd' => chrono::Duration::days(n),
            _ => return Err(DurationError(format!("无效的时长单位 {c}（可用 s m h d）"))),
        };
    }
    if !number.is_empty() || total <= chrono::Duration::zero() {
        return Err(DurationError(format!("无效的时长: {s}（例：90m、4h、2d）")));
    }
    Ok(total)
}
