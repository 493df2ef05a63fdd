//! The alert planner (issue 6): which desktop alerts are due *now*, for the officer on
//! duty, given the cached tickets, the outbox's refused writes, the calendar, the
//! officer's settings, the duty roster and the alerts already fired.
//!
//! Pure: no IO, no clock reads. The caller persists [`Plan::newly_fired`] (so a restart,
//! a re-sync or a clock jump never repeats an alert), shows [`Plan::notifications`] and
//! sleeps until [`Plan::next_wake`] or the next sync.
//!
//! # Rules
//!
//! - Each [`AlertKey`] (ticket, kind, threshold) fires once.
//! - A ticket's deadline is a *ladder* of steps: for a ticket awaiting acknowledgement
//!   the new-ticket alert, the ack reminders (30 and 10 min before) and the ack deadline
//!   passing; for an open ticket the reply reminders (1 working day, 4 h, 1 h before) and
//!   overdue; for a co-handler the opinion deadline instead of the reply deadline. Only
//!   the ladder's *current* step fires: when several steps passed unseen (the app was
//!   off, the clock jumped forward), the latest fires and the earlier ones are marked
//!   fired with it, so a clock jump backwards finds them fired too.
//! - Overdue (1 s past the deadline, as [`countdown`](crate::countdown::countdown)
//!   counts it) fires at once, then again at the start of each working day while the
//!   deadline stays overdue.
//! - Replied, closed and removed tickets (the caller passes only tickets the unit holds)
//!   get no deadline alerts; closed ones get no alerts at all.
//! - Events: a ticket in 重办 (once per redo count), a new or changed supervision, an
//!   extension approved or rejected, a write the district refused (outbox conflict or
//!   rejection).
//! - Critical alerts (overdue, redo, red supervision) are never held. Other alerts that
//!   become due outside working hours are held, not marked fired, and released at the
//!   next start of working hours. An outbox problem is not held either: it answers
//!   something the officer just did, and they may be about to leave believing it sent.
//! - A pause (the tray's 暂停提醒 1 小时, [`PlanInput::paused_until`]) holds every
//!   non-critical alert, outbox problems too: the officer asked for quiet, and a held
//!   alert is not lost — it is not marked fired and comes (as its ladder's current step,
//!   in one digest with the others) when the pause ends. Critical alerts still come:
//!   an overdue ticket or a red supervision is exactly what the app exists to not let
//!   slip, and the officer can dismiss one notification in a meeting.
//! - Two or more alerts due together make one digest notification carrying every key.
//! - Alerts go to the officer on duty ([`on_duty`]); the other gets nothing, or one quiet
//!   summary if they chose [`OffDutyMode::QuietSummary`].
//!
//! # Threshold keys
//!
//! Deadline steps are keyed by the deadline they belong to, so that a redo or an
//! approved extension (both move the deadline) starts a fresh ladder:
//! `"{ack|reply|opinion}@{deadline}/{step}"` with the deadline in Beijing time to the
//! second and `step` one of `new`, a lead label (`30m`, `10m`, `1wd`, `4h`, `1h`) or, for
//! overdue, the Beijing date of the working day it fires for (`2026-12-07`). Events:
//! redo `"{count}"`, supervision `"{level}@{at}"` (a raised level or a new notice fires
//! again), extension `"{requested_due_at}/{approved|rejected}"`, outbox
//! `"{entry_id}/{conflict|rejected}/{at}"`.

pub mod handover;
mod hours;
pub mod settings;
mod text;

pub use settings::{AlertSettings, Lead, OffDutyMode, WorkingHours};

