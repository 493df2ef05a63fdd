//! Alerts (issue 6): the planner over the cache, firing due alerts exactly once, the
//! notification centre, the settings, and the scheduler that wakes for the next alert.
//!
//! The planner (`desk_domain::alerts`) decides what is due; this module feeds it the
//! cached tickets, the refused writes, the duty roster and the fired keys, persists what
//! fired, and tells the shell what to show. The shell only delivers
//! ([`AlertDelivery`]).

use crate::ipc::OutboxEntry;
use crate::ipc::alerts::{AlertEntry, AlertPrefs};
use crate::store_lock::StoreLock;
use crate::{AppError, Desk};
use chrono::{DateTime, Utc};
use desk_domain::WorkCalendar;
use desk_domain::alerts::handover::{HANDOVER_TICKETS, handover_key, roster_is_news};
use desk_domain::alerts::{
    AlertFacts, AlertKey, AlertKind, AlertSettings, FiredKeys, NothingFired, OutboxProblem,
    OutboxProblemState, Plan, PlanInput, plan,
};
use desk_store::{AlertRoundMark, AlertScope, OutboxState, Store};
use district_api::{Duty, OfficerRole};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

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

/// How long one chunk of a round that plans every ticket keeps the cache locked, at
/// most about (the chunks' size adapts to it): the workbench's list waits at most this
/// long behind the first alert pass after a sync (issue 18: at most 50 ms).
pub const CHUNK_HOLD: Duration = Duration::from_millis(5);

/// The first chunk's size, in tickets.
const FIRST_CHUNK: usize = 500;

/// Fired keys written per hold of the cache. The notifications are logged with the
/// first keys; a crash before the last chunk fires the keys not yet written once more
/// at the next round (an alert may repeat once after a crash, never be lost).
const KEYS_PER_HOLD: usize = 500;

/// The next chunk's size after one of `size` tickets kept the cache `took`: aimed at
/// [`CHUNK_HOLD`], at most doubling.
fn next_chunk(size: usize, took: Duration) -> usize {
    let took_us = took.as_micros().max(1);
    let target_us = CHUNK_HOLD.as_micros();
    let next = (size as u128).saturating_mul(target_us) / took_us;
    usize::try_from(next)
        .unwrap_or(usize::MAX)
        .min(size.saturating_mul(2))
        .clamp(50, 50_000)
}

/// What a round reads of the cache besides the tickets (one short hold).
struct Inputs {
    problems: Vec<OutboxProblem>,
    /// The tickets of refused writes (planned in every round).
    also: Vec<String>,
    duty: Option<Duty>,
    settings: AlertSettings,
    calendar: WorkCalendar,
    paused_until: Option<DateTime<Utc>>,
    last_shown: Vec<(AlertKind, DateTime<Utc>)>,
    /// A handover notice may come (it lists the open tickets with the nearest deadlines).
    notice_possible: bool,
    /// The officer not on duty, with nothing wanted: no ticket to read.
    plans_nothing: bool,
}

fn inputs(
    store: &Store,
    now: DateTime<Utc>,
    me: &OfficerRole,
    unit_id: &str,
    handover: bool,
) -> Result<Inputs, AppError> {
    let problems = outbox_problems(store)?;
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
            Some(d) if roster_is_news(d, me, now) => {
                !store.fired_alert_keys_of([])?.contains(&handover_key(d))
            }
            _ => false,
        };
    let settings = store.alert_settings()?;
    // The officer not on duty plans nothing unless the settings ask for a summary: then
    // there is no ticket to read (at 100k cached, reading them all each minute kept the
    // off-duty desk busy and its workbench waiting on the cache).
    let plans_nothing = desk_domain::alerts::on_duty(duty.as_ref(), now) != *me
        && settings.off_duty_mode == desk_domain::alerts::OffDutyMode::None;
    let last_shown = store
        .alert_kinds_shown()?
        .into_iter()
        .filter_map(|(k, ms)| DateTime::from_timestamp_millis(ms).map(|t| (k, t)))
        .collect();
    Ok(Inputs {
        problems,
        also,
        duty,
        settings,
        calendar: crate::calendar::load(store)?,
        paused_until: crate::desktop::stored_pause(store)?,
        last_shown,
        notice_possible,
        plans_nothing,
    })
}

