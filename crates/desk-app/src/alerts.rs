//! Alerts (issue 6): the planner over the cache, firing due alerts exactly once, the
//! notification centre, the settings, and the scheduler that wakes for the next alert.
//!
//! The planner (`desk_domain::alerts`) decides what is due; this module feeds it the
//! cached tickets, the refused writes, the duty roster and the fired keys, persists what
//! fired, and tells the shell what to show. The shell only delivers
//! ([`AlertDelivery`]).

use crate::ipc::OutboxEntry;
use crate::ipc::alerts::{AlertEntry, AlertPrefs};
use crate::{AppError, Desk};
use chrono::{DateTime, Utc};
use desk_domain::alerts::handover::{HANDOVER_TICKETS, handover_key, roster_is_news};
use desk_domain::alerts::{
    AlertFacts, FiredKeys, NothingFired, OutboxProblem, OutboxProblemState, Plan, PlanInput, plan,
};
use desk_store::{AlertScope, OutboxState, Store};
use district_api::OfficerRole;
use std::sync::Arc;
use std::time::Duration;

/// The scheduler re-checks at least this often (of sleep time), so that a PC that slept
/// or a clock that jumped is noticed within a minute even when no alert is ahead.
pub const MAX_CHECK_INTERVAL: Duration = Duration::from_secs(60);

/// The shortest sleep between two checks: a wake-up that came a hair early (timers and
/// the wall clock drift apart) never spins.
pub const MIN_CHECK_INTERVAL: Duration = Duration::from_millis(50);

/// How many entries the notification centre returns at most.
pub const ALERT_LOG_LIMIT: usize = 500;

/// What one round of [`Desk::fire_due_alerts`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiredAlerts {
    /// The notifications to show now, already in the notification centre.
    pub alerts: Vec<AlertEntry>,
    /// The server-corrected time the round planned at.
    pub now: DateTime<Utc>,
    /// When the next alert may become due (the planner's answer).
    pub next_wake: Option<DateTime<Utc>>,
}

/// Shows fired alerts on the desktop (the shell's notification call). Called off the
/// async runtime: it may block on D-Bus.
pub type AlertDelivery = Arc<dyn Fn(Vec<AlertEntry>) + Send + Sync>;

/// How long the scheduler sleeps after planning at `now` (server time): until the
/// planner's `next_wake`, but never longer than [`MAX_CHECK_INTERVAL`] (sleep is counted
/// on the monotonic clock, which stands still while the PC sleeps and ignores clock
/// changes; re-checking each minute catches both) and never shorter than
/// [`MIN_CHECK_INTERVAL`].
pub fn next_check_delay(now: DateTime<Utc>, next_wake: Option<DateTime<Utc>>) -> Duration {
    let Some(wake) = next_wake else {
        return MAX_CHECK_INTERVAL;
    };
    let until = (wake - now).to_std().unwrap_or(Duration::ZERO);
    until.clamp(MIN_CHECK_INTERVAL, MAX_CHECK_INTERVAL)
}

/// The refused writes of the outbox, as the planner sees them.
fn outbox_problems(store: &Store) -> Result<Vec<OutboxProblem>, AppError> {
    Ok(store
        .outbox()?
        .into_iter()
        .filter_map(|row| {
            let state = match row.state {
                OutboxState::Conflict => OutboxProblemState::Conflict,
                OutboxState::Rejected => OutboxProblemState::Rejected,
                _ => return None,
            };
            let at = DateTime::from_timestamp_millis(row.updated_ms)?;
            let entry = OutboxEntry::from(row);
            Some(OutboxProblem {
                entry_id: entry.id,
                ticket_id: entry.ticket_id,
                state,
                write: entry.kind_label,
                detail: entry.last_error.unwrap_or_default(),
                at,
            })
        })
        .collect())
}