use crate::countdown::{DeadlineKind, active_deadline, format_remaining};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use district_api::{
    Duty, Extension, ExtensionStatus, OfficerRole, OurRole, Redo, Supervision, SupervisionLevel,
    Ticket, TicketStatus,
};
use hours::{Hours, Workdays, local, stamp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use std::hash::BuildHasher;

/// How late after the end of working hours a reminder that became due inside them is
/// still delivered instead of held (timers and wake-ups from sleep run a little late).
pub const LATE_GRACE: Duration = Duration::minutes(5);

/// What an alert is about. The wire names (`new_ticket`, `ack_due`, ...) are read by
/// other programs (`liaison alerts --json`): keep them stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AlertKind {
    /// 新工单待签收.
    NewTicket,
    /// The ack deadline is near.
    AckDue,
    /// The reply deadline is near.
    ReplyDue,
    /// A deadline passed (critical).
    Overdue,
    /// The ticket was sent back for redo (critical).
    Redo,
    /// A new or raised supervision (critical when red).
    Supervision,
    /// An extension request was approved or rejected.
    ExtensionDecided,
    /// A co-handler's opinion deadline is near.
    OpinionDue,
    /// A write in the outbox ended in conflict or was rejected.
    OutboxProblem,
    /// The duty roster put this officer on duty (with the handover note). Not planned by
    /// [`plan`] and so not in [`AlertKind::ALL`] (`liaison alerts` never prints it): it
    /// comes from [`handover::handover_notice`].
    DutyHandover,
}

impl AlertKind {
    /// Every kind the planner plans (what `liaison alerts --json` may print).
    pub const ALL: [AlertKind; 9] = [
        AlertKind::NewTicket,
        AlertKind::AckDue,
        AlertKind::ReplyDue,
        AlertKind::Overdue,
        AlertKind::Redo,
        AlertKind::Supervision,
        AlertKind::ExtensionDecided,
        AlertKind::OpinionDue,
        AlertKind::OutboxProblem,
    ];

    /// The wire name (as serialized).
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::NewTicket => "new_ticket",
            AlertKind::AckDue => "ack_due",
            AlertKind::ReplyDue => "reply_due",
            AlertKind::Overdue => "overdue",
            AlertKind::Redo => "redo",
            AlertKind::Supervision => "supervision",
            AlertKind::ExtensionDecided => "extension_decided",
            AlertKind::OpinionDue => "opinion_due",
            AlertKind::OutboxProblem => "outbox_problem",
            AlertKind::DutyHandover => "duty_handover",
        }
    }

    /// The kind of a wire name, [`AlertKind::DutyHandover`] included; `None` for a name
    /// this version does not know.
    pub fn from_wire(name: &str) -> Option<AlertKind> {
        AlertKind::ALL
            .into_iter()
            .chain([AlertKind::DutyHandover])
            .find(|k| k.as_str() == name)
    }

    /// A short Chinese label (notification centre, digest lines).
    pub fn label(self) -> &'static str {
        match self {
            AlertKind::NewTicket => "新工单",
            AlertKind::AckDue => "签收将超时",
            AlertKind::ReplyDue => "即将超时",
            AlertKind::Overdue => "已超时",
            AlertKind::Redo => "重办",
            AlertKind::Supervision => "督办",
            AlertKind::ExtensionDecided => "延期结果",
            AlertKind::OpinionDue => "协办意见将超时",
            AlertKind::OutboxProblem => "提交未成功",
            AlertKind::DutyHandover => "值班交接",
        }
    }

    /// Order of importance within a digest (lower first).
    fn rank(self) -> u8 {
        match self {
            AlertKind::Overdue => 0,
            AlertKind::Redo => 1,
            AlertKind::Supervision => 2,
            AlertKind::OutboxProblem => 3,
            AlertKind::AckDue => 4,
            AlertKind::NewTicket => 5,
            AlertKind::ReplyDue => 6,
            AlertKind::OpinionDue => 7,
            AlertKind::ExtensionDecided => 8,
            AlertKind::DutyHandover => 9,
        }
    }
}

/// What is persisted once an alert fired: the alert never fires again.
/// See the module docs for the threshold scheme.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AlertKey {
    /// The ticket (empty for an outbox problem of a write without a ticket, e.g. duty).
    pub ticket_id: String,
    /// Which alert.
    pub kind: AlertKind,
    /// Which step or event (see the module docs).
    pub threshold: String,
}