/// The tickets a round plans, each with its cached version, and the fired keys the
/// planner needs of them.
struct Read {
    tickets: Vec<AlertFacts>,
    versions: Vec<i64>,
    fired: HashSet<AlertKey>,
}

impl Read {
    fn of(rows: Vec<(AlertFacts, i64)>, fired: HashSet<AlertKey>) -> Self {
        let (tickets, versions) = rows.into_iter().unzip();
        Read {
            tickets,
            versions,
            fired,
        }
    }
}

/// The due tickets of an incremental round (`scope`), with their fired keys, under the
/// caller's hold.
fn read_due(
    store: &Store,
    unit_id: &str,
    scope: AlertScope<'_>,
    also: &[String],
    ignore_fired: bool,
) -> Result<Read, AppError> {
    let rows = store.alert_facts_versioned(unit_id, scope)?;
    let fired = if ignore_fired {
        HashSet::new()
    } else {
        let ids = rows.iter().map(|(t, _)| t.id.as_str());
        store.fired_alert_keys_of(ids.chain(also.iter().map(String::as_str)))?
    };
    Ok(Read::of(rows, fired))
}

/// Plans `read` with the round's `inputs` (pure: no lock held).
fn plan_read(
    inputs: &Inputs,
    read: &Read,
    me: OfficerRole,
    now: DateTime<Utc>,
    ignore_fired: bool,
) -> Plan {
    let fired: &dyn FiredKeys = if ignore_fired {
        &NothingFired
    } else {
        &read.fired
    };
    plan(&PlanInput {
        tickets: &read.tickets,
        outbox_problems: &inputs.problems,
        calendar: &inputs.calendar,
        settings: &inputs.settings,
        duty: inputs.duty.as_ref(),
        me,
        fired,
        now,
        paused_until: inputs.paused_until,
        last_shown: &inputs.last_shown,
    })
}

/// Every cached ticket with its version, and (unless `ignore_fired`) the fired keys of
/// them and of no ticket, read chunk by chunk (the first of `first` tickets): the cache
/// is released between two chunks (`between` runs then), and a holder waiting for it
/// (the workbench's list) goes first. A sync may change tickets between two chunks:
/// ids are stable, so each ticket is read once, before or after its change (see
/// [`Desk::fire_due_alerts`] for what the round then does).
fn read_every(
    lock: &StoreLock,
    unit_id: &str,
    ignore_fired: bool,
    first: usize,
    between: &mut dyn FnMut(),
) -> Result<Read, AppError> {
    let mut rows = Vec::new();
    let mut fired = HashSet::new();
    let mut after = String::new();
    let mut size = first.max(1);
    loop {
        let started = Instant::now();
        let chunk = {
            let store = lock.lock()?;
            if !ignore_fired && after.is_empty() {
                fired.extend(store.fired_alert_keys_of([])?);
            }
            let chunk = store.alert_facts_chunk(unit_id, &after, size)?;
            if !ignore_fired && let (Some(first), Some(last)) = (chunk.first(), chunk.last()) {
                fired.extend(store.fired_alert_keys_between(&first.0.id, &last.0.id)?);
            }
            chunk
        };
        let took = started.elapsed();
        let full = chunk.len() == size;
        if let Some((last, _)) = chunk.last() {
            after.clone_from(&last.id);
        }
        rows.extend(chunk);
        if !full {
            break;
        }
        size = next_chunk(size, took);
        between();
        lock.let_waiters_in();
    }
    Ok(Read::of(rows, fired))
}

impl Desk {
    /// Every cached ticket with its version, and (unless `ignore_fired`) the fired keys
    /// of them and of no ticket ([`read_every`]).
    fn read_every(&self, unit_id: &str, ignore_fired: bool) -> Result<Read, AppError> {
        read_every(
            self.store_lock(),
            unit_id,
            ignore_fired,
            FIRST_CHUNK,
            &mut || {},
        )
    }

