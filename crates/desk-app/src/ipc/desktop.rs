//! The IPC shapes of A/B duty and of the app's desktop presence (issue 6): the duty
//! panel and the desktop preferences.

use super::{OfficerRoleView, OutboxEntry};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One officer of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DutyOfficer {
    pub role: OfficerRoleView,
    pub name: String,
    /// Work phone (may be empty).
    pub phone: String,
}

/// The duty panel: who is A, who is B, who is on duty (as the alert planner sees it:
/// after a handover's `until` passes, A), since and until when, the handover note, and
/// what the signed-in officer may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DutyPanel {
    /// A roster was synced; without one nothing else is known (the actions wait for a
    /// sync: a duty PUT needs the roster's revision).
    pub known: bool,
    pub a: Option<DutyOfficer>,
    pub b: Option<DutyOfficer>,
    /// Who gets the alerts now.
    pub on_duty: OfficerRoleView,
    /// Since when (epoch ms): the handover's start, or its end once it passed.
    pub since_ms: Option<i64>,
    /// Until when B is on duty (epoch ms); `null` when A is on duty or B has no end.
    pub until_ms: Option<i64>,
    /// The handover note while the handover is in force (plain text).
    pub note: String,
    /// The signed-in officer's role (`null` before sign-in).
    pub me: Option<OfficerRoleView>,
    /// The signed-in officer is the one on duty.
    pub i_am_on_duty: bool,
    /// 我要请假/外出: A, while on duty.
    pub can_hand_over: bool,
    /// 我已返岗: A, while B is on duty.
    pub can_take_back: bool,
    /// The newest duty write not yet confirmed by the district (pending, or refused and
    /// waiting for the officer): the roster above does not show it yet.
    pub pending: Option<OutboxEntry>,
}

/// The app's desktop preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DesktopPrefs {
    /// Start with the desktop session (on unless the officer turned it off).
    pub autostart: bool,
    /// Alerts paused until then (epoch ms, server time); `null` when not paused.
    pub alerts_paused_until_ms: Option<i64>,
}
