//! `liaison outbox`: every write, and `retry` / `discard` for a blocked one.

use crate::failure::{Failure, usage};
use crate::output::print_json;
use crate::writes::flush_and_report;
use clap::Subcommand;
use desk_app::Desk;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    pub action: Option<Action>,
}

/// `liaison outbox retry|discard`.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Send a blocked write (发送受阻) again, with the same idempotency key.
    Retry { id: i64 },
    /// Stop sending a blocked, refused or conflicting write; its record and text stay.
    Discard {
        id: i64,
        /// Confirms the discard.
        #[arg(long)]
        yes: bool,
    },
}

impl Args {
    /// Whether the command sends anything (a retry does; listing and discarding do not).
    pub fn talks_to_district(&self) -> bool {
        matches!(self.action, Some(Action::Retry { .. }))
    }
}

pub async fn run(desk: &Desk, args: Args) -> Result<(), Failure> {
    match args.action {
        Some(Action::Retry { id }) => {
            desk.retry_outbox_entry(id)?;
            flush_and_report(desk, id).await
        }
        Some(Action::Discard { id, yes }) => {
            let row = desk.outbox_entry(id)?;
            if !yes {
                return Err(usage(format!(
                    "放弃 #{id}（{}，{}）后它不会再发送；记录与所写内容仍保留在队列中。\
                     若区平台已收到过它，放弃不会撤回。确认请加 --yes",
                    row.kind_label, row.state_label
                )));
            }
            desk.discard_outbox_entry(id)?;
            println!("已放弃 #{id}（{}），记录仍保留在队列中", row.kind_label);
            Ok(())
        }
        None => {
            let rows = desk.outbox()?;
            if args.json {
                return print_json(&rows);
            }
            for r in rows {
                println!(
                    "#{}\t{}\t{}\t{}\t尝试 {} 次\t{}",
                    r.id,
                    r.ticket_id.as_deref().unwrap_or("-"),
                    r.kind_label,
                    r.state_label,
                    r.attempts,
                    r.last_error.as_deref().unwrap_or("")
                );
            }
            Ok(())
        }
    }
}
