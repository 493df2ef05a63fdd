//! `liaison calendar`: the working-day calendar as cached.

use crate::failure::Failure;
use crate::output::print_json;
use desk_app::Desk;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One year (default: every covered year, and the years estimated).
    #[arg(long)]
    year: Option<i32>,
    #[arg(long)]
    json: bool,
}

pub fn run(desk: &Desk, args: Args) -> Result<(), Failure> {
    let years = match args.year {
        Some(y) => vec![y],
        None => {
            let s = desk.sync_status()?.calendar;
            let mut all: Vec<i32> = s.covered.into_iter().chain(s.estimated).collect();
            all.sort_unstable();
            all.dedup();
            all
        }
    };
    let views = years
        .into_iter()
        .map(|y| desk.calendar_year(y))
        .collect::<Result<Vec<_>, _>>()?;
    if args.json {
        return print_json(&views);
    }
    for v in &views {
        let source = match v.source {
            "district" => format!(
                "区热线平台（{} 获取）",
                v.fetched_at.as_deref().unwrap_or("时间未知")
            ),
            "bundled" => "本应用内置".to_owned(),
            _ => "未发布：按周一至周五估算".to_owned(),
        };
        let days = |d: &[chrono::NaiveDate]| {
            if d.is_empty() {
                "无".to_owned()
            } else {
                d.iter()
                    .map(|x| x.format("%m-%d").to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        println!("{} 年：{source}", v.year);
        if v.source != "none" {
            println!("  放假：{}", days(&v.holidays));
            println!("  调休上班：{}", days(&v.workdays));
        }
    }
    Ok(())
}
