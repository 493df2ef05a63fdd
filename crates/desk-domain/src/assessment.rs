//! The unit's assessment (issue 16): the pinned figures of a period, which tickets count
//! for each, the projection of the month, and the "四早" medians.
//!
//! Pure: the facts of each ticket ([`TicketFacts`], as the cache keeps them per ticket),
//! the period, the instant `at` and the working-day calendar are parameters. Times are
//! unix seconds (UTC); periods are whole days in Beijing time (UTC+8).
//!
//! Definitions (over the unit's **lead** tickets dispatched in the period, unless said):
//! see [`Figure`]. Rates are fractions, `None` when their denominator is 0.

use crate::WorkCalendar;
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use district_api::{
    CallbackResult, ExtensionStatus, OurRole, ProcessSatisfaction, SupervisionLevel, Ticket,
    TicketStatus,
};
use serde::Serialize;

/// The longest period a report may cover.
pub const MAX_PERIOD_DAYS: i64 = 3 * 366;

/// Beijing time (UTC+8), the zone of periods and months.
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// Why a period is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("日期「{0}」无效：应为 YYYY-MM-DD")]
    BadDate(String),
    #[error("月份「{0}」无效：应为 YYYY-MM")]
    BadMonth(String),
    #[error("结束日期 {to} 早于开始日期 {from}")]
    Reversed { from: String, to: String },
    #[error("统计期间过长（{days} 天）：最长 3 年")]
    TooLong { days: i64 },
}

/// A period of whole days in Beijing time: `[start, end)` in unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// 00:00 Beijing of `from`.
    pub start: i64,
    /// 00:00 Beijing of the day after `to` (exclusive).
    pub end: i64,
}

/// A strict `YYYY-MM-DD` (no 1970 for a typo).
pub fn parse_date(s: &str) -> Result<NaiveDate, PeriodError> {
    let t = s.trim();
    if t.len() != 10 {
        return Err(PeriodError::BadDate(s.to_owned()));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| PeriodError::BadDate(s.to_owned()))
}

fn midnight(d: NaiveDate) -> i64 {
    beijing()
        .from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .map_or(0, |t| t.timestamp())
}

