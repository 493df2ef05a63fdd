//! The app's desktop presence (issue 6) minus Tauri: the tray's tooltip text and menu
//! labels, pausing alerts for an hour, and the autostart preference. The shell only
//! wires these to the tray icon and the autostart plugin.

use crate::ipc::desktop::DesktopPrefs;
use crate::ipc::{TabCounts, TicketQuery};
use crate::{AppError, Desk};
use chrono::{DateTime, Duration, Utc};
use desk_domain::alerts::paused;
use desk_domain::tabs::Tab;
use desk_store::Store;

/// The settings key of the pause's end (epoch ms, server time).
const SETTING_PAUSED_UNTIL: &str = "alerts_paused_until_ms";
/// The settings key of the autostart preference (`"on"` / `"off"`; unset = on).
const SETTING_AUTOSTART: &str = "autostart";

/// How long the tray's "暂停提醒 1 小时" pauses.
pub const PAUSE: Duration = Duration::hours(1);

/// The 即将超时 window of the tray's count (the list's default tab window).
pub const DUE_SOON_HOURS: u32 = 24;

/// What the tray shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayStatus {
    /// `待签收 3 · 即将超时 5 · 已超时 1 · 重办 0`: the menu's first (inactive) line, the
    /// one place Linux shows it (its tray icons have no tooltips).
    pub counts: String,
    /// The tooltip (Windows, macOS): the app's name, the counts, and the pause if any.
    pub tooltip: String,
    /// The short label beside the icon where the platform shows one: what waits for the
    /// officer now (`待签收3 已超时1`), empty when nothing does.
    pub badge: String,
    /// The pause item's label: pause, or resume with the pause's end.
    pub pause_label: String,
    /// Alerts are paused now.
    pub paused: bool,
}

/// `HH:MM` Beijing time.
fn hhmm(t: DateTime<Utc>) -> String {
    (t + Duration::hours(8)).format("%H:%M").to_string()
}

