//! Deadline countdowns and their Chinese wording, as pure functions of
//! (deadline, now). The UI ports [`format_remaining`] to TypeScript to tick every
//! second without a round trip; both are checked against `fixtures/countdown_cases.json`.

use chrono::{DateTime, Duration, Utc};
use district_api::{CoUnit, OurRole, Ticket, TicketStatus};
use serde::{Deserialize, Serialize};

/// Which deadline of a ticket a countdown is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DeadlineKind {
    /// 签收时限
    Ack,
    /// 答复时限 (lead unit)
    Reply,
    /// 协办意见时限 (co-handling unit)
    Opinion,
}

impl DeadlineKind {
    /// How long before the deadline a countdown turns amber.
    pub fn due_soon_window(self) -> Duration {
        match self {
            DeadlineKind::Ack => Duration::minutes(30),
            DeadlineKind::Reply | DeadlineKind::Opinion => Duration::hours(24),
        }
    }

    /// The Chinese name shown next to a countdown.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::Ack => "签收",
            DeadlineKind::Reply => "答复",
            DeadlineKind::Opinion => "协办意见",
        }
    }
}

/// How pressing a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Normal,
    DueSoon,
    Overdue,
}

/// A countdown at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Countdown {
    /// Seconds left; negative once overdue.
    pub remaining_seconds: i64,
    pub urgency: Urgency,
    /// e.g. `剩余 2天3小时`, `剩余 45分钟`, `已超时 5小时`.
    pub text: String,
}

/// The countdown to `deadline` at `now` (server-corrected), amber within `due_soon`.
///
/// A deadline is overdue once `now` is past it; at the exact second it is still due.
pub fn countdown(deadline: DateTime<Utc>, now: DateTime<Utc>, due_soon: Duration) -> Countdown {
    let remaining = deadline.signed_duration_since(now).num_seconds();
    let urgency = if remaining < 0 {
        Urgency::Overdue
    } else if remaining <= due_soon.num_seconds() {
        Urgency::DueSoon
    } else {
        Urgency::Normal
    };
    Countdown {
        remaining_seconds: remaining,
        urgency,
        text: format_remaining(remaining),
    }
}

/// Chinese wording of a signed number of seconds left, truncated to the two largest
/// units that matter: days and hours, hours and minutes, minutes, or seconds in the
/// last minute. Zero parts at the end are left out (`剩余 2天`, `剩余 3小时`).
pub fn format_remaining(remaining_seconds: i64) -> String {
    let (prefix, s) = if remaining_seconds < 0 {
        ("已超时", remaining_seconds.unsigned_abs())
    } else {
        ("剩余", remaining_seconds.unsigned_abs())
    };
    let days = s / 86_400;
    let hours = (s % 86_400) / 3_600;
    let minutes = (s % 3_600) / 60;
    let body = if days > 0 {
        if hours > 0 {
            format!("{days}天{hours}小时")
        } else {
            format!("{days}天")
        }
    } else if hours > 0 {
        if minutes > 0 {
            format!("{hours}小时{minutes}分钟")
        } else {
            format!("{hours}小时")
        }
    } else if minutes > 0 {
        format!("{minutes}分钟")
    } else {
        format!("{}秒", s % 60)
    };
    format!("{prefix} {body}")
}

/// The deadline that matters now for a ticket in `status`, or `None` once the unit
/// has nothing left to do (replied, closed).
///
/// A status this version does not know keeps the reply deadline visible: showing a
/// countdown that may not apply is safer than hiding one that does.
pub fn active_deadline(
    status: &TicketStatus,
    role: &OurRole,
    ack_due: DateTime<Utc>,
    reply_due: DateTime<Utc>,
    opinion_due: Option<DateTime<Utc>>,
) -> Option<(DeadlineKind, DateTime<Utc>)> {
    match status {
        TicketStatus::PendingAck => Some((DeadlineKind::Ack, ack_due)),
        TicketStatus::Replied | TicketStatus::Closed => None,
        TicketStatus::InProgress | TicketStatus::Redo | TicketStatus::Other(_) => match role {
            OurRole::CoHandler => Some((DeadlineKind::Opinion, opinion_due.unwrap_or(reply_due))),
            OurRole::Lead | OurRole::Other(_) => Some((DeadlineKind::Reply, reply_due)),
        },
    }
}

/// The unit's own opinion deadline on a ticket: the `opinion_due_at` of its entry
/// among the co-handling units, if it has one (`None` also when the unit is not listed).
pub fn unit_opinion_due(co_units: &[CoUnit], unit_id: &str) -> Option<DateTime<Utc>> {
    co_units
        .iter()
        .find(|u| u.id == unit_id)
        .and_then(|u| u.opinion_due_at)
        .map(|d| d.to_utc())
}

/// The unit's active deadline on a cached ticket: [`active_deadline`] over the ticket's
/// deadlines and the unit's own opinion deadline ([`unit_opinion_due`]). The list rows,
/// the cache's work order and deadline columns, and the alert planner's facts all derive
/// it here.
pub fn ticket_active_deadline(t: &Ticket, unit_id: &str) -> Option<(DeadlineKind, DateTime<Utc>)> {
    active_deadline(
        &t.status,
        &t.our_role,
        t.ack_due_at.to_utc(),
        t.reply_due_at.to_utc(),
        unit_opinion_due(&t.co_units, unit_id),
    )
}

/// The default list order, which answers "what must I do first" and does not depend
/// on the time: tickets to acknowledge by ack deadline, then every ticket with an open
/// deadline by that deadline (so overdue ones come first, then those due today), then
/// finished ones, newest dispatch first.
pub fn work_order_key(
    active: Option<(DeadlineKind, DateTime<Utc>)>,
    dispatched_at: DateTime<Utc>,
) -> (u8, i64) {
    match active {
        Some((DeadlineKind::Ack, at)) => (0, at.timestamp()),
        Some((_, at)) => (1, at.timestamp()),
        None => (2, -dispatched_at.timestamp()),
    }
}