impl Period {
    /// The days `from` to `to`, inclusive.
    pub fn days(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::Reversed {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_PERIOD_DAYS {
            return Err(PeriodError::TooLong { days });
        }
        let next = to.checked_add_days(Days::new(1)).unwrap_or(to);
        Ok(Period {
            from,
            to,
            start: midnight(from),
            end: midnight(next),
        })
    }

    /// From `YYYY-MM-DD` strings.
    pub fn parse(from: &str, to: &str) -> Result<Period, PeriodError> {
        Period::days(parse_date(from)?, parse_date(to)?)
    }

    /// The calendar month `YYYY-MM`.
    pub fn month(ym: &str) -> Result<Period, PeriodError> {
        let bad = || PeriodError::BadMonth(ym.to_owned());
        let first = if ym.trim().len() == 7 {
            NaiveDate::parse_from_str(&format!("{}-01", ym.trim()), "%Y-%m-%d")
                .map_err(|_| bad())?
        } else {
            return Err(bad());
        };
        Period::days(first, last_of_month(first))
    }

    /// The Beijing month holding the instant `at`.
    pub fn month_of(at: i64) -> Period {
        let day = DateTime::from_timestamp(at, 0)
            .unwrap_or_default()
            .with_timezone(&beijing())
            .date_naive();
        let first = day.with_day(1).unwrap_or(day);
        let to = last_of_month(first);
        let next = to.checked_add_days(Days::new(1)).unwrap_or(to);
        Period {
            from: first,
            to,
            start: midnight(first),
            end: midnight(next),
        }
    }

    /// `YYYY-MM` of the first day.
    pub fn month_label(&self) -> String {
        self.from.format("%Y-%m").to_string()
    }

    /// Whether the instant falls in the period.
    pub fn contains(&self, at: i64) -> bool {
        self.start <= at && at < self.end
    }

    /// The `n` months ending with this period's month, oldest first.
    pub fn months_back(&self, n: u32) -> Vec<Period> {
        let mut out = Vec::new();
        let mut first = self.from.with_day(1).unwrap_or(self.from);
        for _ in 0..n {
            let to = last_of_month(first);
            if let Ok(p) = Period::days(first, to) {
                out.push(p);
            }
            let Some(prev) = first.checked_sub_days(Days::new(1)) else {
                break;
            };
            first = prev.with_day(1).unwrap_or(prev);
        }
        out.reverse();
        out
    }
}

fn last_of_month(first: NaiveDate) -> NaiveDate {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

/// What the assessment needs of one ticket (one row of the cache's facts table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    pub id: String,
    /// The unit is the lead unit (else a co-handling unit).
    pub lead: bool,
    pub status: TicketStatus,
    /// 诉求类型 (wire value).
    pub category: String,
    /// 事项分类's first segment (`城市管理`).
    pub matter: String,
    pub dispatched_at: i64,
    pub ack_due_at: i64,
    pub acked_at: Option<i64>,
    pub reply_due_at: i64,
    /// The last `reply` in the history.
    pub last_reply_at: Option<i64>,
    /// The earliest `citizen_contacted_at` of the replies the desk sent (the ticket does
    /// not carry it; the app fills it from the outbox).
    pub first_contact_at: Option<i64>,
    pub redo_count: u32,
    pub callback_process: Option<ProcessSatisfaction>,
    pub callback_result: Option<CallbackResult>,
    pub extension: Option<ExtensionStatus>,
    pub supervision: Option<SupervisionLevel>,
    /// The unit's own opinion deadline (co-handled tickets).
    pub opinion_due_at: Option<i64>,
    /// The first `opinion` in the history (co-handled tickets).
    pub opinion_at: Option<i64>,
}

/// The first segment of a 事项分类 (`城市管理/市政设施/路灯` → `城市管理`); `未分类` when
/// empty.
pub fn matter_top(matter: &str) -> String {
    let top = matter.split('/').next().unwrap_or("").trim();
    if top.is_empty() {
        "未分类".to_owned()
    } else {
        top.to_owned()
    }
}

impl TicketFacts {
    /// The facts of a cached ticket as seen by unit `unit_id`.
    pub fn from_ticket(t: &Ticket, unit_id: &str) -> TicketFacts {
        let last = |action: &str| {
            t.history
                .iter()
                .filter(|h| h.action == action)
                .map(|h| h.at.timestamp())
                .max()
        };
        let first = |action: &str| {
            t.history
                .iter()
                .filter(|h| h.action == action)
                .map(|h| h.at.timestamp())
                .min()
        };
        TicketFacts {
            id: t.id.clone(),
            lead: t.our_role == OurRole::Lead,
            status: t.status.clone(),
            category: t.category.as_str().to_owned(),
            matter: matter_top(&t.matter),
            dispatched_at: t.dispatched_at.timestamp(),
            ack_due_at: t.ack_due_at.timestamp(),
            acked_at: t.acked_by.as_ref().map(|a| a.at.timestamp()),
            reply_due_at: t.reply_due_at.timestamp(),
            last_reply_at: last("reply"),
            first_contact_at: None,
            redo_count: t.redo.as_ref().map_or(0, |r| r.count),
            callback_process: t.callback.as_ref().map(|c| c.process.clone()),
            callback_result: t.callback.as_ref().map(|c| c.result.clone()),
            extension: t.extension.as_ref().map(|e| e.status.clone()),
            supervision: t.supervision.as_ref().map(|s| s.level.clone()),
            opinion_due_at: t
                .co_units
                .iter()
                .find(|u| u.id == unit_id)
                .and_then(|u| u.opinion_due_at.map(|d| d.timestamp())),
            opinion_at: first("opinion"),
        }
    }

    fn open(&self) -> bool {
        matches!(
            self.status,
            TicketStatus::PendingAck | TicketStatus::InProgress | TicketStatus::Redo
        )
    }

