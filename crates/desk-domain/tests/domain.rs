//! Table tests of the pure domain: calendar, deadlines, countdowns, ordering, masking.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use desk_domain::alerts::AlertFacts;
use desk_domain::calendar::{CalendarError, WorkCalendar, office_close};
use desk_domain::countdown::{
    DeadlineKind, Urgency, active_deadline, countdown, format_remaining, ticket_active_deadline,
    unit_opinion_due, work_order_key,
};
use desk_domain::{clock, mask};
use district_api::{OurRole, TicketStatus};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}
fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test timestamp")
}
fn u(s: &str) -> DateTime<Utc> {
    t(s).with_timezone(&Utc)
}

#[test]
fn workdays_respect_weekends_holidays_and_makeup_days() {
    let cal = WorkCalendar::resolve([]);
    let cases = [
        ("2026-11-27", true, "ordinary Friday"),
        ("2026-11-28", false, "ordinary Saturday"),
        ("2026-11-29", false, "ordinary Sunday"),
        ("2026-01-01", false, "元旦"),
        ("2026-01-04", true, "make-up Sunday after 元旦"),
        ("2026-02-14", true, "make-up Saturday before 春节"),
        ("2026-02-16", false, "春节 Monday"),
        ("2026-02-23", false, "last day of 春节"),
        ("2026-02-24", true, "back to work after 春节"),
        ("2026-02-28", true, "make-up Saturday after 春节"),
        ("2026-04-06", false, "清明 Monday"),
        ("2026-05-05", false, "劳动节 Tuesday"),
        ("2026-05-09", true, "make-up Saturday after 劳动节"),
        ("2026-06-19", false, "端午 Friday"),
        ("2026-09-20", true, "make-up Sunday before 国庆"),
        ("2026-09-25", false, "中秋 Friday"),
        ("2026-10-01", false, "国庆"),
        ("2026-10-07", false, "last day of 国庆"),
        ("2026-10-08", true, "back to work after 国庆"),
        ("2026-10-10", true, "make-up Saturday after 国庆"),
    ];
    for (date, expected, why) in cases {
        assert_eq!(cal.is_workday(d(date)), Ok(expected), "{date}: {why}");
    }
}

#[test]
fn uncovered_year_is_a_clear_error_not_a_panic() {
    let cal = WorkCalendar::resolve([]);
    let err = cal
        .is_workday(d("2027-01-04"))
        .expect_err("2027 is not covered");
    assert_eq!(
        err,
        CalendarError::YearNotCovered {
            year: 2027,
            covered: "2026".to_owned()
        }
    );
    assert!(
        err.to_string().contains("2027"),
        "message names the year: {err}"
    );
    // Counting across the year end needs the next year, so it fails the same way.
    assert!(matches!(
        cal.nth_workday_after(d("2026-12-30"), 5),
        Err(CalendarError::YearNotCovered { year: 2027, .. })
    ));
}

#[test]
fn reply_deadline_is_18_00_on_the_fifth_working_day() {
    let cal = WorkCalendar::resolve([]);
    let cases = [
        // (dispatched, working days, due, why)
        (
            "2026-11-28T08:10:00+08:00",
            5,
            "2026-12-04T18:00:00+08:00",
            "contract example: Saturday dispatch",
        ),
        (
            "2026-11-23T09:00:00+08:00",
            5,
            "2026-11-30T18:00:00+08:00",
            "Monday dispatch skips one weekend",
        ),
        (
            "2026-11-27T23:50:00+08:00",
            1,
            "2026-11-30T18:00:00+08:00",
            "late Friday: next working day is Monday",
        ),
        (
            "2026-09-28T10:00:00+08:00",
            5,
            "2026-10-10T18:00:00+08:00",
            "across 国庆: 9/29 9/30 10/8 10/9 and make-up 10/10",
        ),
        (
            "2026-09-30T10:00:00+08:00",
            2,
            "2026-10-09T18:00:00+08:00",
            "国庆 holidays do not count",
        ),
        (
            "2026-10-09T10:00:00+08:00",
            1,
            "2026-10-10T18:00:00+08:00",
            "make-up Saturday counts",
        ),
        (
            "2026-02-13T16:00:00+08:00",
            1,
            "2026-02-14T18:00:00+08:00",
            "make-up Saturday before 春节",
        ),
        (
            "2026-02-14T16:00:00+08:00",
            1,
            "2026-02-24T18:00:00+08:00",
            "春节 week skipped",
        ),
    ];
    for (dispatched, days, due, why) in cases {
        let got = cal.working_day_deadline(t(dispatched), days, office_close());
        assert_eq!(got, Ok(t(due)), "{why}");
    }
}