impl AlertKey {
    /// A key from its parts.
    pub fn new(
        ticket_id: impl Into<String>,
        kind: AlertKind,
        threshold: impl Into<String>,
    ) -> Self {
        AlertKey {
            ticket_id: ticket_id.into(),
            kind,
            threshold: threshold.into(),
        }
    }
}

/// The keys already fired, however the caller stores them.
pub trait FiredKeys {
    /// Whether `key` fired before.
    fn contains_key(&self, key: &AlertKey) -> bool;
}

impl<S: BuildHasher> FiredKeys for HashSet<AlertKey, S> {
    fn contains_key(&self, key: &AlertKey) -> bool {
        self.contains(key)
    }
}

impl FiredKeys for BTreeSet<AlertKey> {
    fn contains_key(&self, key: &AlertKey) -> bool {
        self.contains(key)
    }
}

/// No alert fired yet (what-if planning: `liaison alerts --at`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NothingFired;

impl FiredKeys for NothingFired {
    fn contains_key(&self, _key: &AlertKey) -> bool {
        false
    }
}

/// What the planner needs of a ticket: cheap to hold for 100k tickets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertFacts {
    /// The ticket number (`TQ...`).
    pub id: String,
    /// The ticket's title, shown in the notification.
    pub title: String,
    /// The ticket's status.
    pub status: TicketStatus,
    /// Whether our unit leads or co-handles.
    pub our_role: OurRole,
    /// When the district dispatched it.
    pub dispatched_at: DateTime<Utc>,
    /// The ack deadline.
    pub ack_due: DateTime<Utc>,
    /// The reply deadline (moved by a redo or an approved extension).
    pub reply_due: DateTime<Utc>,
    /// Our unit's opinion deadline when we co-handle.
    pub opinion_due: Option<DateTime<Utc>>,
    /// The latest redo, if any.
    pub redo: Option<Redo>,
    /// The current supervision, if any.
    pub supervision: Option<Supervision>,
    /// The latest extension request, if any.
    pub extension: Option<Extension>,
}

impl AlertFacts {
    /// The facts of a cached ticket, as seen by the unit `unit_id` (whose entry in
    /// `co_units` carries our opinion deadline).
    pub fn from_ticket(t: &Ticket, unit_id: &str) -> Self {
        AlertFacts {
            id: t.id.clone(),
            title: t.title.clone(),
            status: t.status.clone(),
            our_role: t.our_role.clone(),
            dispatched_at: t.dispatched_at.to_utc(),
            ack_due: t.ack_due_at.to_utc(),
            reply_due: t.reply_due_at.to_utc(),
            opinion_due: t
                .co_units
                .iter()
                .find(|u| u.id == unit_id)
                .and_then(|u| u.opinion_due_at)
                .map(|d| d.to_utc()),
            redo: t.redo.clone(),
            supervision: t.supervision.clone(),
            extension: t.extension.clone(),
        }
    }

    /// The deadline that matters now ([`active_deadline`]).
    pub fn active_deadline(&self) -> Option<(DeadlineKind, DateTime<Utc>)> {
        active_deadline(
            &self.status,
            &self.our_role,
            self.ack_due,
            self.reply_due,
            self.opinion_due,
        )
    }
}

/// How a write in the outbox was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxProblemState {
    /// 412: the object changed on the server; the officer reviews.
    Conflict,
    /// 409/422 or another permanent refusal.
    Rejected,
}

impl OutboxProblemState {
    /// The wire name, as in the outbox's `state` column.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxProblemState::Conflict => "conflict",
            OutboxProblemState::Rejected => "rejected",
        }
    }
}

/// An outbox entry in conflict or rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxProblem {
    /// The outbox row's id.
    pub entry_id: i64,
    /// The ticket written to (`None` for a duty handover).
    pub ticket_id: Option<String>,
    /// Conflict or rejected.
    pub state: OutboxProblemState,
    /// What the write was, in Chinese (答复, 签收, 值班交接, ...).
    pub write: String,
    /// What the district said (may be empty).
    pub detail: String,
    /// When the refusal was recorded: a retried entry refused again alerts again.
    pub at: DateTime<Utc>,
}