    fn finished(&self) -> bool {
        matches!(self.status, TicketStatus::Replied | TicketStatus::Closed)
    }
}

/// A figure that counts tickets (the click-through's keys; `FigureKey` across the IPC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "FigureKey"))]
pub enum Figure {
    /// Lead tickets dispatched in the period.
    Dispatched,
    /// `acked_by.at` ≤ `ack_due_at`.
    AckedOnTime,
    /// Not acked on time: acked after `ack_due_at`, or not acked and `ack_due_at` < at.
    AckedLate,
    /// Status `replied` or `closed`.
    Finished,
    /// Finished, and the last `reply` in the history at or before `reply_due_at`.
    FinishedOnTime,
    /// Status `pending_ack`, `in_progress` or `redo`, and `reply_due_at` < at.
    OverdueOpen,
    /// `redo.count` ≥ 1.
    RedoTickets,
    /// With a callback.
    Callbacks,
    /// `callback.process` is `satisfied` or `basically_satisfied`.
    ProcessSatisfied,
    /// `callback.result` is `resolved`.
    ResultResolved,
    /// With an extension (any status).
    ExtensionsRequested,
    /// With an approved extension.
    ExtensionsApproved,
    /// With a supervision of any level.
    Supervised,
    YellowCards,
    RedCards,
    /// Co-handled tickets with the unit's `opinion_due_at`.
    OpinionsDue,
    /// Of those, the first opinion at or before `opinion_due_at`.
    OpinionsOnTime,
    /// Open, not overdue at `at`, and due before the end of `at`'s month.
    AtRisk,
}

impl Figure {
    /// Whether the ticket counts for this figure at `at` (`horizon`: where the
    /// projection's month ends). The period (dispatch) is checked by the caller.
    pub fn counts(self, f: &TicketFacts, at: i64, horizon: i64) -> bool {
        use Figure as F;
        if matches!(self, F::OpinionsDue | F::OpinionsOnTime) {
            let Some(due) = f.opinion_due_at.filter(|_| !f.lead) else {
                return false;
            };
            return self == F::OpinionsDue || f.opinion_at.is_some_and(|o| o <= due);
        }
        if !f.lead {
            return false;
        }
        match self {
            F::Dispatched => true,
            F::AckedOnTime => f.acked_at.is_some_and(|a| a <= f.ack_due_at),
            F::AckedLate => match f.acked_at {
                Some(a) => a > f.ack_due_at,
                None => f.ack_due_at < at,
            },
            F::Finished => f.finished(),
            F::FinishedOnTime => {
                f.finished() && f.last_reply_at.is_some_and(|r| r <= f.reply_due_at)
            }
            F::OverdueOpen => f.open() && f.reply_due_at < at,
            F::RedoTickets => f.redo_count >= 1,
            F::Callbacks => f.callback_process.is_some() || f.callback_result.is_some(),
            F::ProcessSatisfied => matches!(
                f.callback_process,
                Some(ProcessSatisfaction::Satisfied | ProcessSatisfaction::Basic)
            ),
            F::ResultResolved => f.callback_result == Some(CallbackResult::Resolved),
            F::ExtensionsRequested => f.extension.is_some(),
            F::ExtensionsApproved => f.extension == Some(ExtensionStatus::Approved),
            F::Supervised => f.supervision.is_some(),
            F::YellowCards => f.supervision == Some(SupervisionLevel::Yellow),
            F::RedCards => f.supervision == Some(SupervisionLevel::Red),
            F::AtRisk => f.open() && f.reply_due_at >= at && f.reply_due_at < horizon,
            F::OpinionsDue | F::OpinionsOnTime => false,
        }
    }
}

/// The figures of a set of tickets, under the pinned names (the IPC, the CLI's
/// `--json` and the workbook all use these). Rates are fractions, `None` when their
/// denominator is 0.
#[derive(Debug, Clone, PartialEq, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Figures {
    /// Lead tickets dispatched in the period.
    pub dispatched: u32,
    /// `acked_by.at` ≤ `ack_due_at`.
    pub acked_on_time: u32,
    pub ack_on_time_rate: Option<f64>,
    /// Status `replied` or `closed`.
    pub finished: u32,
    /// Finished, and the last reply in the history at or before `reply_due_at`.
    pub finished_on_time: u32,
    /// Open (`pending_ack`, `in_progress`, `redo`) and `reply_due_at` < `at`.
    pub overdue_open: u32,
    /// `finished_on_time / (finished + overdue_open)`.
    pub on_time_rate: Option<f64>,
    /// `redo.count` ≥ 1.
    pub redo_tickets: u32,
    pub redo_rate: Option<f64>,
    /// Tickets with a callback.
    pub callbacks: u32,
    /// `callback.process` is satisfied or basically satisfied.
    pub process_satisfied: u32,
    /// 服务过程满意率.
    pub process_satisfaction_rate: Option<f64>,
    /// `callback.result` is resolved.
    pub result_resolved: u32,
    /// 办理结果满意率.
    pub result_satisfaction_rate: Option<f64>,
    pub extensions_requested: u32,
    pub extensions_approved: u32,
    /// Tickets with a supervision of any level.
    pub supervised: u32,
    pub yellow_cards: u32,
    pub red_cards: u32,
    /// Co-handled tickets dispatched in the period with an opinion deadline of the unit.
    pub opinions_due: u32,
    /// Of those, the opinion sent at or before the unit's `opinion_due_at`.
    pub opinions_on_time: u32,
    pub opinion_on_time_rate: Option<f64>,
    /// 四早: median minutes from dispatch to ack.
    pub ack_minutes_median: Option<f64>,
    /// 四早: median minutes from dispatch to the first citizen contact of a sent reply.
    pub contact_minutes_median: Option<f64>,
    /// 四早: median working hours between the last reply and the reply deadline
    /// (negative: late).
    pub reply_margin_working_hours_median: Option<f64>,
}

