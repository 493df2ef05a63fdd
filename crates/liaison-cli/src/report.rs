//! `liaison report`: the unit's assessment of a period (issue 16), as the 考核 page
//! shows it, from the cache.

use crate::failure::{Failure, usage};
use desk_app::Desk;
use desk_app::ipc::{AssessmentReport, Figures, ReportQuery};
use serde_json::{Map, Value, json};

/// `report --from --to [--at T] [--json] [--xlsx FILE]`.
#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// First day, YYYY-MM-DD (Beijing time, inclusive).
    #[arg(long)]
    from: String,
    /// Last day, YYYY-MM-DD (Beijing time, inclusive).
    #[arg(long)]
    to: String,
    /// The instant the figures are taken at, RFC 3339 (default: now, server time).
    #[arg(long)]
    at: Option<String>,
    /// Print one JSON object: every figure under the names, plus `from`, `to`,
    /// `at`, the breakdowns and `projection`.
    #[arg(long)]
    json: bool,
    /// Also write the Excel workbook (citizen data masked) to this file.
    #[arg(long)]
    xlsx: Option<std::path::PathBuf>,
}

/// The report as `--json` prints it: the figures at the top level.
pub(crate) fn to_json(r: &AssessmentReport) -> Value {
    let mut out = Map::new();
    out.insert("from".into(), json!(r.from));
    out.insert("to".into(), json!(r.to));
    let at = chrono::DateTime::from_timestamp_millis(r.at_ms)
        .zip(chrono::FixedOffset::east_opt(8 * 3600))
        .map(|(t, beijing)| {
            t.with_timezone(&beijing)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
        })
        .unwrap_or_default();
    out.insert("at".into(), json!(at));
    out.insert("at_ms".into(), json!(r.at_ms));
    out.insert("last_synced_ms".into(), json!(r.last_synced_ms));
    if let Ok(Value::Object(figures)) = serde_json::to_value(&r.figures) {
        out.extend(figures);
    }
    out.insert("by_matter".into(), json!(r.by_matter));
    out.insert("by_category".into(), json!(r.by_category));
    out.insert(
        "projection".into(),
        match &r.projection {
            Some(p) => json!({
                "month": p.month,
                "at_risk": p.at_risk.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
                "on_time_rate_now": p.on_time_rate_now,
                "on_time_rate_if_missed": p.on_time_rate_if_missed,
            }),
            None => Value::Null,
        },
    );
    Value::Object(out)
}

fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn text(r: &AssessmentReport) -> String {
    let f: &Figures = &r.figures;
    let mut s = format!("考核统计 {} 至 {}（派单时间，北京时间）\n", r.from, r.to);
    s.push_str(&format!("派单 {} 件\n", f.dispatched));
    s.push_str(&format!(
        "按时签收 {} 件，签收及时率 {}\n",
        f.acked_on_time,
        pct(f.ack_on_time_rate)
    ));
    s.push_str(&format!(
        "办结 {} 件（按时 {} 件），超期未办结 {} 件，按时办结率 {}\n",
        f.finished,
        f.finished_on_time,
        f.overdue_open,
        pct(f.on_time_rate)
    ));
    s.push_str(&format!(
        "重办 {} 件，重办率 {}\n",
        f.redo_tickets,
        pct(f.redo_rate)
    ));
    s.push_str(&format!(
        "回访 {} 件：服务过程满意率 {}，办理结果满意率 {}\n",
        f.callbacks,
        pct(f.process_satisfaction_rate),
        pct(f.result_satisfaction_rate)
    ));
    s.push_str(&format!(
        "延期申请 {} 件（批准 {} 件）；督办 {} 件（黄牌 {}，红牌 {}）\n",
        f.extensions_requested, f.extensions_approved, f.supervised, f.yellow_cards, f.red_cards
    ));
    s.push_str(&format!(
        "协办意见 应提交 {} 件，按时 {} 件，及时率 {}\n",
        f.opinions_due,
        f.opinions_on_time,
        pct(f.opinion_on_time_rate)
    ));
    if let Some(p) = &r.projection {
        s.push_str(&format!(
            "预测（{}）：若本月到期的 {} 件未按时答复，按时办结率将由 {} 降至 {}\n",
            p.month,
            p.at_risk.len(),
            pct(p.on_time_rate_now),
            pct(p.on_time_rate_if_missed)
        ));
        for t in &p.at_risk {
            s.push_str(&format!("  {} {}\n", t.id, t.title));
        }
    }
    s
}

pub(crate) fn run(desk: &Desk, args: ReportArgs) -> Result<(), Failure> {
    let at_ms = match &args.at {
        Some(at) => Some(
            chrono::DateTime::parse_from_rfc3339(at)
                .map_err(|e| usage(format!("--at「{at}」不是 RFC 3339 时间: {e}")))?
                .timestamp_millis(),
        ),
        None => None,
    };
    let query = ReportQuery {
        from: args.from,
        to: args.to,
        at_ms,
        // `report --json` lists every at-risk ticket (the issue pins the whole list).
        at_risk_limit: None,
        breakdown_medians: true,
    };
    let report = desk.assessment_report(&query)?;
    if let Some(path) = &args.xlsx {
        let written = desk.write_assessment_xlsx(&query, path, false)?;
        eprintln!("已导出 {}（{} 件工单）", path.display(), written);
    }
    if args.json {
        println!("{}", to_json(&report));
    } else {
        print!("{}", text(&report));
    }
    Ok(())
}