/// The tray's text for `counts` at `now`, alerts paused until `paused_until`.
///
/// `12345 联络员工作台\n待签收 3 · 即将超时 5 · 已超时 1 · 重办 0`, and a third line
/// `提醒已暂停至 10:30` while paused.
pub fn tray_status(
    counts: &TabCounts,
    paused_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> TrayStatus {
    let line = format!(
        "待签收 {} · 即将超时 {} · 已超时 {} · 重办 {}",
        counts.pending_ack, counts.due_soon, counts.overdue, counts.redo
    );
    let mut tooltip = format!("12345 联络员工作台\n{line}");
    let badge = [("待签收", counts.pending_ack), ("已超时", counts.overdue)]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{label}{n}"))
        .collect::<Vec<_>>()
        .join(" ");
    let paused = paused(paused_until, now);
    if let Some(end) = paused {
        tooltip.push_str(&format!(
            "\n提醒已暂停至 {}（超时等紧急提醒照常）",
            hhmm(end)
        ));
    }
    TrayStatus {
        counts: line,
        tooltip,
        badge,
        pause_label: match paused {
            Some(end) => format!("恢复提醒（已暂停至 {}）", hhmm(end)),
            None => "暂停提醒 1 小时".to_owned(),
        },
        paused: paused.is_some(),
    }
}

/// The pause's end as stored (even if it already passed).
pub(crate) fn stored_pause(store: &Store) -> Result<Option<DateTime<Utc>>, AppError> {
    Ok(store
        .setting(SETTING_PAUSED_UNTIL)?
        .and_then(|v| v.parse::<i64>().ok())
        .and_then(DateTime::from_timestamp_millis))
}

impl Desk {
    /// Pauses non-critical alerts for [`PAUSE`] from now (server time). Held alerts are
    /// not lost: they come when the pause ends. Returns the pause's end.
    pub fn pause_alerts(&self) -> Result<DateTime<Utc>, AppError> {
        let end_ms = (self.server_now()? + PAUSE).timestamp_millis();
        self.store()?
            .set_setting(SETTING_PAUSED_UNTIL, &end_ms.to_string())?;
        DateTime::from_timestamp_millis(end_ms)
            .ok_or_else(|| AppError::Internal("暂停时间超出范围".to_owned()))
    }

    /// Ends a pause now: held alerts come at the scheduler's next round.
    pub fn resume_alerts(&self) -> Result<(), AppError> {
        Ok(self.store()?.set_setting(SETTING_PAUSED_UNTIL, "")?)
    }

    /// Pauses when not paused, resumes when paused (the tray's one item). Returns
    /// whether alerts are paused now.
    pub fn toggle_alert_pause(&self) -> Result<bool, AppError> {
        let now = self.server_now()?;
        if paused(stored_pause(&*self.store()?)?, now).is_some() {
            self.resume_alerts()?;
            Ok(false)
        } else {
            self.pause_alerts()?;
            Ok(true)
        }
    }

    /// The pause's end, if alerts are paused now.
    pub fn alerts_paused_until(&self) -> Result<Option<DateTime<Utc>>, AppError> {
        let now = self.server_now()?;
        Ok(paused(stored_pause(&*self.store()?)?, now))
    }

    /// What the tray shows now: the counts of the list's tabs (server time) and the pause.
    pub fn tray_status(&self) -> Result<TrayStatus, AppError> {
        let now = self.server_now()?;
        let page = self.ticket_page_at(
            &TicketQuery {
                tab: Tab::PendingAck,
                search: None,
                offset: 0,
                limit: 1,
                due_soon_hours: DUE_SOON_HOURS,
                figure: None,
                alert: None,
            },
            now,
        )?;
        let paused_until = stored_pause(&*self.store()?)?;
        Ok(tray_status(&page.counts, paused_until, now))
    }

    /// Whether the app starts with the desktop session: on unless turned off.
    pub fn autostart_enabled(&self) -> Result<bool, AppError> {
        Ok(self.store()?.setting(SETTING_AUTOSTART)?.as_deref() != Some("off"))
    }

    /// Saves the autostart preference (the shell applies it to the system).
    pub fn set_autostart_enabled(&self, enabled: bool) -> Result<(), AppError> {
        let value = if enabled { "on" } else { "off" };
        Ok(self.store()?.set_setting(SETTING_AUTOSTART, value)?)
    }

    /// The desktop preferences the UI shows.
    pub fn desktop_prefs(&self) -> Result<DesktopPrefs, AppError> {
        Ok(DesktopPrefs {
            autostart: self.autostart_enabled()?,
            alerts_paused_until_ms: self.alerts_paused_until()?.map(|t| t.timestamp_millis()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn at(s: &str) -> DateTime<Utc> {
        test_support::time::utc(s)
    }

    #[test]
    fn the_tray_shows_the_four_counts_and_the_pause() {
        let counts = TabCounts {
            all: 40,
            pending_ack: 3,
            due_soon: 5,
            overdue: 1,
            redo: 0,
            ..TabCounts::default()
        };
        let now = at("2026-12-01T09:30:00+08:00");
        let s = tray_status(&counts, None, now);
        assert_eq!(
            s.tooltip,
            "12345 联络员工作台\n待签收 3 · 即将超时 5 · 已超时 1 · 重办 0"
        );
        assert_eq!(s.counts, "待签收 3 · 即将超时 5 · 已超时 1 · 重办 0");
        assert_eq!(s.badge, "待签收3 已超时1");
        assert_eq!(s.pause_label, "暂停提醒 1 小时");
        assert!(!s.paused);
        let calm = tray_status(&TabCounts::default(), None, now);
        assert_eq!(calm.badge, "", "nothing waiting: no label beside the icon");

        let s = tray_status(&counts, Some(at("2026-12-01T10:30:00+08:00")), now);
        assert_eq!(
            s.tooltip,
            "12345 联络员工作台\n待签收 3 · 即将超时 5 · 已超时 1 · 重办 0\n\
             提醒已暂停至 10:30（超时等紧急提醒照常）"
        );
        assert_eq!(s.pause_label, "恢复提醒（已暂停至 10:30）");
        assert!(s.paused);

        // A pause that ended is no pause.
        let s = tray_status(&counts, Some(at("2026-12-01T09:30:00+08:00")), now);
        assert!(!s.paused);
        assert_eq!(s.pause_label, "暂停提醒 1 小时");
    }

    #[test]
    fn pausing_resuming_and_autostart_are_kept_in_the_desk_settings() {
        let dir = tempfile::tempdir().expect("temp dir");
        let desk = Desk::open(crate::DeskOptions {
            data_dir: dir.path().join("d"),
            ..crate::DeskOptions::default()
        })
        .expect("desk");
        assert_eq!(desk.alerts_paused_until().expect("paused?"), None);
        let end = desk.pause_alerts().expect("pause");
        let left = end - Utc::now();
        assert!(left > Duration::minutes(59) && left <= PAUSE, "{left}");
        assert_eq!(desk.alerts_paused_until().expect("paused?"), Some(end));
        assert!(desk.tray_status().expect("tray").paused);
        assert!(!desk.toggle_alert_pause().expect("toggle resumes"));
        assert_eq!(desk.alerts_paused_until().expect("paused?"), None);
        assert!(desk.toggle_alert_pause().expect("toggle pauses"));

        // Autostart: on at first start, off once turned off, across a reopen.
        assert!(desk.autostart_enabled().expect("pref"));
        desk.set_autostart_enabled(false).expect("off");
        drop(desk);
        let desk = Desk::open(crate::DeskOptions {
            data_dir: dir.path().join("d"),
            ..crate::DeskOptions::default()
        })
        .expect("reopen");
        let prefs = desk.desktop_prefs().expect("prefs");
        assert!(!prefs.autostart);
        assert!(
            prefs.alerts_paused_until_ms.is_some(),
            "the pause survives a restart"
        );
    }
}