/// `n / d`, `None` when `d` is 0.
pub fn rate(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| f64::from(n) / f64::from(d))
}

/// The median, `None` for no values (the mean of the two middle values for an even
/// count).
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values.get(mid).copied()
    } else {
        Some((values.get(mid - 1)? + values.get(mid)?) / 2.0)
    }
}

/// [`median`] of `values / scale` (the same `f64`, bit for bit), from integers: what the
/// cache keeps of the 四早 (seconds). Reorders `values`.
pub fn median_scaled(values: &mut [i64], scale: f64) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let (below, hi, _) = values.select_nth_unstable(mid);
    let hi = *hi as f64 / scale;
    if n % 2 == 1 {
        return Some(hi);
    }
    let lo = *below.iter().max()? as f64 / scale;
    Some((lo + hi) / 2.0)
}

/// The 四早 medians' values of a set of lead tickets, in seconds (working seconds for the
/// margin), as the cache keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MedianValues {
    /// Dispatch → ack ([`TicketFacts::ack_seconds`]).
    pub ack_s: Vec<i64>,
    /// Dispatch → first citizen contact.
    pub contact_s: Vec<i64>,
    /// Last reply → reply deadline ([`TicketFacts::margin_working_seconds`]).
    pub margin_ws: Vec<i64>,
}

impl MedianValues {
    /// Adds another set's values.
    pub fn extend(&mut self, other: &MedianValues) {
        self.ack_s.extend_from_slice(&other.ack_s);
        self.contact_s.extend_from_slice(&other.contact_s);
        self.margin_ws.extend_from_slice(&other.margin_ws);
    }

    /// Fills the 四早 medians of `out`: the same values as [`fill_medians`] over the same
    /// tickets. Reorders the values.
    pub fn fill(&mut self, out: &mut Figures) {
        out.ack_minutes_median = median_scaled(&mut self.ack_s, 60.0);
        out.contact_minutes_median = median_scaled(&mut self.contact_s, 60.0);
        out.reply_margin_working_hours_median = median_scaled(&mut self.margin_ws, 3600.0);
    }
}