#[test]
fn working_days_remaining() {
    let cal = WorkCalendar::resolve([]);
    let cases = [
        ("2026-11-28", "2026-12-04", 5),
        ("2026-12-04", "2026-12-04", 0),
        ("2026-12-05", "2026-12-04", 0),
        ("2026-09-30", "2026-10-10", 3),
    ];
    for (from, to, n) in cases {
        assert_eq!(cal.workdays_between(d(from), d(to)), Ok(n), "{from} → {to}");
    }
}

#[derive(serde::Deserialize)]
struct FixtureCase {
    name: String,
    deadline: String,
    now: String,
    due_soon_seconds: i64,
    text: String,
    urgency: Urgency,
}

/// The same file drives the UI's TypeScript port, so the two cannot disagree.
#[test]
fn countdown_matches_shared_fixture() {
    let raw = include_str!("../fixtures/countdown_cases.json");
    let cases: Vec<FixtureCase> = serde_json::from_str(raw).expect("fixture parses");
    assert!(cases.len() >= 10);
    for c in cases {
        let got = countdown(
            u(&c.deadline),
            u(&c.now),
            Duration::seconds(c.due_soon_seconds),
        );
        assert_eq!(got.text, c.text, "{}", c.name);
        assert_eq!(got.urgency, c.urgency, "{}", c.name);
    }
}

#[test]
fn format_remaining_edges() {
    let cases = [
        (0, "剩余 0秒"),
        (59, "剩余 59秒"),
        (60, "剩余 1分钟"),
        (3_599, "剩余 59分钟"),
        (3_600, "剩余 1小时"),
        (86_399, "剩余 23小时59分钟"),
        (86_400, "剩余 1天"),
        (-1, "已超时 1秒"),
        (-18_000, "已超时 5小时"),
        (-(86_400 * 40 + 3_600), "已超时 40天1小时"),
    ];
    for (secs, text) in cases {
        assert_eq!(format_remaining(secs), text, "{secs} s");
    }
}

#[test]
fn server_clock_corrects_a_wrong_pc_clock() {
    let pc = clock::FixedClock(u("2026-11-28T10:00:00+08:00"));
    // The PC runs 5 minutes fast: the server says 09:55:00 while the PC said 10:00:00.
    let offset = clock::measure_offset(
        u("2026-11-28T09:55:00+08:00"),
        u("2026-11-28T10:00:00+08:00"),
        u("2026-11-28T10:00:00+08:00"),
    );
    assert_eq!(
        offset,
        Duration::seconds(-300) + Duration::milliseconds(500)
    );
    let server = clock::ServerClock { local: pc, offset };
    use desk_domain::Clock;
    let c = countdown(
        u("2026-11-28T10:10:00+08:00"),
        server.now(),
        Duration::minutes(30),
    );
    assert_eq!(
        c.text, "剩余 14分钟",
        "15 min left by server time, not 10 by the PC"
    );
}

#[test]
fn active_deadline_follows_status_and_role() {
    let ack = u("2026-11-28T10:10:00+08:00");
    let reply = u("2026-12-04T18:00:00+08:00");
    let opinion = u("2026-12-02T18:00:00+08:00");
    let lead = OurRole::Lead;
    let co = OurRole::CoHandler;
    let cases = [
        (
            TicketStatus::PendingAck,
            &lead,
            Some((DeadlineKind::Ack, ack)),
        ),
        (
            TicketStatus::InProgress,
            &lead,
            Some((DeadlineKind::Reply, reply)),
        ),
        (
            TicketStatus::Redo,
            &lead,
            Some((DeadlineKind::Reply, reply)),
        ),
        (
            TicketStatus::InProgress,
            &co,
            Some((DeadlineKind::Opinion, opinion)),
        ),
        (TicketStatus::Replied, &lead, None),
        (TicketStatus::Closed, &lead, None),
        (
            TicketStatus::Other("suspended".into()),
            &lead,
            Some((DeadlineKind::Reply, reply)),
        ),
    ];
    for (status, role, expected) in cases {
        assert_eq!(
            active_deadline(&status, role, ack, reply, Some(opinion)),
            expected,
            "{status}"
        );
    }
}

