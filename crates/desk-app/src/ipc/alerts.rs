//! The IPC shapes of alerts (issue 6): the notification centre's entries and the
//! officer's alert settings.

use desk_domain::alerts::{
    AlertKind, AlertSettings, AlertUrgency, Lead, OffDutyMode, WorkingHours,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One notification in the notification centre (every alert fired, newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AlertEntry {
    /// The log entry's id (for "mark read").
    pub id: i64,
    /// When it fired, server-corrected epoch milliseconds.
    pub at_ms: i64,
    /// What it is about; for a digest, its most important member's kind.
    pub kind: AlertKind,
    /// The kind in Chinese (新工单, 已超时, ...).
    pub kind_label: String,
    /// Several alerts in one notification.
    pub digest: bool,
    /// The tickets it is about (the first one opens on click).
    pub ticket_ids: Vec<String>,
    /// Overdue, redo or red supervision among its alerts.
    pub critical: bool,
    pub urgency: AlertUrgency,
    /// Plain text: shown as text, never as HTML.
    pub title: String,
    /// Plain text, one line per ticket for a digest.
    pub body: String,
    /// The officer saw it in the notification centre.
    pub read: bool,
}

impl From<desk_store::AlertLogEntry> for AlertEntry {
    fn from(e: desk_store::AlertLogEntry) -> Self {
        let n = e.notification;
        AlertEntry {
            id: e.id,
            at_ms: e.at_ms,
            kind: n.kind,
            kind_label: n.kind.label().to_owned(),
            digest: n.digest,
            ticket_ids: n.ticket_ids,
            critical: n.critical,
            urgency: n.urgency,
            title: n.title,
            body: n.body,
            read: e.read,
        }
    }
}

/// The officer's alert settings as the settings screen edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AlertPrefs {
    /// Reminders before the ack deadline.
    pub ack_leads: Vec<Lead>,
    /// Reminders before the reply deadline.
    pub reply_leads: Vec<Lead>,
    /// Reminders before a co-handler's opinion deadline.
    pub opinion_leads: Vec<Lead>,
    /// Repeat overdue alerts each working day.
    pub overdue_repeat_daily: bool,
    /// Start of the office day, Beijing time, `HH:MM`.
    pub work_start: String,
    /// End of the office day, Beijing time, `HH:MM`.
    pub work_end: String,
    /// Hold non-critical reminders outside the office day.
    pub hold_outside_working_hours: bool,
    /// From how many alerts due together one digest is shown.
    pub digest_min: u32,
    /// What the officer off duty gets.
    pub off_duty_mode: OffDutyMode,
    /// The kinds of alert that are on.
    pub enabled: Vec<AlertKind>,
}

impl From<&AlertSettings> for AlertPrefs {
    fn from(s: &AlertSettings) -> Self {
        AlertPrefs {
            ack_leads: s.ack_leads.clone(),
            reply_leads: s.reply_leads.clone(),
            opinion_leads: s.opinion_leads.clone(),
            overdue_repeat_daily: s.overdue_repeat_daily,
            work_start: s.working_hours.start.format("%H:%M").to_string(),
            work_end: s.working_hours.end.format("%H:%M").to_string(),
            hold_outside_working_hours: s.hold_outside_working_hours,
            digest_min: u32::try_from(s.digest_min).unwrap_or(u32::MAX),
            off_duty_mode: s.off_duty_mode,
            enabled: s.enabled.iter().copied().collect(),
        }
    }
}

/// Alert settings the planner cannot use; the message names what to correct.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PrefsError(pub String);

impl AlertPrefs {
    /// The planner's settings; `Err` names what the officer must correct.
    pub fn to_settings(&self) -> Result<AlertSettings, PrefsError> {
        let time = |s: &str| {
            chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M")
                .map_err(|_| PrefsError(format!("时间格式应为 时:分（如 08:30），而不是「{s}」")))
        };
        let working_hours = WorkingHours {
            start: time(&self.work_start)?,
            end: time(&self.work_end)?,
        };
        if working_hours.start >= working_hours.end {
            return Err(PrefsError("工作时间的开始应早于结束".to_owned()));
        }
        let leads_ok = |leads: &[Lead]| {
            leads.iter().all(|l| match l {
                Lead::Minutes(m) => (1..=7 * 24 * 60).contains(m),
                Lead::WorkingDays(d) => (1..=10).contains(d),
            })
        };
        if !(leads_ok(&self.ack_leads)
            && leads_ok(&self.reply_leads)
            && leads_ok(&self.opinion_leads))
        {
            return Err(PrefsError(
                "提前提醒应为 1 分钟到 7 天，或 1 到 10 个工作日".to_owned(),
            ));
        }
        Ok(AlertSettings {
            ack_leads: self.ack_leads.clone(),
            reply_leads: self.reply_leads.clone(),
            opinion_leads: self.opinion_leads.clone(),
            overdue_repeat_daily: self.overdue_repeat_daily,
            working_hours,
            hold_outside_working_hours: self.hold_outside_working_hours,
            digest_min: usize::try_from(self.digest_min).unwrap_or(usize::MAX),
            off_duty_mode: self.off_duty_mode,
            enabled: self.enabled.iter().copied().collect(),
            // Not on the settings screen: the default.
            digest_interval_minutes: AlertSettings::default().digest_interval_minutes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_go_through_the_settings_screen_unchanged() {
        let defaults = AlertSettings::default();
        let prefs = AlertPrefs::from(&defaults);
        assert_eq!(prefs.work_start, "08:30");
        assert_eq!(prefs.to_settings(), Ok(defaults));
    }

    #[test]
    fn nonsense_hours_and_leads_are_refused_with_a_reason() {
        let ok = AlertPrefs::from(&AlertSettings::default());
        let bad_time = AlertPrefs {
            work_start: "8点半".to_owned(),
            ..ok.clone()
        };
        assert!(bad_time.to_settings().is_err_and(|e| e.0.contains("08:30")));
        let reversed = AlertPrefs {
            work_start: "18:00".to_owned(),
            ..ok.clone()
        };
        assert!(reversed.to_settings().is_err());
        let zero_lead = AlertPrefs {
            ack_leads: vec![Lead::Minutes(0)],
            ..ok
        };
        assert!(zero_lead.to_settings().is_err());
    }
}