impl TicketFacts {
    /// Dispatch → ack in seconds, for a lead ticket acked (the ack median's value × 60).
    pub fn ack_seconds(&self) -> Option<i64> {
        self.acked_at
            .filter(|_| self.lead)
            .map(|a| a - self.dispatched_at)
    }

    /// Last reply → reply deadline in working seconds, for a finished lead ticket with a
    /// reply (the margin median's value × 3600).
    pub fn margin_working_seconds(&self, cal: &WorkCalendar, day: OfficeDay) -> Option<i64> {
        self.last_reply_at
            .filter(|_| self.lead && self.finished())
            .map(|r| working_seconds_between(cal, day, r, self.reply_due_at))
    }
}

/// The office day the reply margin is counted in: 08:30 to the deadlines' 18:00, on the
/// calendar's working days (Beijing time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeDay {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Default for OfficeDay {
    fn default() -> Self {
        OfficeDay {
            start: NaiveTime::from_hms_opt(8, 30, 0).unwrap_or(NaiveTime::MIN),
            end: crate::calendar::office_close(),
        }
    }
}

/// Working hours from `from` to `to` (unix seconds), negative when `to` is earlier:
/// the overlap with the office day of each working day. Spans over 400 days are cut.
pub fn working_hours_between(cal: &WorkCalendar, day: OfficeDay, from: i64, to: i64) -> f64 {
    if to < from {
        return -working_hours_between(cal, day, to, from);
    }
    working_seconds_between(cal, day, from, to) as f64 / 3600.0
}

/// [`working_hours_between`] in whole seconds (what it divides by 3600; a zero span
/// backwards is 0 here, -0.0 there: equal numbers).
pub fn working_seconds_between(cal: &WorkCalendar, day: OfficeDay, from: i64, to: i64) -> i64 {
    if to < from {
        return -working_seconds_between(cal, day, to, from);
    }
    let tz = beijing();
    let local = |t: i64| {
        DateTime::from_timestamp(t, 0)
            .unwrap_or_default()
            .with_timezone(&tz)
    };
    let (a, b) = (local(from), local(to));
    let mut d = a.date_naive();
    let mut seconds = 0i64;
    let mut steps = 0;
    while d <= b.date_naive() && steps < 400 {
        if cal.day(d).workday {
            let open = tz.from_local_datetime(&d.and_time(day.start)).single();
            let close = tz.from_local_datetime(&d.and_time(day.end)).single();
            if let (Some(open), Some(close)) = (open, close) {
                let s = open.max(a);
                let e = close.min(b);
                if e > s {
                    seconds += (e - s).num_seconds();
                }
            }
        }
        let Some(next) = d.succ_opt() else { break };
        d = next;
        steps += 1;
    }
    seconds
}

/// [`working_hours_between`] for many spans over one calendar: the working days of a
/// range of dates counted once (prefix sums), so that a span costs its two end days
/// instead of a walk over every day. Spans with an end outside the range, or of 400 days
/// or more, take [`working_hours_between`] itself: the answers are the same.
pub struct WorkingHours<'a> {
    cal: &'a WorkCalendar,
    day: OfficeDay,
    first: NaiveDate,
    /// `prefix[i]`: working days in `[first, first + i)`.
    prefix: Vec<u32>,
}

impl<'a> WorkingHours<'a> {
    /// Counts the working days from `from` to `to` (inclusive; at most 4000 days).
    pub fn new(cal: &'a WorkCalendar, day: OfficeDay, from: NaiveDate, to: NaiveDate) -> Self {
        let mut prefix = vec![0u32];
        let mut d = from;
        let mut n = 0u32;
        while d <= to && prefix.len() <= 4000 {
            if cal.day(d).workday {
                n += 1;
            }
            prefix.push(n);
            let Some(next) = d.succ_opt() else { break };
            d = next;
        }
        WorkingHours {
            cal,
            day,
            first: from,
            prefix,
        }
    }