/// Everything the planner looks at.
pub struct PlanInput<'a> {
    /// The tickets the unit holds (removed ones left out).
    pub tickets: &'a [AlertFacts],
    /// The outbox entries in conflict or rejected.
    pub outbox_problems: &'a [OutboxProblem],
    /// Working days, holidays and make-up days.
    pub calendar: &'a crate::calendar::WorkCalendar,
    /// The officer's alert settings.
    pub settings: &'a AlertSettings,
    /// The roster as last synced (`None`: never synced; A is on duty).
    pub duty: Option<&'a Duty>,
    /// Which officer runs this desk.
    pub me: OfficerRole,
    /// The keys fired before (persisted by the caller).
    pub fired: &'a dyn FiredKeys,
    /// Server-corrected time.
    pub now: DateTime<Utc>,
    /// The officer paused alerts until then (tray: 暂停提醒 1 小时). While `now` is
    /// before it, every non-critical alert is held (not marked fired) and comes when the
    /// pause ends; critical ones (overdue, redo, red supervision) still come.
    pub paused_until: Option<DateTime<Utc>>,
}

/// How loud a notification is, mapped to the platform's urgency levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AlertUrgency {
    /// Informational (an approved extension, the off-duty summary).
    Low,
    /// A reminder.
    Normal,
    /// Overdue, redo, red supervision: loud, never held.
    Critical,
}

/// One desktop notification. Its JSON is the `liaison alerts --json` shape that other
/// programs read: keep it stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// The alert's kind; for a digest or summary, the kind of its most important member.
    pub kind: AlertKind,
    /// Several alerts in one notification.
    pub digest: bool,
    /// The tickets it is about (empty for a refused duty handover).
    pub ticket_ids: Vec<String>,
    /// Overdue, redo or red supervision among its alerts.
    pub critical: bool,
    /// The platform urgency to use.
    pub urgency: AlertUrgency,
    /// Plain text (the delivery escapes markup for daemons that render it).
    pub title: String,
    /// Plain text, Chinese, with ticket number and countdown:
    /// `TQ20261128000123  小区门口路灯不亮  剩余 3小时12分钟`.
    pub body: String,
    /// Every key this notification marks fired.
    pub keys: Vec<AlertKey>,
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// What to show now (one digest when several alerts are due together).
    pub notifications: Vec<Notification>,
    /// Keys to persist as fired (those of `notifications`), each once.
    pub newly_fired: Vec<AlertKey>,
    /// Alerts due but held outside working hours (not marked fired).
    pub held: usize,
    /// The earliest future moment an alert becomes due, held alerts are released or the
    /// handover ends; `None` when nothing is ahead (only a sync can change that).
    pub next_wake: Option<DateTime<Utc>>,
    /// Who is on duty at `now`.
    pub on_duty: OfficerRole,
    /// Years the calendar does not cover that were counted as weekdays only.
    pub uncovered_years: Vec<i32>,
    /// When each ticket of [`PlanInput::tickets`] (same order) may next have an alert
    /// due: the earliest future step of its ladders, or the release of its held alerts
    /// (`None`: nothing ahead until the ticket, the settings or the fired keys change).
    /// A ticket whose alerts fired now waits for its next step. With the fired keys
    /// recorded, a caller that re-plans only the tickets whose moment came (and the
    /// changed ones) gets the same alerts as planning them all. `None` when the tickets
    /// were not planned (off duty with nothing wanted).
    #[serde(skip)]
    pub ticket_wakes: Option<Vec<Option<DateTime<Utc>>>>,
}

/// The earlier of two optional moments.
fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Who is on duty at `now`: the roster's `on_duty` until its `until` passes, then A.
/// Without a roster, or with a role this version does not know, A.
pub fn on_duty(duty: Option<&Duty>, now: DateTime<Utc>) -> OfficerRole {
    match duty {
        Some(d) if d.on_duty == OfficerRole::B && d.until.is_none_or(|u| now < u.to_utc()) => {
            OfficerRole::B
        }
        _ => OfficerRole::A,
    }
}

