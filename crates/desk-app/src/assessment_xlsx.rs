//! The assessment workbook (issue 16): a summary sheet with the figures and their
//! definitions, and the period's tickets with their key fields. Dates are real Excel
//! dates (Beijing time); the header is frozen and filtered; column widths are measured
//! by display width (a CJK character takes two columns: the library's autofit
//! under-measures them). Citizen data is masked unless the officer revealed it.

use crate::ipc::{AssessmentReport, Figures};
use chrono::{DateTime, NaiveDateTime};
use desk_domain::{labels, mask};
use district_api::Ticket;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// The summary sheet's name.
pub const SUMMARY_SHEET: &str = "考核汇总";
/// The tickets sheet's name.
pub const TICKETS_SHEET: &str = "工单明细";
/// The widest a column gets (characters).
const MAX_WIDTH: usize = 60;

/// Each figure: (field, 指标, definition). Rates are shown as percentages.
pub const DEFINITIONS: &[(&str, &str, &str)] = &[
    (
        "dispatched",
        "派单量",
        "统计期内派至本单位（牵头）的工单数（按派单时间，北京时间）",
    ),
    ("acked_on_time", "按时签收", "签收时间不晚于签收时限"),
    ("ack_on_time_rate", "签收及时率", "按时签收 ÷ 派单量"),
    ("finished", "办结量", "状态为已答复或已办结"),
    (
        "finished_on_time",
        "按时办结",
        "已办结且最后一次答复不晚于答复时限",
    ),
    (
        "overdue_open",
        "超期未办结",
        "待签收、办理中或重办，且答复时限已过",
    ),
    (
        "on_time_rate",
        "按时办结率",
        "按时办结 ÷（办结量 + 超期未办结）",
    ),
    ("redo_tickets", "重办件", "重办次数 ≥ 1"),
    ("redo_rate", "重办率", "重办件 ÷ 派单量"),
    ("callbacks", "回访量", "有回访结果的工单"),
    ("process_satisfied", "过程满意", "服务过程为满意或基本满意"),
    (
        "process_satisfaction_rate",
        "服务过程满意率",
        "过程满意 ÷ 回访量",
    ),
    ("result_resolved", "结果已解决", "办理结果为已解决"),
    (
        "result_satisfaction_rate",
        "办理结果满意率",
        "结果已解决 ÷ 回访量",
    ),
    ("extensions_requested", "延期申请", "提出过延期申请的工单"),
    ("extensions_approved", "延期批准", "延期申请已批准"),
    ("supervised", "督办件", "有任一级督办（催办、黄牌、红牌）"),
    ("yellow_cards", "黄牌", "督办级别为黄牌"),
    ("red_cards", "红牌", "督办级别为红牌"),
    (
        "opinions_due",
        "应提交协办意见",
        "本单位协办、有意见时限的工单",
    ),
    (
        "opinions_on_time",
        "按时提交协办意见",
        "协办意见不晚于本单位意见时限",
    ),
    (
        "opinion_on_time_rate",
        "协办意见及时率",
        "按时提交协办意见 ÷ 应提交协办意见",
    ),
    (
        "ack_minutes_median",
        "派单至签收（分钟，中位数）",
        "四早：派单到签收的分钟数的中位数",
    ),
    (
        "contact_minutes_median",
        "派单至首次联系市民（分钟，中位数）",
        "四早：派单到答复中首次联系市民时间的分钟数的中位数",
    ),
    (
        "reply_margin_working_hours_median",
        "答复距时限（工作小时，中位数）",
        "四早：最后答复到答复时限之间的工作小时数（8:30–18:00，按工作日历；负数为超时）的中位数",
    ),
];