    /// Working days in `[a, b)` when both are in the range.
    fn workdays(&self, a: NaiveDate, b: NaiveDate) -> Option<u32> {
        let i = usize::try_from((a - self.first).num_days()).ok()?;
        let j = usize::try_from((b - self.first).num_days()).ok()?;
        Some(self.prefix.get(j)?.saturating_sub(*self.prefix.get(i)?))
    }

    /// The same as `working_hours_between(cal, day, from, to)`.
    pub fn between(&self, from: i64, to: i64) -> f64 {
        if to < from {
            return -self.between(to, from);
        }
        let tz = beijing();
        let local = |t: i64| {
            DateTime::from_timestamp(t, 0)
                .unwrap_or_default()
                .with_timezone(&tz)
        };
        let (a, b) = (local(from), local(to));
        let (da, db) = (a.date_naive(), b.date_naive());
        let next = da.succ_opt();
        let (Some(next), true) = (next, (db - da).num_days() < 400) else {
            return working_hours_between(self.cal, self.day, from, to);
        };
        let (Some(inner), Some(_)) = (self.workdays(next, db), self.workdays(da, db)) else {
            return working_hours_between(self.cal, self.day, from, to);
        };
        let overlap = |d: NaiveDate| -> i64 {
            if !self.cal.day(d).workday {
                return 0;
            }
            let open = tz.from_local_datetime(&d.and_time(self.day.start)).single();
            let close = tz.from_local_datetime(&d.and_time(self.day.end)).single();
            match (open, close) {
                (Some(open), Some(close)) => {
                    let s = open.max(a);
                    let e = close.min(b);
                    if e > s { (e - s).num_seconds() } else { 0 }
                }
                _ => 0,
            }
        };
        let full = (self.day.end - self.day.start).num_seconds().max(0);
        let mut seconds = overlap(da);
        if db > da {
            seconds += overlap(db) + full * i64::from(inner);
        }
        seconds as f64 / 3600.0
    }
}

/// The figures over `facts` (tickets already limited to the period) at `at`.
pub fn figures(facts: &[&TicketFacts], at: i64, cal: &WorkCalendar, day: OfficeDay) -> Figures {
    let mut out = counts(facts, at);
    medians(&mut out, facts, cal, day);
    out
}

/// The figures that do not depend on the instant `at`, in the order of [`Totals`] and of
/// the bits of [`TicketFacts::fixed_flags`] (the cache keeps their daily totals).
pub const FIXED_FIGURES: [Figure; 15] = [
    Figure::Dispatched,
    Figure::AckedOnTime,
    Figure::Finished,
    Figure::FinishedOnTime,
    Figure::RedoTickets,
    Figure::Callbacks,
    Figure::ProcessSatisfied,
    Figure::ResultResolved,
    Figure::ExtensionsRequested,
    Figure::ExtensionsApproved,
    Figure::Supervised,
    Figure::YellowCards,
    Figure::RedCards,
    Figure::OpinionsDue,
    Figure::OpinionsOnTime,
];

impl TicketFacts {
    /// Bit `i` set when the ticket counts for `FIXED_FIGURES[i]` (whatever the instant).
    pub fn fixed_flags(&self) -> u32 {
        FIXED_FIGURES
            .iter()
            .enumerate()
            .filter(|(_, fig)| fig.counts(self, 0, 0))
            .fold(0, |bits, (i, _)| bits | (1 << i))
    }

    /// Status `pending_ack`, `in_progress` or `redo` (the only tickets whose figures
    /// depend on the instant).
    pub fn is_open(&self) -> bool {
        self.open()
    }
}

/// The number of tickets counting for each of [`FIXED_FIGURES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals(pub [u32; FIXED_FIGURES.len()]);

impl Totals {
    /// Counts one ticket's [`TicketFacts::fixed_flags`].
    pub fn add_flags(&mut self, flags: u32) {
        for (i, n) in self.0.iter_mut().enumerate() {
            if flags & (1 << i) != 0 {
                *n = n.saturating_add(1);
            }
        }
    }