    /// Writes when each planned ticket is next due (`read`'s tickets, `wakes` in the
    /// same order), chunk by chunk, for the tickets still at the version read; then the
    /// round's mark. Returns the round's next wake-up over every cached ticket.
    fn record_checks(
        &self,
        read: &Read,
        plan: &Plan,
        mark: AlertRoundMark,
    ) -> Result<Option<DateTime<Utc>>, AppError> {
        let lock = self.store_lock();
        if let Some(wakes) = &plan.ticket_wakes {
            let checks: Vec<(&str, Option<i64>, i64)> = read
                .tickets
                .iter()
                .zip(&read.versions)
                .zip(wakes)
                .map(|((t, v), w)| (t.id.as_str(), w.map(|w| w.timestamp_millis()), *v))
                .collect();
            let mut size = FIRST_CHUNK * 4;
            let mut rest = checks.as_slice();
            while !rest.is_empty() {
                let (now, later) = rest.split_at(size.min(rest.len()));
                let started = Instant::now();
                lock.lock()?.record_alert_checks_if_unchanged(now)?;
                size = next_chunk(size, started.elapsed());
                rest = later;
                if !rest.is_empty() {
                    lock.let_waiters_in();
                }
            }
        } else {
            // Nothing was planned (off duty, nothing wanted): nothing learned either.
            return Ok(plan.next_wake);
        }
        let store = lock.lock()?;
        store.set_alert_round_mark(&mark)?;
        let stored = store
            .next_alert_check(mark.planned_at_ms)?
            .and_then(DateTime::from_timestamp_millis);
        Ok(match (plan.next_wake, stored) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
    }

    /// What the planner decides at `now` (server time) over the cached data, for the
    /// signed-in officer or, with `as_role`, for officer A or B. With `ignore_fired` the
    /// alerts that already fired count as not fired and no digest as shown (what-if:
    /// `liaison alerts --at`). Changes nothing. Reads the cache in chunks (see [`Desk::fire_due_alerts`]).
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
        let mut inputs = inputs(&*self.store()?, now, &me, &unit_id, false)?;
        if ignore_fired {
            // What-if: as if nothing had been shown, the digests' intervals included.
            inputs.last_shown.clear();
        }
        let read = if inputs.plans_nothing {
            Read::of(Vec::new(), HashSet::new())
        } else {
            self.read_every(&unit_id, ignore_fired)?
        };
        let mut read = read;
        if !ignore_fired {
            read.fired.extend(
                self.store()?
                    .fired_alert_keys_of(inputs.also.iter().map(String::as_str))?,
            );
        }
        Ok(plan_read(&inputs, &read, me, now, ignore_fired))
    }

