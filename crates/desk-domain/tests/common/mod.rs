//! Helpers shared by the planner's test files.

// Each test file uses only some of them.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use desk_domain::alerts::AlertFacts;
use district_api::{OurRole, TicketStatus};

/// A Beijing wall-clock time: `2026-11-30 18:00` or `2026-11-30 18:00:01`.
pub fn bj(s: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .expect("test time");
    chrono::FixedOffset::east_opt(8 * 3600)
        .expect("offset")
        .from_local_datetime(&naive)
        .single()
        .expect("unambiguous")
        .to_utc()
}

/// An acknowledged ticket of a lead unit titled `title`, due at `reply_due`, dispatched
/// 7 days before (ack window 2 h).
pub fn open_titled(id: &str, title: &str, reply_due: &str) -> AlertFacts {
    let due = bj(reply_due);
    AlertFacts {
        id: id.to_owned(),
        title: title.to_owned(),
        status: TicketStatus::InProgress,
        our_role: OurRole::Lead,
        dispatched_at: due - chrono::Duration::days(7),
        ack_due: due - chrono::Duration::days(7) + chrono::Duration::hours(2),
        reply_due: due,
        opinion_due: None,
        redo: None,
        supervision: None,
        extension: None,
    }
}
