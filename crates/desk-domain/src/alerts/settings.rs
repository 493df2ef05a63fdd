//! The officer's alert settings and their defaults (issue 6).

use super::AlertKind;
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How long before a deadline a reminder fires.
///
/// Serialized as `{"minutes": 30}` or `{"working_days": 1}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Lead {
    /// Clock minutes before the deadline (`4 h` = `Minutes(240)`).
    Minutes(u32),
    /// Working days before the deadline: the deadline's time of day on the n-th working
    /// day before the deadline's date (weekends and official holidays skipped, 调休
    /// make-up days counted). While reminders are held outside working hours the time of
    /// day is clamped to the end of working hours, so that the "yellow card" for a
    /// Monday 18:00 deadline comes on Friday before the office closes instead of being
    /// held to Monday morning.
    WorkingDays(u32),
}

impl Lead {
    /// The lead's part of an [`AlertKey`](super::AlertKey) threshold: `30m`, `4h`, `1wd`.
    pub fn label(self) -> String {
        match self {
            Lead::Minutes(m) if m > 0 && m % 60 == 0 => format!("{}h", m / 60),
            Lead::Minutes(m) => format!("{m}m"),
            Lead::WorkingDays(n) => format!("{n}wd"),
        }
    }
}

/// The office day, Beijing time, on the calendar's working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingHours {
    /// When the office day starts (inclusive).
    pub start: NaiveTime,
    /// When the office day ends. A reminder that became due at or before the end is
    /// still delivered a few minutes after it (timers wake late); one that became due
    /// later is held to the next start.
    pub end: NaiveTime,
}

impl Default for WorkingHours {
    /// 08:30–17:30 Beijing time on the calendar's working days: the office day of the
    /// district and street offices (机关作息) whose liaison officers use the app at an
    /// office PC. The lunch break is not excluded: a reminder shown at 12:10 waits on the
    /// screen, while holding it to 13:30 would eat into a 1-hour window. The district's
    /// deadlines fall at 18:00, after the end: the 4 h and 1 h reminders (14:00, 17:00)
    /// are inside, overdue is critical and never held, and the 1-working-day reminder is
    /// clamped to 17:30 (see [`Lead::WorkingDays`]) so it still comes the day before.
    fn default() -> Self {
        WorkingHours {
            start: NaiveTime::from_hms_opt(8, 30, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(17, 30, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

/// What the officer who is not on duty gets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OffDutyMode {
    /// Nothing (the default, as the issue asks). Nothing is marked fired either: when
    /// duty comes back, the officer gets the current state of each ticket once.
    #[default]
    None,
    /// One quiet (low-urgency, never critical) summary of what went to the officer on
    /// duty. Its keys are marked fired, so it does not repeat and does not come back
    /// when duty returns.
    QuietSummary,
}

/// The default [`AlertSettings::digest_interval_minutes`]: with the ladder's four
/// reminder kinds and overdue each at most twice an hour, a unit with thousands of open
/// tickets gets at most 10 routine notifications an hour (issue 18: at most 12).
pub const DEFAULT_DIGEST_INTERVAL_MINUTES: u32 = 30;

/// Every knob of the alert planner. All defaults are the issue's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertSettings {
    /// Reminders before the ack deadline (default 30 min and 10 min).
    pub ack_leads: Vec<Lead>,
    /// Reminders before the reply deadline of a lead unit (default 1 working day, 4 h,
    /// 1 h).
    pub reply_leads: Vec<Lead>,
    /// Reminders before a co-handler's opinion deadline (default as for replies).
    pub opinion_leads: Vec<Lead>,
    /// Repeat the overdue alert at the start of every working day while a deadline
    /// stays overdue (default on).
    pub overdue_repeat_daily: bool,
    /// The office day (default 08:30–17:30 Beijing time on the calendar's workdays).
    pub working_hours: WorkingHours,
    /// Hold non-critical reminders outside working hours until the next start
    /// (default on). Critical alerts (overdue, redo, red supervision) are never held.
    pub hold_outside_working_hours: bool,
    /// From how many alerts due together one digest is shown instead (default 2;
    /// values below 2 act as 2).
    pub digest_min: usize,
    /// What the officer off duty gets (default nothing).
    pub off_duty_mode: OffDutyMode,
    /// The kinds of alert that are on (default all).
    pub enabled: BTreeSet<AlertKind>,
    /// Routine alerts of one kind (every kind but redo, red supervision and refused
    /// writes) are shown at most once per this many minutes, as one digest; a digest
    /// also takes in the reminders of its kind due within the next interval, so a
    /// reminder comes at most this much early and never late (default 30; 0: each
    /// alert as it comes). Not on the settings screen.
    pub digest_interval_minutes: u32,
}

impl Default for AlertSettings {
    fn default() -> Self {
        let before_deadline = vec![
            Lead::WorkingDays(1),
            Lead::Minutes(4 * 60),
            Lead::Minutes(60),
        ];
        AlertSettings {
            ack_leads: vec![Lead::Minutes(30), Lead::Minutes(10)],
            reply_leads: before_deadline.clone(),
            opinion_leads: before_deadline,
            overdue_repeat_daily: true,
            working_hours: WorkingHours::default(),
            hold_outside_working_hours: true,
            digest_min: 2,
            off_duty_mode: OffDutyMode::None,
            enabled: AlertKind::ALL.into_iter().collect(),
            digest_interval_minutes: DEFAULT_DIGEST_INTERVAL_MINUTES,
        }
    }
}

impl AlertSettings {
    /// The minimum interval between two digests of one kind (zero: none).
    pub fn digest_interval(&self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.digest_interval_minutes))
    }

    /// Whether alerts of `kind` are on.
    pub fn is_enabled(&self, kind: AlertKind) -> bool {
        self.enabled.contains(&kind)
    }
}