    /// Adds another set of totals.
    pub fn add(&mut self, other: &Totals) {
        for (n, m) in self.0.iter_mut().zip(other.0) {
            *n = n.saturating_add(m);
        }
    }

    /// The total of one of [`FIXED_FIGURES`] (0 for another figure).
    pub fn get(&self, fig: Figure) -> u32 {
        FIXED_FIGURES
            .iter()
            .position(|f| *f == fig)
            .and_then(|i| self.0.get(i).copied())
            .unwrap_or(0)
    }
}

/// The figures without the 四早 medians (cheaper: the trend needs only the rates).
pub fn counts(facts: &[&TicketFacts], at: i64) -> Figures {
    let mut totals = Totals::default();
    for f in facts {
        totals.add_flags(f.fixed_flags());
    }
    let overdue = facts
        .iter()
        .filter(|f| Figure::OverdueOpen.counts(f, at, at))
        .count();
    counts_from_totals(&totals, u32::try_from(overdue).unwrap_or(u32::MAX))
}

/// The figures without the 四早 medians from the totals of the time-independent figures
/// and the number of tickets overdue and open at the instant.
pub fn counts_from_totals(totals: &Totals, overdue_open: u32) -> Figures {
    let n = |fig: Figure| totals.get(fig);
    let mut out = Figures {
        dispatched: n(Figure::Dispatched),
        acked_on_time: n(Figure::AckedOnTime),
        finished: n(Figure::Finished),
        finished_on_time: n(Figure::FinishedOnTime),
        overdue_open,
        redo_tickets: n(Figure::RedoTickets),
        callbacks: n(Figure::Callbacks),
        process_satisfied: n(Figure::ProcessSatisfied),
        result_resolved: n(Figure::ResultResolved),
        extensions_requested: n(Figure::ExtensionsRequested),
        extensions_approved: n(Figure::ExtensionsApproved),
        supervised: n(Figure::Supervised),
        yellow_cards: n(Figure::YellowCards),
        red_cards: n(Figure::RedCards),
        opinions_due: n(Figure::OpinionsDue),
        opinions_on_time: n(Figure::OpinionsOnTime),
        ..Figures::default()
    };
    out.ack_on_time_rate = rate(out.acked_on_time, out.dispatched);
    out.on_time_rate = rate(out.finished_on_time, out.finished + out.overdue_open);
    out.redo_rate = rate(out.redo_tickets, out.dispatched);
    out.process_satisfaction_rate = rate(out.process_satisfied, out.callbacks);
    out.result_satisfaction_rate = rate(out.result_resolved, out.callbacks);
    out.opinion_on_time_rate = rate(out.opinions_on_time, out.opinions_due);
    out
}

/// Fills the 四早 medians of `out` from `facts`.
fn medians(out: &mut Figures, facts: &[&TicketFacts], cal: &WorkCalendar, day: OfficeDay) {
    let inputs: Vec<MedianInputs> = facts
        .iter()
        .map(|f| MedianInputs::of(f, cal, day))
        .collect();
    fill_medians(out, &inputs);
}

/// What one ticket adds to the 四早 medians (computed once per ticket, whatever the
/// groups it is counted in).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MedianInputs {
    /// Dispatch → ack, minutes (lead tickets acked).
    pub ack_minutes: Option<f64>,
    /// Dispatch → first citizen contact, minutes (lead tickets with one).
    pub contact_minutes: Option<f64>,
    /// Last reply → reply deadline, working hours (finished lead tickets with a reply).
    pub reply_margin_working_hours: Option<f64>,
}

impl MedianInputs {
    /// The ticket's values.
    pub fn of(f: &TicketFacts, cal: &WorkCalendar, day: OfficeDay) -> MedianInputs {
        MedianInputs::with(f, |r, due| working_hours_between(cal, day, r, due))
    }