/// A figure's value by field name: (value, is a rate).
fn value(f: &Figures, field: &str) -> Option<(Option<f64>, bool)> {
    let n = |v: u32| Some((Some(f64::from(v)), false));
    let r = |v: Option<f64>| Some((v, true));
    let m = |v: Option<f64>| Some((v, false));
    match field {
        "dispatched" => n(f.dispatched),
        "acked_on_time" => n(f.acked_on_time),
        "ack_on_time_rate" => r(f.ack_on_time_rate),
        "finished" => n(f.finished),
        "finished_on_time" => n(f.finished_on_time),
        "overdue_open" => n(f.overdue_open),
        "on_time_rate" => r(f.on_time_rate),
        "redo_tickets" => n(f.redo_tickets),
        "redo_rate" => r(f.redo_rate),
        "callbacks" => n(f.callbacks),
        "process_satisfied" => n(f.process_satisfied),
        "process_satisfaction_rate" => r(f.process_satisfaction_rate),
        "result_resolved" => n(f.result_resolved),
        "result_satisfaction_rate" => r(f.result_satisfaction_rate),
        "extensions_requested" => n(f.extensions_requested),
        "extensions_approved" => n(f.extensions_approved),
        "supervised" => n(f.supervised),
        "yellow_cards" => n(f.yellow_cards),
        "red_cards" => n(f.red_cards),
        "opinions_due" => n(f.opinions_due),
        "opinions_on_time" => n(f.opinions_on_time),
        "opinion_on_time_rate" => r(f.opinion_on_time_rate),
        "ack_minutes_median" => m(f.ack_minutes_median),
        "contact_minutes_median" => m(f.contact_minutes_median),
        "reply_margin_working_hours_median" => m(f.reply_margin_working_hours_median),
        _ => None,
    }
}

/// Display width of a cell's text: CJK and other wide characters count two.
pub fn display_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Tracks each column's widest cell.
struct Widths(Vec<usize>);

impl Widths {
    fn see(&mut self, col: u16, text: &str) {
        let i = usize::from(col);
        if self.0.len() <= i {
            self.0.resize(i + 1, 0);
        }
        if let Some(w) = self.0.get_mut(i) {
            *w = (*w).max(display_width(text));
        }
    }

    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (i, w) in self.0.iter().enumerate() {
            let width = (*w).min(MAX_WIDTH) + 2;
            ws.set_column_width(u16::try_from(i).unwrap_or(u16::MAX), width as f64)?;
        }
        Ok(())
    }
}

fn beijing(ts: &district_api::Timestamp) -> NaiveDateTime {
    let tz = desk_domain::assessment::beijing();
    ts.with_timezone(&tz).naive_local()
}

const DATE_FORMAT: &str = "yyyy-mm-dd hh:mm";
/// What a date cell's text is as wide as.
const DATE_SAMPLE: &str = "2026-11-30 23:59";