/// Plans over everything cached in `store`, respecting a pause of alerts. With
/// `handover`, an alert round: the handover notice is added when a synced roster put
/// `me` on duty (`liaison alerts` leaves it out: its JSON kinds are the planner's).
fn plan_over(
    store: &Store,
    now: DateTime<Utc>,
    me: OfficerRole,
    unit_id: &str,
    ignore_fired: bool,
    handover: bool,
    due_only: bool,
) -> Result<(Plan, Vec<String>), AppError> {
    let problems = outbox_problems(store)?;
    // With `due_only`, only the tickets that can have something due (`alert_rounds`).
    let also: Vec<String> = problems
        .iter()
        .filter_map(|p| p.ticket_id.clone())
        .collect();
    let duty = store.duty(unit_id)?;
    // The handover notice lists the open tickets with the nearest deadlines: read them
    // only when a notice may come (this officer on duty through a roster that is news,
    // and its notice not fired yet).
    let notice_possible = handover
        && match &duty {
            Some(d) if roster_is_news(d, &me, now) => {
                !store.fired_alert_keys_of([])?.contains(&handover_key(d))
            }
            _ => false,
        };
    let scope = if due_only {
        AlertScope::Due {
            now_ms: now.timestamp_millis(),
            also: &also,
            nearest_open: if notice_possible { HANDOVER_TICKETS } else { 0 },
        }
    } else {
        AlertScope::Every
    };
    let settings = store.alert_settings()?;
    // The officer not on duty plans nothing unless the settings ask for a summary: then
    // there is no ticket to read (at 100k cached, reading them all each minute kept the
    // off-duty desk busy and its workbench waiting on the cache).
    let plans_nothing = desk_domain::alerts::on_duty(duty.as_ref(), now) != me
        && settings.off_duty_mode == desk_domain::alerts::OffDutyMode::None;
    let tickets: Vec<AlertFacts> = if plans_nothing {
        Vec::new()
    } else {
        store.alert_facts(unit_id, scope)?
    };
    let calendar = crate::calendar::load(store)?;
    let fired_keys;
    let fired: &dyn FiredKeys = if ignore_fired {
        &NothingFired
    } else if due_only {
        let ids = tickets.iter().map(|t| t.id.as_str());
        fired_keys = store.fired_alert_keys_of(ids.chain(also.iter().map(String::as_str)))?;
        &fired_keys
    } else {
        fired_keys = store.fired_alert_keys()?;
        &fired_keys
    };
    let paused_until = crate::desktop::stored_pause(store)?;
    let mut planned = plan(&PlanInput {
        tickets: &tickets,
        outbox_problems: &problems,
        calendar: &calendar,
        settings: &settings,
        duty: duty.as_ref(),
        me: me.clone(),
        fired,
        now,
        paused_until,
    });
    if handover {
        crate::duty::add_handover_notice(
            &mut planned,
            store,
            &tickets,
            duty.as_ref(),
            me,
            fired,
            now,
            paused_until,
        )?;
    }
    Ok((planned, tickets.into_iter().map(|t| t.id).collect()))
}

impl Desk {
    /// What the planner decides at `now` (server time) over the cached data, for the
    /// signed-in officer or, with `as_role`, for officer A or B. With `ignore_fired` the
    /// alerts that already fired count as not fired (what-if: `liaison alerts --at`).
    /// Changes nothing.
    pub fn plan_alerts_at(
        &self,
        now: DateTime<Utc>,
        as_role: Option<OfficerRole>,
        ignore_fired: bool,
    ) -> Result<Plan, AppError> {
        let officer = self.cached_officer();
        let me = match (as_role, &officer) {
            (Some(role), _) => role,
            (None, Some(o)) => o.role.clone(),
            (None, None) => return Err(AppError::NotSignedIn),
        };
        let unit_id = officer.map(|o| o.unit_id).unwrap_or_default();
        let store = self.store()?;
        plan_over(&store, now, me, &unit_id, ignore_fired, false, false).map(|(plan, _)| plan)
    }

    /// Plans at the server-corrected now and fires what is due: the keys are remembered
    /// and the notifications logged in the notification centre in one transaction, so
    /// each alert fires once across restarts, re-syncs and clock jumps. Returns what to
    /// show. The store stays locked from planning to recording, so two rounds never
    /// fire the same alert.
    pub async fn fire_due_alerts(&self) -> Result<FiredAlerts, AppError> {
        let officer = self.officer().await?;
        let now = self.server_now()?;
        let mut store = self.store()?;
        let round = crate::alert_rounds::begin(&store, now, &officer.role, &officer.unit_id)?;
        let (plan, planned) = plan_over(
            &store,
            now,
            officer.role,
            &officer.unit_id,
            false,
            true,
            !round.every,
        )?;
        let logged = store.record_fired_alerts(
            &plan.newly_fired,
            &plan.notifications,
            now.timestamp_millis(),
        )?;
        let next_wake = round.finish(&mut store, &plan, &planned)?;
        drop(store);
        if !plan.uncovered_years.is_empty() {
            tracing::warn!(years = ?plan.uncovered_years, "calendar does not cover these years; weekdays counted as working days");
        }
        Ok(FiredAlerts {
            alerts: logged.into_iter().map(AlertEntry::from).collect(),
            now,
            next_wake,
        })
    }