    /// The ticket's values, the working hours from `hours` (the same answers, faster for
    /// many tickets).
    pub fn with_hours(f: &TicketFacts, hours: &WorkingHours<'_>) -> MedianInputs {
        MedianInputs::with(f, |r, due| hours.between(r, due))
    }

    fn with(f: &TicketFacts, hours: impl Fn(i64, i64) -> f64) -> MedianInputs {
        if !f.lead {
            return MedianInputs::default();
        }
        let minutes = |t: i64, from: i64| (t - from) as f64 / 60.0;
        MedianInputs {
            ack_minutes: f.acked_at.map(|a| minutes(a, f.dispatched_at)),
            contact_minutes: f.first_contact_at.map(|c| minutes(c, f.dispatched_at)),
            reply_margin_working_hours: f
                .last_reply_at
                .filter(|_| f.finished())
                .map(|r| hours(r, f.reply_due_at)),
        }
    }
}

/// Fills the 四早 medians of `out` from the values of the tickets counted.
pub fn fill_medians(out: &mut Figures, inputs: &[MedianInputs]) {
    out.ack_minutes_median = median(inputs.iter().filter_map(|i| i.ack_minutes).collect());
    out.contact_minutes_median = median(inputs.iter().filter_map(|i| i.contact_minutes).collect());
    out.reply_margin_working_hours_median = median(
        inputs
            .iter()
            .filter_map(|i| i.reply_margin_working_hours)
            .collect(),
    );
}

/// The projection of the month holding `at`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    /// `YYYY-MM`.
    pub month: String,
    pub on_time_rate_now: Option<f64>,
    pub on_time_rate_if_missed: Option<f64>,
    /// Ids of the open lead tickets due after `at` and before the month ends, by deadline.
    pub at_risk: Vec<String>,
}

/// Which of `facts` (the period's tickets) become overdue before the end of `at`'s month
/// if nothing is done, and `on_time_rate` if they do: `finished_on_time / (finished +
/// overdue_open + at_risk)`.
pub fn projection(facts: &[&TicketFacts], at: i64) -> Projection {
    let mut totals = Totals::default();
    for f in facts {
        totals.add_flags(f.fixed_flags());
    }
    let open: Vec<&TicketFacts> = facts.iter().copied().filter(|f| f.is_open()).collect();
    projection_from(&totals, &open, at)
}

/// [`projection`] from the period's totals of the time-independent figures and its open
/// tickets (the only ones overdue or at risk).
pub fn projection_from(totals: &Totals, open: &[&TicketFacts], at: i64) -> Projection {
    let month = Period::month_of(at);
    let mut risky: Vec<&&TicketFacts> = open
        .iter()
        .filter(|f| Figure::AtRisk.counts(f, at, month.end))
        .collect();
    risky.sort_by(|a, b| a.reply_due_at.cmp(&b.reply_due_at).then(a.id.cmp(&b.id)));
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let overdue = open
        .iter()
        .filter(|f| Figure::OverdueOpen.counts(f, at, month.end))
        .count();
    let (on_time_rate_now, on_time_rate_if_missed) =
        projection_rates(totals, to_u32(overdue), to_u32(risky.len()));
    Projection {
        month: month.month_label(),
        on_time_rate_now,
        on_time_rate_if_missed,
        at_risk: risky.iter().map(|f| f.id.clone()).collect(),
    }
}

/// The projection's `on_time_rate` now and if the `at_risk` tickets are missed, from the
/// period's totals and the numbers of its tickets overdue and open, and at risk.
pub fn projection_rates(totals: &Totals, overdue: u32, at_risk: u32) -> (Option<f64>, Option<f64>) {
    let on_time = totals.get(Figure::FinishedOnTime);
    let judged = totals.get(Figure::Finished).saturating_add(overdue);
    (
        rate(on_time, judged),
        rate(on_time, judged.saturating_add(at_risk)),
    )
}

#[cfg(test)]
#[path = "assessment_tests.rs"]
mod tests;
