//! `liaison lint`: a reply checked as sending would check it.

use crate::failure::{Failure, refused};
use crate::output::{print_findings, print_json, read_json};
use desk_app::Desk;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    id: String,
    #[arg(long)]
    file: PathBuf,
    /// Print the findings as a JSON array (code, field, blocking, message, matched,
    /// start, end).
    #[arg(long)]
    json: bool,
}

pub fn run(desk: &Desk, args: Args) -> Result<(), Failure> {
    let reply: district_api::PartialReply = read_json(&args.file)?;
    let findings = desk.lint_reply(&args.id, &reply)?;
    let views: Vec<_> = findings
        .iter()
        .map(desk_app::replies::finding_view)
        .collect();
    if args.json {
        print_json(&views)?;
    } else {
        print_findings(&views);
    }
    if views.iter().any(|f| f.blocking) {
        return Err(refused("答复不符合规范，不能发送"));
    }
    Ok(())
}