/// The unit's active deadline on a whole ticket: its own opinion deadline among the
/// co-handling units (never another unit's), the reply deadline when it has none. The
/// alert planner's facts give the same answer as the list and the cache.
#[test]
fn a_units_active_deadline_is_its_own_among_the_co_units() {
    let ack = "2026-11-28T10:10:00+08:00";
    let reply = "2026-12-04T18:00:00+08:00";
    let ours = "2026-12-01T18:00:00+08:00";
    let theirs = "2026-11-30T18:00:00+08:00";
    let both = serde_json::json!([
        {"id": "U9", "name": "别的单位", "opinion_due_at": theirs},
        {"id": "U1", "name": "北园街道", "opinion_due_at": ours}
    ]);
    let ours_undated = serde_json::json!([
        {"id": "U9", "name": "别的单位", "opinion_due_at": theirs},
        {"id": "U1", "name": "北园街道"}
    ]);
    let theirs_only = serde_json::json!([
        {"id": "U9", "name": "别的单位", "opinion_due_at": theirs}
    ]);
    let none = serde_json::json!([]);
    let (opinion, reply_kind, ack_kind) = (
        DeadlineKind::Opinion,
        DeadlineKind::Reply,
        DeadlineKind::Ack,
    );
    // (status, role, co_units, unit, expected)
    let cases = [
        (
            "in_progress",
            "co_handler",
            &both,
            "U1",
            Some((opinion, ours)),
        ),
        ("redo", "co_handler", &both, "U1", Some((opinion, ours))),
        (
            "in_progress",
            "co_handler",
            &both,
            "U2",
            Some((opinion, reply)),
        ),
        (
            "in_progress",
            "co_handler",
            &ours_undated,
            "U1",
            Some((opinion, reply)),
        ),
        (
            "in_progress",
            "co_handler",
            &theirs_only,
            "U1",
            Some((opinion, reply)),
        ),
        (
            "in_progress",
            "co_handler",
            &none,
            "U1",
            Some((opinion, reply)),
        ),
        (
            "pending_ack",
            "co_handler",
            &both,
            "U1",
            Some((ack_kind, ack)),
        ),
        ("replied", "co_handler", &both, "U1", None),
        ("closed", "co_handler", &both, "U1", None),
        (
            "in_progress",
            "lead",
            &both,
            "U1",
            Some((reply_kind, reply)),
        ),
        (
            "suspended",
            "co_handler",
            &both,
            "U1",
            Some((opinion, ours)),
        ),
        (
            "suspended",
            "observer",
            &both,
            "U1",
            Some((reply_kind, reply)),
        ),
    ];
    for (status, role, co_units, unit, expected) in cases {
        let ctx = format!("{status} {role} {co_units} as {unit}");
        let ticket: district_api::Ticket = serde_json::from_value(serde_json::json!({
            "id": "TQ1", "version": 1, "title": "路灯", "category": "complaint",
            "channel": "phone", "urgency": "normal", "our_role": role,
            "lead_unit": {"id": "U0", "name": "城管局"}, "co_units": co_units,
            "status": status, "dispatched_at": "2026-11-28T08:10:00+08:00",
            "ack_due_at": ack, "reply_due_at": reply
        }))
        .expect("ticket");
        let expected = expected.map(|(k, at)| (k, u(at)));
        assert_eq!(ticket_active_deadline(&ticket, unit), expected, "{ctx}");
        assert_eq!(
            AlertFacts::from_ticket(&ticket, unit).active_deadline(),
            expected,
            "{ctx}: the alert planner's facts"
        );
    }
    let units: Vec<district_api::CoUnit> = serde_json::from_value(both).expect("co units");
    assert_eq!(unit_opinion_due(&units, "U1"), Some(u(ours)));
    assert_eq!(unit_opinion_due(&units, "U9"), Some(u(theirs)));
    assert_eq!(unit_opinion_due(&units, ""), None);
}