/// When the current handover to B ends, if it is still ahead of `now`.
pub fn handover_expiry(duty: Option<&Duty>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let d = duty?;
    let until = d.until?.to_utc();
    (d.on_duty == OfficerRole::B && now < until).then_some(until)
}

/// The end of a pause of alerts still in force at `now`.
pub fn paused(paused_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    paused_until.filter(|end| now < *end)
}

/// The scheduler's next wake-up: [`plan`]'s [`Plan::next_wake`].
pub fn next_wake(input: &PlanInput<'_>) -> Option<DateTime<Utc>> {
    plan(input).next_wake
}

/// Decides which alerts are due at `input.now`.
pub fn plan(input: &PlanInput<'_>) -> Plan {
    let now = input.now;
    let days = Workdays::new(input.calendar);
    let hours = Hours::new(&days, input.settings);
    let role = on_duty(input.duty, now);
    let my_turn = role == input.me;
    let mut p = Planner {
        input,
        hours: &hours,
        cands: Vec::new(),
        wake: handover_expiry(input.duty, now),
    };
    if !my_turn && input.settings.off_duty_mode == OffDutyMode::None {
        return Plan {
            notifications: Vec::new(),
            newly_fired: Vec::new(),
            held: 0,
            next_wake: p.wake,
            on_duty: role,
            uncovered_years: days.uncovered(),
            ticket_wakes: None,
        };
    }
    // Holding and working hours at `now` rest on today's calendar day.
    days.begin_scope();
    days.is_workday(local(now).0);
    let today_estimated = days.scope();
    let mut wakes = Vec::with_capacity(input.tickets.len());
    for t in input.tickets {
        // Each ticket's own next moment, then folded into the plan's.
        let before = p.wake.take();
        let first = p.cands.len();
        days.begin_scope();
        p.ticket(t);
        let mut estimated = days.scope();
        if !estimated.is_empty() || !today_estimated.is_empty() {
            estimated.extend(&today_estimated);
            estimated.sort_unstable();
            estimated.dedup();
            for c in &mut p.cands[first..] {
                c.estimated_years.clone_from(&estimated);
            }
        }
        wakes.push(p.wake);
        p.wake = earliest(before, p.wake);
    }
    p.outbox(input.tickets);

    let (mut ready, held): (Vec<Candidate>, Vec<Candidate>) = std::mem::take(&mut p.cands)
        .into_iter()
        .partition(|c| !p.is_held(c));
    if !held.is_empty() {
        let release = match paused(input.paused_until, now) {
            // At the pause's end the next round holds what working hours still hold.
            Some(end) => end,
            None => hours.next_start_after(now),
        };
        p.offer_wake(release);
        // A ticket with a held alert is due again at the release.
        let index: std::collections::HashMap<&str, usize> = input
            .tickets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        for c in held.iter().filter(|c| c.kind != AlertKind::OutboxProblem) {
            if let Some(&i) = c.ticket_id.as_deref().and_then(|id| index.get(id)) {
                wakes[i] = earliest(wakes[i], Some(release));
            }
        }
    }
    ready.sort_by(|a, b| {
        (!a.critical, a.kind.rank(), a.due, &a.key).cmp(&(
            !b.critical,
            b.kind.rank(),
            b.due,
            &b.key,
        ))
    });
    let notifications = if ready.is_empty() {
        Vec::new()
    } else if !my_turn {
        vec![text::quiet_summary(&ready, &role, input.duty)]
    } else if ready.len() >= input.settings.digest_min.max(2) {
        vec![text::digest(&ready)]
    } else {
        ready.iter().map(text::single).collect()
    };
    let mut seen = HashSet::new();
    let newly_fired = notifications
        .iter()
        .flat_map(|n| n.keys.iter())
        .filter(|k| seen.insert(*k))
        .cloned()
        .collect();
    Plan {
        notifications,
        newly_fired,
        held: held.len(),
        next_wake: p.wake,
        on_duty: role,
        uncovered_years: days.uncovered(),
        ticket_wakes: Some(wakes),
    }
}

