//! The turn of the year (issue 14): tickets dispatched between 2026-12-28 and 2026-12-31
//! have deadlines in January 2027. With the district's 2027 calendar every working-day
//! figure follows it (元旦 off, a make-up Saturday on); without one, the figures count
//! Monday to Friday and say that they are estimates — never silently wrong, never a
//! panic.

mod common;

use chrono::{DateTime, NaiveDate};
use common::bj;
use desk_domain::alerts::{AlertFacts, AlertSettings, NothingFired, Plan, PlanInput, plan};
use desk_domain::calendar::{
    CalendarSource, WorkCalendar, bundled_years, not_covered_notice, office_close,
};
use district_api::{CalendarYear, OfficerRole, OurRole, Redo, TicketStatus};
use pretty_assertions::assert_eq;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// The 2027 schedule as a district might publish it (a test table, not the official
/// one): 元旦 Friday 1 to Sunday 3 January, and Saturday 9 January a make-up workday.
fn district_2027() -> CalendarYear {
    CalendarYear {
        year: 2027,
        holidays: vec![d("2027-01-01"), d("2027-01-02"), d("2027-01-03")],
        workdays: vec![d("2027-01-09")],
    }
}

/// What the desk has once the district published 2027 (2026 from the district too).
fn published() -> WorkCalendar {
    let mut years = bundled_years();
    years.push(district_2027());
    WorkCalendar::resolve(years)
}

/// What the desk has before: the bundled 2026 only.
fn unpublished() -> WorkCalendar {
    WorkCalendar::resolve([])
}

#[test]
fn the_district_is_the_authority_and_the_bundle_only_a_fallback() {
    let bundled = unpublished();
    assert_eq!(bundled.source(2026), Some(CalendarSource::Bundled));
    assert_eq!(bundled.source(2027), None);
    assert_eq!(bundled.uncovered([2026, 2027, 2027]), vec![2027]);

    // A district that corrects 2026 (a make-up day moved) wins over the bundle.
    let corrected = CalendarYear {
        year: 2026,
        holidays: vec![d("2026-12-31")],
        workdays: Vec::new(),
    };
    let cal = WorkCalendar::resolve([corrected.clone(), district_2027()]);
    assert_eq!(cal.source(2026), Some(CalendarSource::District));
    assert_eq!(cal.source(2027), Some(CalendarSource::District));
    assert_eq!(cal.year(2026), Some(corrected));
    assert_eq!(cal.is_workday(d("2026-12-31")), Ok(false));
    assert_eq!(
        cal.is_workday(d("2026-10-01")),
        Ok(true),
        "the bundle is gone"
    );
}

#[test]
fn reply_deadlines_of_late_december_dispatches_follow_the_2027_calendar() {
    let cal = published();
    // (dispatched, working days, due)
    let cases = [
        ("2026-12-28T09:00:00+08:00", 5, "2027-01-05T18:00:00+08:00"),
        ("2026-12-29T09:00:00+08:00", 5, "2027-01-06T18:00:00+08:00"),
        ("2026-12-30T09:00:00+08:00", 5, "2027-01-07T18:00:00+08:00"),
        ("2026-12-31T09:00:00+08:00", 5, "2027-01-08T18:00:00+08:00"),
        ("2026-12-31T09:00:00+08:00", 6, "2027-01-09T18:00:00+08:00"),
        ("2026-12-31T20:00:00+08:00", 1, "2027-01-04T18:00:00+08:00"),
        ("2026-12-31T09:00:00+08:00", 3, "2027-01-06T18:00:00+08:00"),
    ];
    for (dispatched, days, due) in cases {
        let at = DateTime::parse_from_rfc3339(dispatched).expect("test time");
        let want = DateTime::parse_from_rfc3339(due).expect("test time");
        assert_eq!(
            cal.working_day_deadline(at, days, office_close()),
            Ok(want),
            "{dispatched} + {days}"
        );
    }
    // Without 2027 the strict arithmetic refuses instead of guessing.
    let at = DateTime::parse_from_rfc3339("2026-12-28T09:00:00+08:00").expect("test time");
    assert!(
        unpublished()
            .working_day_deadline(at, 5, office_close())
            .is_err()
    );
}

