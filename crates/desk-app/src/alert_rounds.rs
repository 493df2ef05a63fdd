//! Alert rounds that plan only what can be due (issue 9). Planning every cached ticket
//! at every round (each sync, each wake-up) costs seconds at 100k tickets. The planner
//! tells, per ticket, the next moment one of its alerts may become due
//! ([`Plan::ticket_wakes`]); the store keeps it (`alert_checks`) and resets it when a
//! sync changes the ticket. A round then plans the tickets whose moment came, the changed
//! ones, those of refused writes and the few the handover notice lists — the same alerts
//! as planning them all, since a ticket not planned has nothing due before its moment.
//!
//! A round plans every ticket when what the planner decides with changed: the alert
//! settings, a pause, the officer or unit, the working-day calendar (a year published or
//! corrected by the district) — the round's signature — or when the clock went
//! back more than [`CLOCK_BACK_TOLERANCE_MS`] (a ticket's moment was computed at a later
//! time).

use crate::AppError;
use chrono::{DateTime, Utc};
use desk_store::{AlertRoundMark, Store};
use district_api::OfficerRole;

/// How far the server-corrected clock may go back between rounds (offset corrections)
/// before a round plans every ticket again.
pub const CLOCK_BACK_TOLERANCE_MS: i64 = 60_000;

/// How one round plans.
#[derive(Debug, Clone)]
pub(crate) struct Round {
    /// Plan every cached ticket (else only the due ones).
    pub every: bool,
    mark: AlertRoundMark,
}

/// Decides whether the round at `now` plans every ticket or only the due ones.
pub(crate) fn begin(
    store: &Store,
    now: DateTime<Utc>,
    me: &OfficerRole,
    unit_id: &str,
) -> Result<Round, AppError> {
    let settings = serde_json::to_string(&store.alert_settings()?)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let pause = crate::desktop::stored_pause(store)?.map(|p| p.timestamp_millis());
    let calendar = crate::calendar::fingerprint(&crate::calendar::load(store)?);
    let signature = format!(
        "{}|{unit_id}|{pause:?}|cal:{calendar:016x}|{settings}",
        me.as_str()
    );
    let now_ms = now.timestamp_millis();
    let every = store.alert_round_mark()?.is_none_or(|last| {
        last.signature != signature || now_ms < last.planned_at_ms - CLOCK_BACK_TOLERANCE_MS
    });
    Ok(Round {
        every,
        mark: AlertRoundMark {
            signature,
            planned_at_ms: now_ms,
        },
    })
}

impl Round {
    /// What the round planned with and when, written once its checks are
    /// (`Desk::fire_due_alerts`).
    pub(crate) fn into_mark(self) -> AlertRoundMark {
        self.mark
    }
}