/// An alert that is due, before holding and grouping.
struct Candidate {
    kind: AlertKind,
    ticket_id: Option<String>,
    key: AlertKey,
    /// Earlier steps of the same ladder, marked fired with it.
    lesser: Vec<AlertKey>,
    critical: bool,
    /// May be held outside working hours.
    holdable: bool,
    urgency: AlertUrgency,
    /// When it became due.
    due: DateTime<Utc>,
    title: String,
    /// `{id}  {title}  {countdown}` and what else the alert needs to say.
    line: String,
    /// Years its moment was computed in without a calendar (Monday to Friday assumed).
    estimated_years: Vec<i32>,
}

/// One step of a deadline ladder.
struct Step {
    kind: AlertKind,
    threshold: String,
    at: DateTime<Utc>,
}

struct Planner<'a, 'h> {
    input: &'a PlanInput<'a>,
    hours: &'h Hours<'h>,
    cands: Vec<Candidate>,
    wake: Option<DateTime<Utc>>,
}

impl Planner<'_, '_> {
    fn fired(&self, key: &AlertKey) -> bool {
        self.input.fired.contains_key(key)
    }

    fn offer_wake(&mut self, at: DateTime<Utc>) {
        if at > self.input.now && self.wake.is_none_or(|w| at < w) {
            self.wake = Some(at);
        }
    }

    fn is_held(&self, c: &Candidate) -> bool {
        let now = self.input.now;
        if !c.critical && paused(self.input.paused_until, now).is_some() {
            return true;
        }
        let h = self.hours;
        c.holdable
            && !c.critical
            && h.hold
            && !h.contains(now)
            && !(c.due <= now && now - c.due <= LATE_GRACE && h.contains_end(c.due))
    }

    fn ticket(&mut self, t: &AlertFacts) {
        if t.status == TicketStatus::Closed {
            return;
        }
        if let Some((dk, deadline)) = t.active_deadline() {
            self.ladder(t, dk, deadline);
        }
        self.events(t);
    }

    /// The moment a lead before `deadline` is reached.
    fn lead_moment(&self, deadline: DateTime<Utc>, lead: Lead) -> DateTime<Utc> {
        match lead {
            Lead::Minutes(m) => deadline - Duration::minutes(i64::from(m)),
            Lead::WorkingDays(n) => {
                let (date, time) = local(deadline);
                let day = self.hours.days.nth_before(date, n);
                let time = if self.hours.hold {
                    time.min(self.hours.end)
                } else {
                    time
                };
                hours::at(day, time)
            }
        }
    }

    /// The Beijing date of the overdue step current at `now` (`now` is past the deadline
    /// on `first`): the latest working day after `first` whose working hours started, or
    /// `first` itself.
    fn current_overdue_day(&self, first: NaiveDate, now: DateTime<Utc>) -> NaiveDate {
        let (today, time) = local(now);
        let mut day = today;
        for _ in 0..400 {
            if day <= first {
                break;
            }
            if (day < today || time >= self.hours.start) && self.hours.days.is_workday(day) {
                return day;
            }
            match day.pred_opt() {
                Some(d) => day = d,
                None => break,
            }
        }
        first
    }

    /// The Beijing date of the next overdue repeat after `now`.
    fn next_overdue_day(&self, first: NaiveDate, now: DateTime<Utc>) -> NaiveDate {
        let (today, time) = local(now);
        if today > first && time < self.hours.start && self.hours.days.is_workday(today) {
            today
        } else {
            self.hours.days.next_after(today.max(first))
        }
    }

