//! The handover notice (issue 6): when the duty roster puts this officer on duty through
//! a change somebody else made, the next alert round tells them once, with the handover
//! note and the open tickets whose deadlines are nearest.
//!
//! Pure, like the planner: the caller passes the roster as last synced, the revisions
//! its own duty writes produced, the tickets, the keys already fired and *now*; it
//! persists the notice's key with the notice (so a restart or a re-sync never repeats
//! it).
//!
//! # Rules
//!
//! - Only the officer the roster names on duty, while the roster's handover is in force
//!   ([`on_duty`]: after `until` passes duty is back with A, and a notice not yet shown
//!   is not shown any more).
//! - Only a roster that says something: B on duty, or a time limit, or a note. The
//!   standing arrangement (A on duty, no `until`, no note) is no news to A — it is what
//!   a first sync finds, and what A's own "我已返岗" makes.
//! - Not a roster this desk made itself (its own duty PUT's answer): A who goes on leave
//!   and comes back is not told what they just did.
//! - Once per roster revision: a later change by the other officer that keeps this
//!   officer on duty (a new `until`, a new note) is news again and notifies again.

use super::hours::stamp;
use super::text::{cut, short_time};
use super::{AlertFacts, AlertKey, AlertKind, AlertUrgency, FiredKeys, Notification, on_duty};
use crate::countdown::format_remaining;
use chrono::{DateTime, Utc};
use district_api::{Duty, OfficerRole, TicketStatus};

/// How many open tickets the notice lists (those with the nearest deadlines).
pub const HANDOVER_TICKETS: usize = 5;

/// How many characters of the handover note the notice shows (the note is the point of
/// the notice: longer than the planner's 30-character excerpts).
pub const HANDOVER_NOTE_CHARS: usize = 200;

/// What the handover notice looks at.
pub struct HandoverInput<'a> {
    /// The roster as last synced (`None`: never synced).
    pub duty: Option<&'a Duty>,
    /// Which officer runs this desk.
    pub me: OfficerRole,
    /// The roster revisions the district answered to this desk's own duty PUTs.
    pub own_revisions: &'a [i64],
    /// The tickets the unit holds.
    pub tickets: &'a [AlertFacts],
    /// The keys fired before.
    pub fired: &'a dyn FiredKeys,
    /// Server-corrected time.
    pub now: DateTime<Utc>,
}

/// The key a handover notice is remembered by: one per roster revision
/// (`"{role}@{since}/r{revision}"`, no ticket).
pub fn handover_key(duty: &Duty) -> AlertKey {
    AlertKey::new(
        "",
        AlertKind::DutyHandover,
        format!(
            "{}@{}/r{}",
            duty.on_duty,
            stamp(duty.since.to_utc()),
            duty.revision
        ),
    )
}

/// Whether `duty` can be news to `me` at `now`: it puts `me` on duty, the handover is in
/// force, and it is not the standing arrangement (see the module's rules). A caller can
/// skip reading the tickets a notice would list when this is false.
pub fn roster_is_news(duty: &Duty, me: &OfficerRole, now: DateTime<Utc>) -> bool {
    let standing =
        duty.on_duty == OfficerRole::A && duty.until.is_none() && duty.note.trim().is_empty();
    duty.on_duty == *me && on_duty(Some(duty), now) == *me && !standing
}

/// The notice to show now, if the roster put this officer on duty (see the module
/// docs). Its `keys` hold [`handover_key`].
pub fn handover_notice(input: &HandoverInput<'_>) -> Option<Notification> {
    let duty = input.duty?;
    let now = input.now;
    if !roster_is_news(duty, &input.me, now) || input.own_revisions.contains(&duty.revision) {
        return None;
    }
    let key = handover_key(duty);
    if input.fired.contains_key(&key) {
        return None;
    }
    let nearest = nearest_open(input.tickets, HANDOVER_TICKETS);
    let other = match input.me {
        OfficerRole::B => format!("A角 {}", duty.a.name),
        _ => format!("B角 {}", duty.b.name),
    };
    let until = duty
        .until
        .map(|u| format!("，至 {}", short_time(u.to_utc())))
        .unwrap_or_default();
    let mut lines = Vec::new();
    let note = cut(&duty.note, HANDOVER_NOTE_CHARS);
    lines.push(if note.is_empty() {
        "交接说明：（未填写）".to_owned()
    } else {
        format!("交接说明：{note}")
    });
    if nearest.is_empty() {
        lines.push("目前没有待办工单。".to_owned());
    } else {
        lines.push("时限最近的待办工单：".to_owned());
        for (t, due) in &nearest {
            let left = format_remaining(due.signed_duration_since(now).num_seconds());
            let kind = t.active_deadline().map_or("", |(dk, _)| dk.label());
            lines.push(format!("{}  {}  {kind}{left}", t.id, t.title));
        }
    }
    Some(Notification {
        kind: AlertKind::DutyHandover,
        digest: false,
        ticket_ids: nearest.iter().map(|(t, _)| t.id.clone()).collect(),
        critical: false,
        urgency: AlertUrgency::Normal,
        title: format!("{}将值班交给您{until}", other.trim_end()),
        body: lines.join("\n"),
        keys: vec![key],
    })
}

/// Open tickets (a deadline still to meet: not replied, not closed) by their active
/// deadline, nearest (most overdue) first; at most `n`.
fn nearest_open(tickets: &[AlertFacts], n: usize) -> Vec<(&AlertFacts, DateTime<Utc>)> {
    let mut open: Vec<(&AlertFacts, DateTime<Utc>)> = tickets
        .iter()
        .filter(|t| !matches!(t.status, TicketStatus::Closed | TicketStatus::Replied))
        .filter_map(|t| t.active_deadline().map(|(_, due)| (t, due)))
        .collect();
    open.sort_by(|(a, da), (b, db)| da.cmp(db).then_with(|| a.id.cmp(&b.id)));
    open.truncate(n);
    open
}