    /// The notification centre, newest first.
    pub fn alert_log(&self) -> Result<Vec<AlertEntry>, AppError> {
        Ok(self
            .store()?
            .alert_log(ALERT_LOG_LIMIT)?
            .into_iter()
            .map(AlertEntry::from)
            .collect())
    }

    /// How many notifications the officer has not seen (the bell's badge).
    pub fn unread_alert_count(&self) -> Result<i64, AppError> {
        Ok(self.store()?.unread_alert_count()?)
    }

    /// Marks one notification read.
    pub fn mark_alert_read(&self, id: i64) -> Result<(), AppError> {
        if self.store()?.mark_alert_read(id)? {
            Ok(())
        } else {
            Err(AppError::InvalidInput(format!("通知 #{id} 不存在")))
        }
    }

    /// Marks every notification read.
    pub fn mark_all_alerts_read(&self) -> Result<(), AppError> {
        self.store()?.mark_all_alerts_read()?;
        Ok(())
    }

    /// The officer's alert settings (the defaults until changed).
    pub fn alert_settings(&self) -> Result<AlertPrefs, AppError> {
        Ok(AlertPrefs::from(&self.store()?.alert_settings()?))
    }

    /// Saves the officer's alert settings; they apply from the scheduler's next round.
    pub fn set_alert_settings(&self, prefs: &AlertPrefs) -> Result<(), AppError> {
        let settings = prefs
            .to_settings()
            .map_err(|e| AppError::InvalidInput(e.0))?;
        Ok(self.store()?.set_alert_settings(&settings)?)
    }

    /// The alert scheduler: fires what is due, hands it to `deliver`, then sleeps until
    /// the next alert may be due ([`next_check_delay`]) or `wake` is notified (after a
    /// sync changed the cache, after settings changed). Runs until the task is dropped.
    pub async fn run_alert_scheduler(
        self: Arc<Self>,
        wake: Arc<tokio::sync::Notify>,
        deliver: AlertDelivery,
    ) {
        loop {
            let delay = match self.fire_due_alerts().await {
                Ok(fired) => {
                    if !fired.alerts.is_empty() {
                        let deliver = Arc::clone(&deliver);
                        let alerts = fired.alerts;
                        if let Err(e) = tokio::task::spawn_blocking(move || deliver(alerts)).await {
                            tracing::warn!(error = %e, "alert delivery panicked");
                        }
                    }
                    next_check_delay(fired.now, fired.next_wake)
                }
                Err(e) => {
                    tracing::info!(error = %e.for_log(), "alerts not planned this round");
                    MAX_CHECK_INTERVAL
                }
            };
            tokio::select! {
                () = tokio::time::sleep_until(tokio::time::Instant::now() + delay) => {}
                () = wake.notified() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        test_support::time::utc(s)
    }

    #[test]
    fn the_scheduler_sleeps_until_the_next_alert_but_rechecks_each_minute() {
        let now = at("2026-12-03T09:00:00+08:00");
        let s = Duration::from_secs;
        let cases: [(&str, Option<&str>, Duration); 7] = [
            ("nothing ahead: re-check in a minute", None, s(60)),
            ("alert in 20 s", Some("2026-12-03T09:00:20+08:00"), s(20)),
            (
                "alert in exactly 60 s",
                Some("2026-12-03T09:01:00+08:00"),
                s(60),
            ),
            (
                "alert in 3 h: a minute, to catch sleep and clock jumps",
                Some("2026-12-03T12:00:00+08:00"),
                s(60),
            ),
            (
                "alert 1 ms ahead: not a spin",
                Some("2026-12-03T09:00:00.001+08:00"),
                Duration::from_millis(50),
            ),
            (
                "alert already due (clock drift): not a spin",
                Some("2026-12-03T08:59:59+08:00"),
                Duration::from_millis(50),
            ),
            (
                "alert in 1.5 s",
                Some("2026-12-03T09:00:01.500+08:00"),
                Duration::from_millis(1500),
            ),
        ];
        for (what, wake, expected) in cases {
            assert_eq!(next_check_delay(now, wake.map(at)), expected, "{what}");
        }
    }
}