#[test]
fn work_order_puts_ack_first_then_deadlines_then_finished() {
    let at = |s| u(s);
    let mut rows = [
        ("closed-old", None, at("2026-11-01T09:00:00+08:00")),
        (
            "reply-later",
            Some((DeadlineKind::Reply, at("2026-12-04T18:00:00+08:00"))),
            at("2026-11-28T08:00:00+08:00"),
        ),
        (
            "ack",
            Some((DeadlineKind::Ack, at("2026-11-28T12:00:00+08:00"))),
            at("2026-11-28T10:00:00+08:00"),
        ),
        (
            "overdue",
            Some((DeadlineKind::Reply, at("2026-11-20T18:00:00+08:00"))),
            at("2026-11-13T08:00:00+08:00"),
        ),
        ("closed-new", None, at("2026-11-20T09:00:00+08:00")),
        (
            "ack-earlier",
            Some((DeadlineKind::Ack, at("2026-11-28T10:10:00+08:00"))),
            at("2026-11-28T08:10:00+08:00"),
        ),
        (
            "opinion-today",
            Some((DeadlineKind::Opinion, at("2026-11-28T18:00:00+08:00"))),
            at("2026-11-25T08:00:00+08:00"),
        ),
    ];
    rows.sort_by_key(|(_, active, dispatched)| work_order_key(*active, *dispatched));
    let order: Vec<_> = rows.iter().map(|r| r.0).collect();
    assert_eq!(
        order,
        [
            "ack-earlier",
            "ack",
            "overdue",
            "opinion-today",
            "reply-later",
            "closed-new",
            "closed-old"
        ]
    );
}

#[test]
fn masking_hides_personal_data_and_is_idempotent() {
    let cases = [
        (mask::name("张三丰"), "张**"),
        (mask::name("张**"), "张**"),
        (mask::name("李"), "李"),
        (mask::name(""), ""),
        (mask::phone("13812345678"), "138****5678"),
        (mask::phone("138****5678"), "138****5678"),
        (mask::phone("0531-88888888"), "0531-****8888"),
        (mask::phone("12345"), "***45"),
    ];
    for (got, expected) in cases {
        assert_eq!(got, expected);
    }
}

#[test]
fn each_tab_selects_what_its_name_says() {
    use desk_domain::tabs::{Tab, TicketFacts};
    let now = u("2026-11-28T10:00:00+08:00");
    let day = Duration::hours(24);
    let facts = |status: &str, due: Option<&str>| TicketFacts {
        status: status.to_owned(),
        active_due: due.map(u),
        supervised: false,
        co_handler: false,
        extension_pending: false,
    };
    let pending = facts("pending_ack", Some("2026-11-28T10:30:00+08:00"));
    let soon = facts("in_progress", Some("2026-11-29T09:00:00+08:00"));
    let later = facts("in_progress", Some("2026-12-04T18:00:00+08:00"));
    let late = facts("redo", Some("2026-11-27T18:00:00+08:00"));
    let replied = facts("replied", None);
    let closed_supervised = TicketFacts {
        supervised: true,
        ..facts("closed", None)
    };
    let open_supervised = TicketFacts {
        supervised: true,
        ..later.clone()
    };
    let co = TicketFacts {
        co_handler: true,
        extension_pending: true,
        ..later.clone()
    };
    let cases: &[(Tab, &TicketFacts, bool)] = &[
        (Tab::All, &closed_supervised, true),
        (Tab::PendingAck, &pending, true),
        (Tab::PendingAck, &soon, false),
        (Tab::DueSoon, &pending, true),
        (Tab::DueSoon, &soon, true),
        (Tab::DueSoon, &later, false),
        (Tab::DueSoon, &late, false),
        (Tab::Overdue, &late, true),
        (Tab::Overdue, &soon, false),
        (Tab::Overdue, &replied, false),
        (Tab::Redo, &late, true),
        (Tab::Supervised, &open_supervised, true),
        (Tab::Supervised, &closed_supervised, false),
        (Tab::CoHandling, &co, true),
        (Tab::CoHandling, &later, false),
        (Tab::ExtensionPending, &co, true),
        (Tab::Replied, &replied, true),
        (Tab::Closed, &closed_supervised, true),
    ];
    for (tab, f, expected) in cases {
        assert_eq!(tab.matches(f, now, day), *expected, "{tab:?} on {f:?}");
    }
}