#[test]
fn working_days_left_are_exact_with_2027_and_marked_estimates_without() {
    // (from, to, with 2027, without 2027)
    let cases = [
        ("2026-12-28", "2027-01-05", 5, 6),
        ("2026-12-30", "2027-01-05", 3, 4),
        ("2026-12-31", "2027-01-04", 1, 2),
        ("2026-12-31", "2027-01-09", 6, 6), // Jan 9: make-up Saturday vs. Jan 1 counted
        ("2027-01-01", "2027-01-11", 7, 6),
        ("2027-01-08", "2027-01-11", 2, 1),
        ("2026-12-01", "2026-12-04", 3, 3),
        ("2027-01-05", "2027-01-05", 0, 0),
        ("2027-01-06", "2027-01-05", 0, 0),
    ];
    for (from, to, exact, estimate) in cases {
        let with = published().workdays_left(d(from), d(to));
        assert_eq!(with.value, exact, "{from}..{to} with 2027");
        assert!(!with.is_estimate(), "{from}..{to} with 2027 is exact");
        let without = unpublished().workdays_left(d(from), d(to));
        assert_eq!(without.value, estimate, "{from}..{to} without 2027");
        let spans_2027 = d(to) > d(from) && d(to) >= d("2027-01-01");
        assert_eq!(
            without.estimated_years,
            if spans_2027 { vec![2027] } else { vec![] },
            "{from}..{to}: which years are estimates"
        );
    }
}

#[test]
fn a_deadline_centuries_away_is_cut_not_looped_over() {
    let far = unpublished().workdays_left(d("2026-12-01"), d("9999-12-31"));
    assert!(far.is_estimate());
    assert_eq!(far.estimated_years.len(), 10, "{:?}", far.estimated_years);
}

#[test]
fn the_status_notice_names_the_years() {
    assert_eq!(not_covered_notice(&[]), None);
    assert_eq!(
        not_covered_notice(&[2027]).as_deref(),
        Some("2027 年节假日安排尚未发布：涉及 2027 年的工作日按周一至周五估算")
    );
}

fn ticket(id: &str, status: TicketStatus, dispatched: &str, reply_due: &str) -> AlertFacts {
    let at = bj(dispatched);
    AlertFacts {
        id: id.to_owned(),
        title: "小区门口路灯不亮".to_owned(),
        status,
        our_role: OurRole::Lead,
        dispatched_at: at,
        ack_due: at + chrono::Duration::hours(2),
        reply_due: bj(reply_due),
        opinion_due: None,
        redo: None,
        supervision: None,
        extension: None,
    }
}

fn run(cal: &WorkCalendar, tickets: &[AlertFacts], now: &str) -> Plan {
    plan(&PlanInput {
        tickets,
        outbox_problems: &[],
        calendar: cal,
        settings: &AlertSettings::default(),
        duty: None,
        me: OfficerRole::A,
        fired: &NothingFired,
        now: bj(now),
        paused_until: None,
        last_shown: &[],
    })
}

/// `ticket ids` of each notification, critical ones marked `!`.
fn shown(p: &Plan) -> Vec<String> {
    p.notifications
        .iter()
        .map(|n| {
            format!(
                "{}{}",
                n.ticket_ids.join(","),
                if n.critical { "!" } else { "" }
            )
        })
        .collect()
}

const NOTE: &str = "2027 年节假日安排尚未发布，工作日按周一至周五估算";