    /// Plans at the server-corrected now and fires what is due: the keys are remembered
    /// and the notifications logged in the notification centre (with the first
    /// `KEYS_PER_HOLD` (500) keys in one transaction, the rest right after), so each alert
    /// fires once across restarts, re-syncs and clock jumps. Returns what to
    /// show. One round at a time (`alert_gate`).
    ///
    /// The cache is never held for long (issue 18): a round that plans every ticket (the
    /// first after a sign-in's initial sync, or after the settings changed) reads it in
    /// chunks of about [`CHUNK_HOLD`] each, plans with the cache released, and writes
    /// each ticket's next moment in chunks too. A sync may apply changes in between: a
    /// ticket read before its change is planned as it was (as if the sync came right
    /// after the round), and its next moment is not written over the one the sync gave it
    /// (`record_alert_checks_if_unchanged`), so the next round — which the sync wakes —
    /// plans its new state with this round's keys fired. A ticket read after its change
    /// is planned as changed. Either way the alerts are those of planning before or
    /// after the sync, each fired once.
    pub async fn fire_due_alerts(&self) -> Result<FiredAlerts, AppError> {
        let _round = self.alert_gate.lock().await;
        let officer = self.officer().await?;
        let now = self.server_now()?;
        let me = officer.role.clone();
        let unit_id = officer.unit_id.as_str();
        let (round, inputs, read) = {
            let store = self.store()?;
            let round = crate::alert_rounds::begin(&store, now, &me, unit_id)?;
            let inputs = inputs(&store, now, &me, unit_id, true)?;
            let read = if inputs.plans_nothing {
                Some(Read::of(Vec::new(), HashSet::new()))
            } else if round.every {
                None
            } else {
                let horizon = now + inputs.settings.digest_interval();
                Some(read_due(
                    &store,
                    unit_id,
                    AlertScope::Due {
                        now_ms: horizon.timestamp_millis(),
                        also: &inputs.also,
                        nearest_open: if inputs.notice_possible {
                            HANDOVER_TICKETS
                        } else {
                            0
                        },
                    },
                    &inputs.also,
                    false,
                )?)
            };
            (round, inputs, read)
        };
        let read = match read {
            Some(read) => read,
            None => {
                let mut read = self.read_every(unit_id, false)?;
                read.fired.extend(
                    self.store()?
                        .fired_alert_keys_of(inputs.also.iter().map(String::as_str))?,
                );
                read
            }
        };
        let mut plan = plan_read(&inputs, &read, me.clone(), now, false);
        let logged = {
            let mut store = self.store()?;
            crate::duty::add_handover_notice(
                &mut plan,
                &store,
                &read.tickets,
                inputs.duty.as_ref(),
                me,
                &read.fired,
                now,
                inputs.paused_until,
            )?;
            // The notifications with the first keys; the rest of a large round's keys
            // (the first pass after a sync fires one per ticket due) in chunks below.
            let (first, rest) = plan
                .newly_fired
                .split_at(plan.newly_fired.len().min(KEYS_PER_HOLD));
            let logged =
                store.record_fired_alerts(first, &plan.notifications, now.timestamp_millis())?;
            store.record_alert_kinds_shown(&plan.shown_kinds, now.timestamp_millis())?;
            drop(store);
            for keys in rest.chunks(KEYS_PER_HOLD) {
                self.store_lock().let_waiters_in();
                self.store()?
                    .record_fired_alerts(keys, &[], now.timestamp_millis())?;
            }
            logged
        };
        let next_wake = self.record_checks(&read, &plan, round.into_mark())?;
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

    /// The tickets of notification `id` (a digest's click-through opens exactly them).
    pub fn alert_ticket_ids(&self, id: i64) -> Result<Vec<String>, AppError> {
        match self.store()?.alert_log_entry(id)? {
            Some(entry) => Ok(entry.notification.ticket_ids),
            None => Err(AppError::InvalidInput(format!("通知 #{id} 不存在"))),
        }
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
    use crate::DeskOptions;
    use desk_store::Change;
    use district_api::{Officer, Ticket, TicketStatus};
    use std::collections::HashMap;

    const UNIT: &str = district_sim::DEMO_UNIT_ID;

    type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

    /// A desk of officer A whose cache holds `n` generated tickets (as the district's
    /// simulator makes them, dispatched around now).
    fn desk_with_tickets(dir: &std::path::Path, n: u64) -> TestResult<(Desk, Vec<Ticket>)> {
        let now = Utc::now().fixed_offset();
        let calendar = district_sim::sim_calendar();
        let tickets: Vec<Ticket> = (0..n)
            .map(|i| district_sim::generate_ticket(7, i, now, &calendar))
            .collect();
        {
            let desk = Desk::open(DeskOptions {
                data_dir: dir.to_path_buf(),
                ..DeskOptions::default()
            })?;
            let mut store = desk.store()?;
            let changes: Vec<Change> = tickets
                .iter()
                .map(|t| Change::Ticket(Box::new(t.clone())))
                .collect();
            store.apply_page(UNIT, &changes, None)?;
            let officer = Officer {
                id: "a".to_owned(),
                name: "张三".to_owned(),
                unit_id: UNIT.to_owned(),
                unit_name: district_sim::DEMO_UNIT_NAME.to_owned(),
                role: OfficerRole::A,
                phone: String::new(),
            };
            store.set_setting("officer", &serde_json::to_string(&officer)?)?;
        }
        let desk = Desk::open(DeskOptions {
            data_dir: dir.to_path_buf(),
            ..DeskOptions::default()
        })?;
        Ok((desk, tickets))
    }

    /// Everything about a plan but the order of its per-ticket wakes.
    fn same_plan(a: &Plan, a_read: &Read, b: &Plan, b_read: &Read) {
        assert_eq!(a.notifications, b.notifications);
        assert_eq!(a.newly_fired, b.newly_fired);
        assert_eq!(
            (a.held, a.deferred, a.next_wake),
            (b.held, b.deferred, b.next_wake)
        );
        assert_eq!(a.shown_kinds, b.shown_kinds);
        let wakes = |p: &Plan, r: &Read| -> HashMap<String, Option<DateTime<Utc>>> {
            r.tickets
                .iter()
                .map(|t| t.id.clone())
                .zip(p.ticket_wakes.clone().unwrap_or_default())
                .collect()
        };
        assert_eq!(wakes(a, a_read), wakes(b, b_read));
    }

    #[test]
    fn chunked_planning_is_whole_planning() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (desk, _) = desk_with_tickets(dir.path(), 3_000)?;
        let now = desk.server_now()?;
        let me = OfficerRole::A;
        // Some keys fired already, so that reading them by chunk matters.
        let first = {
            let store = desk.store()?;
            let inputs = inputs(&store, now, &me, UNIT, false)?;
            let whole = Read::of(
                store.alert_facts_versioned(UNIT, AlertScope::Every)?,
                store.fired_alert_keys()?,
            );
            plan_read(&inputs, &whole, me.clone(), now, false)
        };
        assert!(
            !first.newly_fired.is_empty(),
            "nothing due in the generated cache"
        );
        let half: Vec<AlertKey> = first.newly_fired.iter().step_by(2).cloned().collect();
        desk.store()?
            .record_fired_alerts(&half, &[], now.timestamp_millis())?;

        let store = desk.store()?;
        let inputs = inputs(&store, now, &me, UNIT, false)?;
        let whole = Read::of(
            store.alert_facts_versioned(UNIT, AlertScope::Every)?,
            store.fired_alert_keys()?,
        );
        drop(store);
        let mut chunks = 0;
        let chunked = read_every(desk.store_lock(), UNIT, false, 100, &mut || chunks += 1)?;
        assert!(chunks >= 5, "{chunks} chunks");
        assert_eq!(chunked.tickets.len(), 3_000);
        let a = plan_read(&inputs, &whole, me.clone(), now, false);
        let b = plan_read(&inputs, &chunked, me, now, false);
        same_plan(&a, &whole, &b, &chunked);
        Ok(())
    }

    #[tokio::test]
    async fn a_sync_between_chunks_loses_no_change() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (desk, tickets) = desk_with_tickets(dir.path(), 2_000)?;
        let mut ids: Vec<&Ticket> = tickets.iter().collect();
        ids.sort_by(|a, b| a.id.cmp(&b.id));
        // X is read in the first chunk, then changed; Y is changed before its chunk.
        let (x, y) = (ids[10].clone(), ids[1_500].clone());
        let replied = |t: &Ticket| {
            let mut t = t.clone();
            t.version += 1;
            t.status = TicketStatus::Replied;
            t
        };
        let mut synced = false;
        let lock = desk.store_lock();
        let read = read_every(lock, UNIT, false, 300, &mut || {
            if !synced {
                synced = true;
                let changes = [
                    Change::Ticket(Box::new(replied(&x))),
                    Change::Ticket(Box::new(replied(&y))),
                ];
                if let Ok(mut store) = lock.lock() {
                    let _ = store.apply_page(UNIT, &changes, None);
                }
            }
        })?;
        assert!(synced);
        // Each ticket read once: X as it was, Y as it is now.
        let mut seen = HashSet::new();
        assert!(read.tickets.iter().all(|t| seen.insert(t.id.clone())));
        assert_eq!(read.tickets.len(), 2_000);
        let status = |id: &str| {
            read.tickets
                .iter()
                .find(|t| t.id == id)
                .map(|t| t.status.clone())
        };
        assert_eq!(status(&x.id), Some(x.status.clone()));
        assert_eq!(status(&y.id), Some(TicketStatus::Replied));
        // The round writes every ticket's next moment but X's: the sync reset it, so
        // the next round plans X's new state.
        let now = desk.server_now()?;
        let inputs = inputs(&*desk.store()?, now, &OfficerRole::A, UNIT, false)?;
        let plan = plan_read(&inputs, &read, OfficerRole::A, now, false);
        desk.record_checks(
            &read,
            &plan,
            AlertRoundMark {
                signature: "test".to_owned(),
                planned_at_ms: now.timestamp_millis(),
            },
        )?;
        let next: Vec<String> = desk
            .store()?
            .alert_facts(
                UNIT,
                AlertScope::Due {
                    now_ms: 0,
                    also: &[],
                    nearest_open: 0,
                },
            )?
            .into_iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(next, vec![x.id.clone()]);
        // Rounds through the desk: what is due fires once.
        desk.fire_due_alerts().await?;
        let again = desk.fire_due_alerts().await?;
        assert_eq!(again.alerts, Vec::new());
        Ok(())
    }

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