    fn ladder(&mut self, t: &AlertFacts, dk: DeadlineKind, deadline: DateTime<Utc>) {
        let s = self.input.settings;
        let now = self.input.now;
        let prefix = format!("{}@{}", deadline_code(dk), stamp(deadline));
        let (lead_kind, leads) = match dk {
            DeadlineKind::Ack => (AlertKind::AckDue, &s.ack_leads),
            DeadlineKind::Reply => (AlertKind::ReplyDue, &s.reply_leads),
            DeadlineKind::Opinion => (AlertKind::OpinionDue, &s.opinion_leads),
        };
        let mut steps = Vec::new();
        if dk == DeadlineKind::Ack && s.is_enabled(AlertKind::NewTicket) {
            steps.push(Step {
                kind: AlertKind::NewTicket,
                threshold: format!("{prefix}/new"),
                // "At once": a dispatch time slightly ahead of our clock does not wait.
                at: t.dispatched_at.min(now),
            });
        }
        if s.is_enabled(lead_kind) {
            for lead in leads {
                steps.push(Step {
                    kind: lead_kind,
                    threshold: format!("{prefix}/{}", lead.label()),
                    at: self.lead_moment(deadline, *lead),
                });
            }
        }
        steps.sort_by_key(|st| st.at);
        let key = |kind, threshold: &str| AlertKey::new(t.id.as_str(), kind, threshold);
        let countdown = format_remaining(deadline.signed_duration_since(now).num_seconds());
        let overdue_at = deadline + Duration::seconds(1);
        let overdue_on = s.is_enabled(AlertKind::Overdue);

        if overdue_on && now >= overdue_at {
            let first = local(deadline).0;
            let day = if s.overdue_repeat_daily {
                self.current_overdue_day(first, now)
            } else {
                first
            };
            let main = key(AlertKind::Overdue, &format!("{prefix}/{day}"));
            if !self.fired(&main) {
                let mut lesser: Vec<AlertKey> =
                    steps.iter().map(|st| key(st.kind, &st.threshold)).collect();
                if day != first {
                    lesser.push(key(AlertKind::Overdue, &format!("{prefix}/{first}")));
                }
                lesser.retain(|k| !self.fired(k));
                let due = if day == first {
                    overdue_at
                } else {
                    hours::at(day, self.hours.start)
                };
                self.cands.push(Candidate {
                    kind: AlertKind::Overdue,
                    ticket_id: Some(t.id.clone()),
                    key: main,
                    lesser,
                    critical: true,
                    holdable: false,
                    urgency: AlertUrgency::Critical,
                    due,
                    title: text::overdue_title(dk),
                    line: text::line(t, &countdown),
                    estimated_years: Vec::new(),
                });
            }
            if s.overdue_repeat_daily {
                let mut next = self.next_overdue_day(first, now);
                for _ in 0..10 {
                    if !self.fired(&key(AlertKind::Overdue, &format!("{prefix}/{next}"))) {
                        self.offer_wake(hours::at(next, self.hours.start));
                        break;
                    }
                    next = self.hours.days.next_after(next);
                }
            }
            return;
        }

        let passed = steps.iter().take_while(|st| st.at <= now).count();
        if let Some((cur, earlier)) = steps[..passed].split_last() {
            let main = key(cur.kind, &cur.threshold);
            if !self.fired(&main) {
                let lesser = earlier
                    .iter()
                    .map(|st| key(st.kind, &st.threshold))
                    .filter(|k| !self.fired(k))
                    .collect();
                self.cands.push(Candidate {
                    kind: cur.kind,
                    ticket_id: Some(t.id.clone()),
                    key: main,
                    lesser,
                    critical: false,
                    holdable: true,
                    urgency: AlertUrgency::Normal,
                    due: cur.at,
                    title: text::step_title(cur.kind),
                    line: text::line(t, &countdown),
                    estimated_years: Vec::new(),
                });
            }
        }
        for st in &steps[passed..] {
            if !self.fired(&key(st.kind, &st.threshold)) {
                self.offer_wake(self.hours.release(st.at));
            }
        }
        if overdue_on {
            // Even when a clock jump left it fired: the daily repeats follow from there.
            self.offer_wake(overdue_at);
        }
    }