/// The workbook of `report` with `tickets` (the period's, in dispatch order).
pub fn workbook(
    report: &AssessmentReport,
    tickets: &[Ticket],
    reveal_citizen: bool,
) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let decimal = Format::new().set_num_format("0.0");
    let date = Format::new().set_num_format(DATE_FORMAT);

    // The summary.
    let ws = wb.add_worksheet();
    ws.set_name(SUMMARY_SHEET)?;
    let mut widths = Widths(Vec::new());
    let title = format!(
        "考核统计 {} 至 {}（按派单时间，北京时间）",
        report.from, report.to
    );
    ws.write_string_with_format(0, 0, &title, &bold)?;
    let synced = report
        .last_synced_ms
        .and_then(DateTime::from_timestamp_millis)
        .map(|t| {
            t.with_timezone(&desk_domain::assessment::beijing())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "从未同步".to_owned());
    ws.write_string(1, 0, format!("数据截至上次同步：{synced}"))?;
    let header = ["指标", "字段", "数值", "定义"];
    for (c, h) in (0u16..).zip(header) {
        ws.write_string_with_format(3, c, h, &bold)?;
        widths.see(c, h);
    }
    for (r, (field, name, definition)) in (4u32..).zip(DEFINITIONS) {
        ws.write_string(r, 0, *name)?;
        widths.see(0, name);
        ws.write_string(r, 1, *field)?;
        widths.see(1, field);
        match value(&report.figures, field) {
            Some((Some(v), true)) => {
                ws.write_number_with_format(r, 2, v, &percent)?;
                widths.see(2, "100.0%");
            }
            Some((Some(v), false)) => {
                ws.write_number_with_format(r, 2, v, &decimal)?;
                widths.see(2, &format!("{v:.1}"));
            }
            _ => {
                ws.write_string(r, 2, "—")?;
            }
        }
        ws.write_string(r, 3, *definition)?;
        widths.see(3, definition);
    }
    widths.apply(ws)?;
    ws.set_freeze_panes(4, 0)?;

    // The tickets.
    let ws = wb.add_worksheet();
    ws.set_name(TICKETS_SHEET)?;
    let mut widths = Widths(Vec::new());
    let header = [
        "工单编号",
        "标题",
        "诉求类型",
        "事项分类",
        "状态",
        "本单位角色",
        "派单时间",
        "签收时限",
        "签收时间",
        "答复时限",
        "最后答复时间",
        "重办次数",
        "延期",
        "督办",
        "回访",
        "市民姓名",
        "市民电话",
        "市民地址",
    ];
    for (c, h) in (0u16..).zip(header) {
        ws.write_string_with_format(0, c, h, &bold)?;
        widths.see(c, h);
    }
    let mut last_row = 0u32;
    for (r, t) in (1u32..).zip(tickets) {
        last_row = r;
        let text = |c: u16, s: &str, ws: &mut Worksheet, widths: &mut Widths| {
            widths.see(c, s);
            ws.write_string(r, c, s).map(|_| ())
        };
        text(0, &t.id, ws, &mut widths)?;
        text(1, &t.title, ws, &mut widths)?;
        text(2, &labels::category(&t.category), ws, &mut widths)?;
        text(3, &t.matter, ws, &mut widths)?;
        text(4, &labels::status(&t.status), ws, &mut widths)?;
        text(5, &labels::role(&t.our_role), ws, &mut widths)?;
        let last_reply = t
            .history
            .iter()
            .filter(|h| h.action == "reply")
            .map(|h| h.at)
            .max();
        let dates = [
            (6u16, Some(t.dispatched_at)),
            (7, Some(t.ack_due_at)),
            (8, t.acked_by.as_ref().map(|a| a.at)),
            (9, Some(t.reply_due_at)),
            (10, last_reply),
        ];
        for (c, d) in dates {
            if let Some(d) = d {
                ws.write_datetime_with_format(r, c, beijing(&d), &date)?;
                widths.see(c, DATE_SAMPLE);
            }
        }
        ws.write_number(r, 11, f64::from(t.redo.as_ref().map_or(0, |x| x.count)))?;
        let extension = t
            .extension
            .as_ref()
            .map(|e| labels::extension(&e.status))
            .unwrap_or_default();
        text(12, &extension, ws, &mut widths)?;
        let supervision = t
            .supervision
            .as_ref()
            .map(|s| labels::supervision(&s.level))
            .unwrap_or_default();
        text(13, &supervision, ws, &mut widths)?;
        let callback = t
            .callback
            .as_ref()
            .map(|c| {
                let process = labels::process_satisfaction(&c.process);
                let result = labels::callback_result(&c.result);
                format!("过程{process}，结果{result}")
            })
            .unwrap_or_default();
        text(14, &callback, ws, &mut widths)?;
        let (name, phone, address) = if reveal_citizen {
            (
                t.citizen.name.clone(),
                t.citizen.phone.clone(),
                t.citizen.address.clone(),
            )
        } else {
            (
                mask::name(&t.citizen.name),
                mask::phone(&t.citizen.phone),
                mask::address(&t.citizen.address),
            )
        };
        text(15, &name, ws, &mut widths)?;
        text(16, &phone, ws, &mut widths)?;
        text(17, &address, ws, &mut widths)?;
    }
    widths.apply(ws)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, 17)?;
    Ok(wb)
}