#[test]
fn the_one_working_day_reminder_moves_with_the_calendar() {
    // Reply due Monday 2027-01-04 18:00: one working day before is Thursday 12-31 with
    // 元旦 off, Friday 01-01 if Monday to Friday is assumed (at 17:30, the end of the
    // office day).
    let t = [ticket(
        "T1",
        TicketStatus::InProgress,
        "2026-12-28 09:00",
        "2027-01-04 18:00",
    )];
    let exact = run(&published(), &t, "2026-12-31 09:00");
    assert_eq!(exact.next_wake, Some(bj("2026-12-31 17:30")));
    assert!(exact.uncovered_years.is_empty());
    let estimated = run(&unpublished(), &t, "2026-12-31 09:00");
    assert_eq!(estimated.next_wake, Some(bj("2027-01-01 17:30")));
    assert_eq!(estimated.uncovered_years, vec![2027]);

    // When it fires, the estimated reminder says so; the exact one does not.
    let fired = run(&unpublished(), &t, "2027-01-01 17:31");
    assert_eq!(shown(&fired), vec!["T1"]);
    assert!(fired.notifications[0].body.contains(NOTE), "{fired:?}");
    let fired = run(&published(), &t, "2026-12-31 17:31");
    assert_eq!(shown(&fired), vec!["T1"]);
    assert!(!fired.notifications[0].body.contains("估算"), "{fired:?}");
}

#[test]
fn on_new_years_day_reminders_are_held_but_overdue_and_redo_still_come() {
    let new = ticket(
        "NEW",
        TicketStatus::PendingAck,
        "2027-01-01 09:00",
        "2027-01-08 18:00",
    );
    let overdue = ticket(
        "LATE",
        TicketStatus::InProgress,
        "2026-12-23 09:00",
        "2026-12-30 18:00",
    );
    let mut redo = ticket(
        "REDO",
        TicketStatus::Redo,
        "2026-12-20 09:00",
        "2027-01-06 18:00",
    );
    redo.redo = Some(Redo {
        count: 1,
        reason: "市民反映路灯仍未修复".to_owned(),
        at: bj("2027-01-01 08:50").fixed_offset(),
    });
    let tickets = [new, overdue, redo];

    let holiday = run(&published(), &tickets, "2027-01-01 09:05");
    assert_eq!(
        holiday.held, 1,
        "the new-ticket reminder waits: {holiday:?}"
    );
    let ids: Vec<&str> = holiday
        .notifications
        .iter()
        .flat_map(|n| n.ticket_ids.iter().map(String::as_str))
        .collect();
    assert!(ids.contains(&"LATE") && ids.contains(&"REDO") && !ids.contains(&"NEW"));
    assert!(holiday.notifications.iter().all(|n| n.critical));

    // Without 2027, Friday 01-01 is taken for a working day: the reminder comes, and
    // says the day is an estimate.
    let guess = run(&unpublished(), &tickets, "2027-01-01 09:05");
    assert_eq!(guess.held, 0, "{guess:?}");
    assert!(
        guess
            .notifications
            .iter()
            .any(|n| n.ticket_ids.contains(&"NEW".to_owned()))
    );
    assert!(guess.notifications.iter().all(|n| n.body.contains(NOTE)));
}

#[test]
fn a_make_up_saturday_is_a_working_day_for_reminders() {
    let on = |day: &str| {
        [ticket(
            "NEW",
            TicketStatus::PendingAck,
            &format!("{day} 09:00"),
            "2027-01-20 18:00",
        )]
    };
    // Saturday 01-09 is a make-up workday in the district's 2027: the reminder comes.
    let makeup = run(&published(), &on("2027-01-09"), "2027-01-09 09:05");
    assert_eq!((shown(&makeup), makeup.held), (vec!["NEW".to_owned()], 0));
    // A plain Saturday holds it until Monday's office day.
    let saturday = run(&published(), &on("2027-01-16"), "2027-01-16 09:05");
    assert_eq!((shown(&saturday), saturday.held), (Vec::<String>::new(), 1));
    // The ack deadline (11:00) passing still wakes the desk on the Saturday.
    assert_eq!(
        saturday.next_wake,
        Some(bj("2027-01-16 11:00") + chrono::Duration::seconds(1))
    );
}
