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
//! - Routine alerts are coalesced per kind ([`AlertSettings::digest_interval_minutes`],
//!   default 30 min): a kind is shown at most once per interval. When a kind may be
//!   shown, its notification also takes in that kind's reminders due within the next
//!   interval (they come early, never late); alerts of a kind shown less than an
//!   interval ago wait (not marked fired) until the interval ends. Redo, red
//!   supervision and refused writes are never coalesced: each is rare, asks for action
//!   on one ticket, and comes at once. Overdue is coalesced (still critical, never held):
//!   with thousands of open tickets, one 已超时 notification per deadline is noise.
//!   [`PlanInput::last_shown`] tells when each kind was last shown; the caller persists
//!   [`Plan::shown_kinds`].
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
//!
//! # Code
//!
//! [`plan`] is the recipe. The planner's steps live in `alerts/planner.rs` (each ticket,
//! with the years estimated without a calendar) and below it: `ladder.rs` (the deadline
//! ladders), `events.rs` (redo, supervision, extension, refused writes) and `holding.rs`
//! (the pause and working hours). The wording is in `alerts/text.rs`.

pub mod handover;
mod hours;
mod planner;
pub mod settings;
pub mod simulate;
mod text;

pub use settings::{AlertSettings, Lead, OffDutyMode, WorkingHours};

use crate::countdown::{DeadlineKind, active_deadline, unit_opinion_due};
use chrono::{DateTime, Duration, Utc};
use district_api::{
    Duty, Extension, OfficerRole, OurRole, Redo, Supervision, Ticket, TicketStatus,
};
use hours::{Hours, Workdays};
use planner::Planner;
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

    /// Whether alerts of this kind are coalesced into digests on a minimum interval
    /// (red supervision is not, see `Candidate::coalesces` in the planner).
    pub fn coalesces(self) -> bool {
        !matches!(
            self,
            AlertKind::Redo | AlertKind::OutboxProblem | AlertKind::DutyHandover
        )
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
            opinion_due: unit_opinion_due(&t.co_units, unit_id),
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
    /// When alerts of each coalesced kind were last shown (see the module's rules;
    /// a kind not listed was never shown).
    pub last_shown: &'a [(AlertKind, DateTime<Utc>)],
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
    /// Every key this notification marks fired. Not kept in the notification centre's
    /// log (the fired keys have their own table; a first pass after a sync can fire a
    /// hundred thousand): empty when read back from it.
    #[serde(default)]
    pub keys: Vec<AlertKey>,
}

impl Notification {
    /// This notification without its keys: what the notification centre's log keeps.
    pub fn without_keys(&self) -> Notification {
        let Notification {
            kind,
            digest,
            ticket_ids,
            critical,
            urgency,
            title,
            body,
            keys: _,
        } = self;
        Notification {
            kind: *kind,
            digest: *digest,
            ticket_ids: ticket_ids.clone(),
            critical: *critical,
            urgency: *urgency,
            title: title.clone(),
            body: body.clone(),
            keys: Vec::new(),
        }
    }
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
    /// The coalesced kinds shown now: their interval starts again at `now` (the caller
    /// persists it and passes it back as [`PlanInput::last_shown`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shown_kinds: Vec<AlertKind>,
    /// Alerts due but waiting for their kind's interval to end (not marked fired).
    #[serde(skip_serializing_if = "is_zero")]
    pub deferred: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
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
    let mut p = Planner::new(input, &hours);
    if role != input.me && input.settings.off_duty_mode == OffDutyMode::None {
        return Plan {
            notifications: Vec::new(),
            newly_fired: Vec::new(),
            held: 0,
            next_wake: p.wake,
            on_duty: role,
            uncovered_years: days.uncovered(),
            ticket_wakes: None,
            shown_kinds: Vec::new(),
            deferred: 0,
        };
    }
    let mut wakes = p.tickets();
    p.outbox(input.tickets);
    let (ready, held) = p.hold(&mut wakes);
    let (ready, shown_kinds, deferred) = p.coalesce(ready, &mut wakes);
    let notifications = planner::notifications(ready, &role, input);
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
        held,
        next_wake: p.wake,
        on_duty: role,
        uncovered_years: days.uncovered(),
        ticket_wakes: Some(wakes),
        shown_kinds,
        deferred,
    }
}

impl Candidate {
    /// Coalesced into its kind's digest (a red supervision comes at once).
    fn coalesces(&self) -> bool {
        self.kind.coalesces() && !(self.kind == AlertKind::Supervision && self.critical)
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
