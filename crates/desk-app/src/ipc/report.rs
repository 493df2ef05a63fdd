//! The IPC shapes of the unit's assessment (issue 16): the figures of a period, their
//! breakdowns, the projection of the current month, the monthly trend, the click-through
//! filter of the workbench list, and the Excel export.
//!
//! Rates are fractions (0.9231, not 92.31), `null` when their denominator is 0. The
//! figures' names are the pinned names; `liaison report --json` prints the same.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which period the report covers, and at which instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportQuery {
    /// First day, `YYYY-MM-DD` in Beijing time (inclusive).
    pub from: String,
    /// Last day, `YYYY-MM-DD` in Beijing time (inclusive).
    pub to: String,
    /// The instant the figures are taken at (epoch ms, server time); `null`: now.
    pub at_ms: Option<i64>,
    /// At most this many at-risk tickets in the projection (the earliest deadlines
    /// first; `projection.at_risk_count` still counts them all); `null`: every one. The
    /// page asks for a few: at 1M cached a month can hold 260k of them (26 MB of JSON).
    #[serde(default)]
    pub at_risk_limit: Option<u32>,
    /// Whether each breakdown row carries its 四早 medians too; when not, they are `null`
    /// there (the period's own medians are always given). They read every lead ticket of
    /// the period (linear in them); the 考核 page, whose breakdowns show no median, leaves
    /// them out (so does its printed 考核报表, which shows the same columns); the Excel
    /// export and `liaison report` ask for them.
    pub breakdown_medians: bool,
}

/// The figures of one period (or one breakdown row): the domain's own type.
pub use desk_domain::assessment::Figures;

/// One row of a breakdown: by 事项分类 (first segment of `matter`) or by 诉求类型.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BreakdownRow {
    /// The filter value: the matter's first segment, or the category's wire value.
    pub key: String,
    /// What the UI shows (`城市管理`, `投诉`).
    pub label: String,
    pub figures: Figures,
}

/// A ticket whose reply deadline falls before the end of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AtRiskTicket {
    pub id: String,
    pub title: String,
    pub reply_due_ms: i64,
}

/// What the current month's `on_time_rate` becomes if the open tickets due before its
/// end are not replied in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Projection {
    /// `YYYY-MM`.
    pub month: String,
    pub on_time_rate_now: Option<f64>,
    pub on_time_rate_if_missed: Option<f64>,
    /// Open lead tickets of the month, not overdue yet, due before the month ends; by
    /// deadline (the first `ReportQuery::at_risk_limit` of them).
    pub at_risk: Vec<AtRiskTicket>,
    /// How many such tickets there are (all of them, whatever the limit).
    pub at_risk_count: u32,
}

/// The assessment of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AssessmentReport {
    pub from: String,
    pub to: String,
    /// The instant the figures were taken at (epoch ms, server time).
    pub at_ms: i64,
    /// When the cache last synced: a figure is only as fresh as the sync.
    pub last_synced_ms: Option<i64>,
    pub figures: Figures,
    pub by_matter: Vec<BreakdownRow>,
    pub by_category: Vec<BreakdownRow>,
    /// Only when the period contains the current month.
    pub projection: Option<Projection>,
}

/// The headline rates of one month, for the trend chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MonthRates {
    /// `YYYY-MM`.
    pub month: String,
    pub dispatched: u32,
    pub ack_on_time_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub redo_rate: Option<f64>,
    pub process_satisfaction_rate: Option<f64>,
    pub result_satisfaction_rate: Option<f64>,
}

/// Which figure's tickets the list shows: the domain's own key (`FigureKey` in TS).
pub use desk_domain::assessment::Figure as FigureKey;

/// The click-through from a figure to the tickets behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FigureFilter {
    /// `YYYY-MM-DD`, Beijing time, inclusive.
    pub from: String,
    pub to: String,
    pub figure: FigureKey,
    /// A 事项分类 (the matter's first segment), for a breakdown row.
    pub matter: Option<String>,
    /// A 诉求类型 (category wire value), for a breakdown row.
    pub category: Option<String>,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportedFile {
    pub path: String,
    /// Tickets on the tickets sheet.
    pub tickets: u32,
}