    fn events(&mut self, t: &AlertFacts) {
        let s = self.input.settings;
        let now = self.input.now;
        let countdown = t.active_deadline().map(|(dk, due)| {
            format!(
                "{}{}",
                dk.label(),
                format_remaining(due.signed_duration_since(now).num_seconds())
            )
        });
        let countdown = countdown.as_deref().unwrap_or("");
        if s.is_enabled(AlertKind::Redo)
            && t.status == TicketStatus::Redo
            && let Some(r) = &t.redo
        {
            self.event(
                t,
                AlertKind::Redo,
                r.count.to_string(),
                true,
                AlertUrgency::Critical,
                r.at.to_utc(),
                text::redo_title(r.count),
                text::line_with(t, &text::note("重办原因", &r.reason), countdown),
            );
        }
        if s.is_enabled(AlertKind::Supervision)
            && let Some(sv) = &t.supervision
        {
            let red = sv.level == SupervisionLevel::Red;
            self.event(
                t,
                AlertKind::Supervision,
                format!("{}@{}", sv.level.as_str(), stamp(sv.at.to_utc())),
                red,
                if red {
                    AlertUrgency::Critical
                } else {
                    AlertUrgency::Normal
                },
                sv.at.to_utc(),
                text::supervision_title(&sv.level),
                text::line_with(t, &text::note("督办意见", &sv.note), countdown),
            );
        }
        if s.is_enabled(AlertKind::ExtensionDecided)
            && let Some(e) = &t.extension
            && matches!(
                e.status,
                ExtensionStatus::Approved | ExtensionStatus::Rejected
            )
        {
            let approved = e.status == ExtensionStatus::Approved;
            let what = if approved {
                format!("新时限 {}", text::short_time(e.requested_due_at.to_utc()))
            } else {
                "原时限不变".to_owned()
            };
            self.event(
                t,
                AlertKind::ExtensionDecided,
                format!(
                    "{}/{}",
                    stamp(e.requested_due_at.to_utc()),
                    e.status.as_str()
                ),
                false,
                if approved {
                    AlertUrgency::Low
                } else {
                    AlertUrgency::Normal
                },
                e.decided_at.map_or(now, |d| d.to_utc()),
                text::extension_title(approved),
                text::line_with(t, &what, countdown),
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        t: &AlertFacts,
        kind: AlertKind,
        threshold: String,
        critical: bool,
        urgency: AlertUrgency,
        at: DateTime<Utc>,
        title: String,
        line: String,
    ) {
        let key = AlertKey::new(t.id.as_str(), kind, threshold);
        if self.fired(&key) {
            return;
        }
        self.cands.push(Candidate {
            kind,
            ticket_id: Some(t.id.clone()),
            key,
            lesser: Vec::new(),
            critical,
            holdable: true,
            urgency,
            due: at.min(self.input.now),
            title,
            line,
            estimated_years: Vec::new(),
        });
    }

    fn outbox(&mut self, tickets: &[AlertFacts]) {
        if !self.input.settings.is_enabled(AlertKind::OutboxProblem) {
            return;
        }
        let now = self.input.now;
        for p in self.input.outbox_problems {
            let key = AlertKey::new(
                p.ticket_id.clone().unwrap_or_default(),
                AlertKind::OutboxProblem,
                format!("{}/{}/{}", p.entry_id, p.state.as_str(), stamp(p.at)),
            );
            if self.fired(&key) {
                continue;
            }
            let ticket = p
                .ticket_id
                .as_deref()
                .and_then(|id| tickets.iter().find(|t| t.id == id));
            self.cands.push(Candidate {
                kind: AlertKind::OutboxProblem,
                ticket_id: p.ticket_id.clone(),
                key,
                lesser: Vec::new(),
                critical: false,
                holdable: false,
                urgency: AlertUrgency::Normal,
                due: p.at.min(now),
                title: text::outbox_title(p),
                line: text::outbox_line(p, ticket),
                estimated_years: Vec::new(),
            });
        }
    }
}

/// The deadline's part of a threshold key.
fn deadline_code(dk: DeadlineKind) -> &'static str {
    match dk {
        DeadlineKind::Ack => "ack",
        DeadlineKind::Reply => "reply",
        DeadlineKind::Opinion => "opinion",
    }
}
