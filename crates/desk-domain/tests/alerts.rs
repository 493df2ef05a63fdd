//! Table tests of the alert planner (issue 6). Every case is also re-planned with its
//! `newly_fired` keys given back, which must fire nothing: a restart never repeats.

mod common;

use common::{bj, open_titled};
use desk_domain::WorkCalendar;
use desk_domain::alerts::{
    AlertFacts, AlertKey, AlertKind, AlertSettings, AlertUrgency, Lead, NothingFired, OffDutyMode,
    OutboxProblem, OutboxProblemState, Plan, PlanInput, handover_expiry, on_duty, plan,
};
use district_api::{
    Duty, Extension, ExtensionStatus, OfficerRole, OurRole, Redo, RosterOfficer, Supervision,
    SupervisionLevel, Ticket, TicketStatus,
};
use pretty_assertions::assert_eq;
use std::collections::HashSet;

use AlertKind::{
    AckDue, ExtensionDecided, NewTicket, OpinionDue, OutboxProblem as Outbox, Overdue,
    Redo as RedoKind, ReplyDue, Supervision as SupervisionKind,
};

fn fx(s: &str) -> district_api::Timestamp {
    bj(s).fixed_offset()
}

/// An acknowledged ticket of a lead unit, due at `reply_due`.
fn open(id: &str, reply_due: &str) -> AlertFacts {
    open_titled(id, "小区门口路灯不亮", reply_due)
}

/// A ticket awaiting acknowledgement, dispatched at `dispatched` (ack window 2 h).
fn pending(id: &str, dispatched: &str) -> AlertFacts {
    let at = bj(dispatched);
    AlertFacts {
        status: TicketStatus::PendingAck,
        dispatched_at: at,
        ack_due: at + chrono::Duration::hours(2),
        reply_due: at + chrono::Duration::days(7),
        ..open(id, "2026-12-31 18:00")
    }
}

fn k(id: &str, kind: AlertKind, threshold: &str) -> AlertKey {
    AlertKey::new(id, kind, threshold)
}

fn duty(on: OfficerRole, until: Option<&str>) -> Duty {
    Duty {
        unit_id: "U1".to_owned(),
        revision: 3,
        a: RosterOfficer {
            id: "a".to_owned(),
            name: "张三".to_owned(),
            phone: String::new(),
        },
        b: RosterOfficer {
            id: "b".to_owned(),
            name: "李四".to_owned(),
            phone: String::new(),
        },
        on_duty: on,
        since: fx("2026-11-30 08:00"),
        until: until.map(fx),
        note: "外出开会".to_owned(),
    }
}

// Reply deadline Monday 2026-11-30 18:00: 1 working day before = Friday 11-27 17:30
// (18:00 clamped to the end of working hours), 4 h = 14:00, 1 h = 17:00.
const R: &str = "reply@2026-11-30T18:00:00+08:00";
fn r(step: &str) -> String {
    format!("{R}/{step}")
}

struct Case {
    name: &'static str,
    now: &'static str,
    tickets: Vec<AlertFacts>,
    outbox: Vec<OutboxProblem>,
    settings: AlertSettings,
    duty: Option<Duty>,
    me: OfficerRole,
    fired: Vec<AlertKey>,
}

impl Default for Case {
    fn default() -> Self {
        Case {
            name: "",
            now: "2026-11-30 10:00",
            tickets: Vec::new(),
            outbox: Vec::new(),
            settings: AlertSettings::default(),
            duty: None,
            me: OfficerRole::A,
            fired: Vec::new(),
        }
    }
}

/// What a case must produce. `notes` are `kind[!] ids` (`!` = critical), digests
/// prefixed `digest:`; `fired`, when given, is the exact set of newly fired keys.
struct Want {
    notes: &'static [&'static str],
    held: usize,
    wake: Option<&'static str>,
    fired: Option<Vec<AlertKey>>,
}

fn want(notes: &'static [&'static str], held: usize, wake: Option<&'static str>) -> Want {
    Want {
        notes,
        held,
        wake,
        fired: None,
    }
}

fn run(case: &Case, fired: &HashSet<AlertKey>) -> Plan {
    let cal = WorkCalendar::resolve([]);
    plan(&PlanInput {
        tickets: &case.tickets,
        outbox_problems: &case.outbox,
        calendar: &cal,
        settings: &case.settings,
        duty: case.duty.as_ref(),
        me: case.me.clone(),
        fired,
        now: bj(case.now),
        paused_until: None,
        last_shown: &[],
    })
}

fn render(p: &Plan) -> Vec<String> {
    p.notifications
        .iter()
        .map(|n| {
            format!(
                "{}{}{} {}",
                if n.digest { "digest:" } else { "" },
                n.kind.as_str(),
                if n.critical { "!" } else { "" },
                n.ticket_ids.join(",")
            )
        })
        .collect()
}

fn check(case: Case, want: Want) -> Plan {
    let fired: HashSet<AlertKey> = case.fired.iter().cloned().collect();
    let p = run(&case, &fired);
    let name = case.name;
    assert_eq!(render(&p), want.notes, "{name}: notifications");
    assert_eq!(p.held, want.held, "{name}: held");
    assert_eq!(p.next_wake, want.wake.map(bj), "{name}: next wake");
    if let Some(n) = p.next_wake {
        assert!(n > bj(case.now), "{name}: next wake is in the future");
    }
    let mut got = p.newly_fired.clone();
    got.sort();
    if let Some(mut expected) = want.fired {
        expected.sort();
        assert_eq!(got, expected, "{name}: newly fired");
    }
    let all: Vec<AlertKey> = p
        .notifications
        .iter()
        .flat_map(|n| n.keys.clone())
        .collect();
    assert_eq!(
        all.len(),
        p.newly_fired.len(),
        "{name}: each key in one notification"
    );
    for key in &p.newly_fired {
        assert!(!fired.contains(key), "{name}: {key:?} fired twice");
    }
    // Restart: the same moment with the keys persisted fires nothing.
    let mut after = fired.clone();
    after.extend(p.newly_fired.iter().cloned());
    let again = run(&case, &after);
    assert_eq!(
        render(&again),
        Vec::<String>::new(),
        "{name}: after restart"
    );
    p
}

#[test]
fn reply_thresholds_fire_one_by_one_then_overdue_daily() {
    let t = || vec![open("T1", "2026-11-30 18:00")];
    let fired = |steps: &[&str]| -> Vec<AlertKey> {
        steps
            .iter()
            .map(|s| {
                let kind = if s.starts_with("2026") {
                    Overdue
                } else {
                    ReplyDue
                };
                k("T1", kind, &r(s))
            })
            .collect()
    };
    let cases = [
        (
            Case {
                name: "days before: nothing, wake at the yellow card",
                now: "2026-11-26 10:00",
                tickets: t(),
                ..Case::default()
            },
            want(&[], 0, Some("2026-11-27 17:30")),
        ),
        (
            Case {
                name: "1 working day before (Friday, clamped to 17:30)",
                now: "2026-11-27 17:30",
                tickets: t(),
                ..Case::default()
            },
            Want {
                fired: Some(fired(&["1wd"])),
                ..want(&["reply_due T1"], 0, Some("2026-11-30 14:00"))
            },
        ),
        (
            Case {
                name: "4 h before",
                now: "2026-11-30 14:00",
                tickets: t(),
                fired: fired(&["1wd"]),
                ..Case::default()
            },
            Want {
                fired: Some(fired(&["4h"])),
                ..want(&["reply_due T1"], 0, Some("2026-11-30 17:00"))
            },
        ),
        (
            Case {
                name: "1 h before",
                now: "2026-11-30 17:00",
                tickets: t(),
                fired: fired(&["1wd", "4h"]),
                ..Case::default()
            },
            Want {
                fired: Some(fired(&["1h"])),
                ..want(&["reply_due T1"], 0, Some("2026-11-30 18:00:01"))
            },
        ),
        (
            Case {
                name: "at the deadline second it is not yet overdue",
                now: "2026-11-30 18:00:00",
                tickets: t(),
                fired: fired(&["1wd", "4h", "1h"]),
                ..Case::default()
            },
            want(&[], 0, Some("2026-11-30 18:00:01")),
        ),
        (
            Case {
                name: "overdue, critical even after working hours",
                now: "2026-11-30 18:00:01",
                tickets: t(),
                fired: fired(&["1wd", "4h", "1h"]),
                ..Case::default()
            },
            Want {
                fired: Some(fired(&["2026-11-30"])),
                ..want(&["overdue! T1"], 0, Some("2026-12-01 08:30"))
            },
        ),
        (
            Case {
                name: "overdue again at the start of the next working day",
                now: "2026-12-01 08:30",
                tickets: t(),
                fired: fired(&["1wd", "4h", "1h", "2026-11-30"]),
                ..Case::default()
            },
            Want {
                fired: Some(fired(&["2026-12-01"])),
                ..want(&["overdue! T1"], 0, Some("2026-12-02 08:30"))
            },
        ),
        (
            Case {
                name: "overdue once per working day: not again the same day",
                now: "2026-12-01 16:00",
                tickets: t(),
                fired: fired(&["1wd", "4h", "1h", "2026-11-30", "2026-12-01"]),
                ..Case::default()
            },
            want(&[], 0, Some("2026-12-02 08:30")),
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn overdue_repeats_skip_weekends() {
    const F: &str = "reply@2026-11-27T18:00:00+08:00";
    let t = || vec![open("T1", "2026-11-27 18:00")];
    let base = vec![
        k("T1", ReplyDue, &format!("{F}/1wd")),
        k("T1", ReplyDue, &format!("{F}/4h")),
        k("T1", ReplyDue, &format!("{F}/1h")),
    ];
    let cases = [
        (
            Case {
                name: "Friday deadline: overdue Friday, next repeat Monday",
                now: "2026-11-27 18:05",
                tickets: t(),
                fired: base.clone(),
                ..Case::default()
            },
            want(&["overdue! T1"], 0, Some("2026-11-30 08:30")),
        ),
        (
            Case {
                name: "Saturday: no repeat on a day off",
                now: "2026-11-28 10:00",
                tickets: t(),
                fired: [
                    base.clone(),
                    vec![k("T1", Overdue, &format!("{F}/2026-11-27"))],
                ]
                .concat(),
                ..Case::default()
            },
            want(&[], 0, Some("2026-11-30 08:30")),
        ),
        (
            Case {
                name: "Monday morning: the repeat",
                now: "2026-11-30 08:30",
                tickets: t(),
                fired: [base, vec![k("T1", Overdue, &format!("{F}/2026-11-27"))]].concat(),
                ..Case::default()
            },
            Want {
                fired: Some(vec![k("T1", Overdue, &format!("{F}/2026-11-30"))]),
                ..want(&["overdue! T1"], 0, Some("2026-12-01 08:30"))
            },
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn missed_thresholds_fire_once_the_most_severe_and_mark_the_rest() {
    let t = || vec![open("T1", "2026-11-30 18:00")];
    let cases = [
        (
            Case {
                name: "started at 17:10: only the 1 h reminder",
                now: "2026-11-30 17:10",
                tickets: t(),
                ..Case::default()
            },
            Want {
                fired: Some(vec![
                    k("T1", ReplyDue, &r("1wd")),
                    k("T1", ReplyDue, &r("4h")),
                    k("T1", ReplyDue, &r("1h")),
                ]),
                ..want(&["reply_due T1"], 0, Some("2026-11-30 18:00:01"))
            },
        ),
        (
            Case {
                name: "started two working days late: one overdue, today's",
                now: "2026-12-02 10:00",
                tickets: t(),
                ..Case::default()
            },
            Want {
                fired: Some(vec![
                    k("T1", ReplyDue, &r("1wd")),
                    k("T1", ReplyDue, &r("4h")),
                    k("T1", ReplyDue, &r("1h")),
                    k("T1", Overdue, &r("2026-11-30")),
                    k("T1", Overdue, &r("2026-12-02")),
                ]),
                ..want(&["overdue! T1"], 0, Some("2026-12-03 08:30"))
            },
        ),
        (
            Case {
                name: "clock jumped back after that: nothing fires again",
                now: "2026-11-30 15:00",
                tickets: t(),
                fired: vec![
                    k("T1", ReplyDue, &r("1wd")),
                    k("T1", ReplyDue, &r("4h")),
                    k("T1", ReplyDue, &r("1h")),
                    k("T1", Overdue, &r("2026-11-30")),
                    k("T1", Overdue, &r("2026-12-02")),
                ],
                ..Case::default()
            },
            want(&[], 0, Some("2026-11-30 18:00:01")),
        ),
        (
            Case {
                name: "restart at the same moment: nothing repeats",
                now: "2026-11-30 17:10",
                tickets: t(),
                fired: vec![
                    k("T1", ReplyDue, &r("1wd")),
                    k("T1", ReplyDue, &r("4h")),
                    k("T1", ReplyDue, &r("1h")),
                ],
                ..Case::default()
            },
            want(&[], 0, Some("2026-11-30 18:00:01")),
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn new_ticket_and_ack_thresholds() {
    const A: &str = "ack@2026-11-30T11:00:00+08:00";
    let t = || vec![pending("T5", "2026-11-30 09:00")];
    let a = |s: &str, kind| k("T5", kind, &format!("{A}/{s}"));
    let cases = [
        (
            Case {
                name: "new ticket: at once",
                now: "2026-11-30 09:00",
                tickets: t(),
                ..Case::default()
            },
            Want {
                fired: Some(vec![a("new", NewTicket)]),
                ..want(&["new_ticket T5"], 0, Some("2026-11-30 10:30"))
            },
        ),
        (
            Case {
                name: "ack deadline in 30 min",
                now: "2026-11-30 10:30",
                tickets: t(),
                fired: vec![a("new", NewTicket)],
                ..Case::default()
            },
            Want {
                fired: Some(vec![a("30m", AckDue)]),
                ..want(&["ack_due T5"], 0, Some("2026-11-30 10:50"))
            },
        ),
        (
            Case {
                name: "ack deadline in 10 min",
                now: "2026-11-30 10:50",
                tickets: t(),
                fired: vec![a("new", NewTicket), a("30m", AckDue)],
                ..Case::default()
            },
            Want {
                fired: Some(vec![a("10m", AckDue)]),
                ..want(&["ack_due T5"], 0, Some("2026-11-30 11:00:01"))
            },
        ),
        (
            Case {
                name: "ack deadline passed",
                now: "2026-11-30 11:00:01",
                tickets: t(),
                fired: vec![a("new", NewTicket), a("30m", AckDue), a("10m", AckDue)],
                ..Case::default()
            },
            Want {
                fired: Some(vec![a("2026-11-30", Overdue)]),
                ..want(&["overdue! T5"], 0, Some("2026-12-01 08:30"))
            },
        ),
        (
            Case {
                name: "first seen 5 min before the ack deadline: one alert",
                now: "2026-11-30 10:55",
                tickets: t(),
                ..Case::default()
            },
            Want {
                fired: Some(vec![
                    a("new", NewTicket),
                    a("30m", AckDue),
                    a("10m", AckDue),
                ]),
                ..want(&["ack_due T5"], 0, Some("2026-11-30 11:00:01"))
            },
        ),
        (
            Case {
                name: "dispatched in the evening: held, but the ack deadline wakes",
                now: "2026-11-30 19:00",
                tickets: vec![pending("T6", "2026-11-30 19:00")],
                ..Case::default()
            },
            want(&[], 1, Some("2026-11-30 21:00:01")),
        ),
        (
            Case {
                name: "evening ack deadline passed: critical, not held",
                now: "2026-11-30 21:00:01",
                tickets: vec![pending("T6", "2026-11-30 19:00")],
                ..Case::default()
            },
            want(&["overdue! T6"], 0, Some("2026-12-01 08:30")),
        ),
        (
            Case {
                name: "acknowledged: the reply ladder, not the ack one",
                now: "2026-11-30 10:55",
                tickets: vec![AlertFacts {
                    status: TicketStatus::InProgress,
                    ..pending("T5", "2026-11-30 09:00")
                }],
                ..Case::default()
            },
            want(&[], 0, Some("2026-12-04 09:00")),
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn working_hours_hold_and_release() {
    let t = || vec![open("T1", "2026-11-30 18:00")];
    let cases = [
        (
            Case {
                name: "within the grace after the end: still delivered",
                now: "2026-11-27 17:34",
                tickets: t(),
                ..Case::default()
            },
            want(&["reply_due T1"], 0, Some("2026-11-30 14:00")),
        ),
        (
            Case {
                name: "Friday evening: held until Monday 08:30",
                now: "2026-11-27 19:00",
                tickets: t(),
                ..Case::default()
            },
            Want {
                fired: Some(vec![]),
                ..want(&[], 1, Some("2026-11-30 08:30"))
            },
        ),
        (
            Case {
                name: "weekend: held until Monday 08:30",
                now: "2026-11-28 10:00",
                tickets: t(),
                ..Case::default()
            },
            want(&[], 1, Some("2026-11-30 08:30")),
        ),
        (
            Case {
                name: "before work on Monday: held until 08:30",
                now: "2026-11-30 07:00",
                tickets: t(),
                ..Case::default()
            },
            want(&[], 1, Some("2026-11-30 08:30")),
        ),
        (
            Case {
                name: "released Monday 08:30",
                now: "2026-11-30 08:30",
                tickets: t(),
                ..Case::default()
            },
            Want {
                fired: Some(vec![k("T1", ReplyDue, &r("1wd"))]),
                ..want(&["reply_due T1"], 0, Some("2026-11-30 14:00"))
            },
        ),
        (
            Case {
                name: "holding off: delivered on Saturday",
                now: "2026-11-28 10:00",
                tickets: t(),
                settings: AlertSettings {
                    hold_outside_working_hours: false,
                    ..AlertSettings::default()
                },
                ..Case::default()
            },
            // Without holding the yellow card is not clamped: Friday 18:00.
            want(&["reply_due T1"], 0, Some("2026-11-30 14:00")),
        ),
        (
            Case {
                name: "holding off: the yellow card at the deadline's own time",
                now: "2026-11-27 17:45",
                tickets: t(),
                settings: AlertSettings {
                    hold_outside_working_hours: false,
                    ..AlertSettings::default()
                },
                ..Case::default()
            },
            want(&[], 0, Some("2026-11-27 18:00")),
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn calendar_holidays_and_make_up_days() {
    let decided = |id: &str, at: &str| AlertFacts {
        extension: Some(Extension {
            status: ExtensionStatus::Approved,
            requested_due_at: fx("2026-10-16 18:00"),
            reason: "需协调多部门".to_owned(),
            decided_at: Some(fx(at)),
        }),
        ..open(id, "2026-10-16 18:00")
    };
    let cases = [
        (
            Case {
                name: "国庆: the yellow card for Thu 10-08 comes on Wed 09-30",
                now: "2026-09-29 10:00",
                tickets: vec![open("T3", "2026-10-08 18:00")],
                ..Case::default()
            },
            want(&[], 0, Some("2026-09-30 17:30")),
        ),
        (
            Case {
                name: "国庆: it fires on 09-30",
                now: "2026-09-30 17:30",
                tickets: vec![open("T3", "2026-10-08 18:00")],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k(
                    "T3",
                    ReplyDue,
                    "reply@2026-10-08T18:00:00+08:00/1wd",
                )]),
                ..want(&["reply_due T3"], 0, Some("2026-10-08 14:00"))
            },
        ),
        (
            Case {
                name: "国庆: missed on 09-30, held over the holiday to 10-08 08:30",
                now: "2026-10-02 10:00",
                tickets: vec![open("T3", "2026-10-08 18:00")],
                ..Case::default()
            },
            want(&[], 1, Some("2026-10-08 08:30")),
        ),
        (
            Case {
                name: "调休: the yellow card for Mon 10-12 is on make-up Saturday 10-10",
                now: "2026-10-09 10:00",
                tickets: vec![open("T2", "2026-10-12 18:00")],
                ..Case::default()
            },
            want(&[], 0, Some("2026-10-10 17:30")),
        ),
        (
            Case {
                name: "调休: Friday-evening event released on make-up Saturday 08:30",
                now: "2026-10-09 19:00",
                tickets: vec![decided("T4", "2026-10-09 18:40")],
                ..Case::default()
            },
            want(&[], 1, Some("2026-10-10 08:30")),
        ),
        (
            Case {
                name: "调休: make-up Saturday is a working day",
                now: "2026-10-10 09:00",
                tickets: vec![decided("T4", "2026-10-09 18:40")],
                ..Case::default()
            },
            want(&["extension_decided T4"], 0, Some("2026-10-15 17:30")),
        ),
        (
            Case {
                name: "an ordinary Saturday is not",
                now: "2026-11-28 09:00",
                tickets: vec![AlertFacts {
                    extension: decided("x", "2026-11-27 19:00").extension,
                    ..open("T4", "2026-12-10 18:00")
                }],
                ..Case::default()
            },
            want(&[], 1, Some("2026-11-30 08:30")),
        ),
        (
            Case {
                name: "劳动节 holiday: event held to 05-06",
                now: "2026-05-02 11:00",
                tickets: vec![AlertFacts {
                    extension: decided("x", "2026-05-02 10:00").extension,
                    ..open("T4", "2026-05-20 18:00")
                }],
                ..Case::default()
            },
            want(&[], 1, Some("2026-05-06 08:30")),
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn uncovered_year_counts_weekdays_and_says_so() {
    let case = Case {
        name: "2027 deadline",
        now: "2026-12-31 10:00",
        tickets: vec![open("T9", "2027-01-05 18:00")],
        ..Case::default()
    };
    let p = check(case, want(&[], 0, Some("2027-01-04 17:30")));
    assert_eq!(p.uncovered_years, vec![2027]);
}

#[test]
fn several_alerts_due_together_make_one_digest() {
    let three = || {
        vec![
            open("T1", "2026-11-30 18:00"),
            open("T2", "2026-11-30 18:00"),
            open("T3", "2026-11-30 18:00"),
        ]
    };
    let cases = [
        (
            Case {
                name: "three due in 1 h: one digest with every key",
                now: "2026-11-30 17:00",
                tickets: three(),
                fired: ["T1", "T2", "T3"]
                    .iter()
                    .flat_map(|id| [k(id, ReplyDue, &r("1wd")), k(id, ReplyDue, &r("4h"))])
                    .collect(),
                ..Case::default()
            },
            Want {
                fired: Some(
                    ["T1", "T2", "T3"]
                        .iter()
                        .map(|id| k(id, ReplyDue, &r("1h")))
                        .collect(),
                ),
                ..want(
                    &["digest:reply_due T1,T2,T3"],
                    0,
                    Some("2026-11-30 18:00:01"),
                )
            },
        ),
        (
            Case {
                name: "mixed: critical digest, most severe kind first",
                now: "2026-11-30 17:00",
                tickets: vec![
                    open("T1", "2026-11-30 16:00"),
                    AlertFacts {
                        status: TicketStatus::Redo,
                        redo: Some(Redo {
                            count: 1,
                            reason: "市民反映路灯仍未修复".to_owned(),
                            at: fx("2026-11-30 16:30"),
                        }),
                        ..open("T2", "2026-12-03 18:00")
                    },
                ],
                ..Case::default()
            },
            want(&["digest:overdue! T1,T2"], 0, Some("2026-12-01 08:30")),
        ),
        (
            Case {
                name: "digest_min 4: three alerts stay single",
                now: "2026-11-30 17:00",
                tickets: three(),
                settings: AlertSettings {
                    digest_min: 4,
                    ..AlertSettings::default()
                },
                ..Case::default()
            },
            want(
                &["reply_due T1", "reply_due T2", "reply_due T3"],
                0,
                Some("2026-11-30 18:00:01"),
            ),
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn digest_wording() {
    let tickets: Vec<AlertFacts> = (1..=7)
        .map(|i| open(&format!("T{i}"), "2026-11-30 18:00"))
        .collect();
    let case = Case {
        name: "seven due",
        now: "2026-11-30 17:00",
        tickets,
        ..Case::default()
    };
    let p = run(&case, &HashSet::new());
    let n = &p.notifications[0];
    assert_eq!(n.title, "7 件工单即将超时");
    assert_eq!(n.urgency, AlertUrgency::Normal);
    let lines: Vec<&str> = n.body.lines().collect();
    assert_eq!(lines[0], "【即将超时】T1  小区门口路灯不亮  剩余 1小时");
    assert_eq!(lines.len(), 6, "five lines and a remainder: {lines:?}");
    assert_eq!(lines[5], "…另有 2 条");

    let mixed = Case {
        name: "mixed",
        now: "2026-11-30 17:00",
        tickets: vec![
            open("T1", "2026-11-30 18:00"),
            open("T2", "2026-11-30 12:00"),
        ],
        ..Case::default()
    };
    let p = run(&mixed, &HashSet::new());
    let n = &p.notifications[0];
    assert_eq!(n.title, "2 条工单提醒");
    assert_eq!(n.urgency, AlertUrgency::Critical);
    assert_eq!(
        n.body,
        "已超时 1 · 即将超时 1\n【已超时】T2  小区门口路灯不亮  已超时 5小时\n【即将超时】T1  小区门口路灯不亮  剩余 1小时"
    );
}

#[test]
fn single_notification_wording() {
    let cases: Vec<(AlertFacts, &str, &str, &str)> = vec![
        (
            open("TQ20261128000123", "2026-11-30 18:00"),
            "2026-11-30 14:47:30",
            "工单即将超时",
            "TQ20261128000123  小区门口路灯不亮  剩余 3小时12分钟",
        ),
        (
            pending("T5", "2026-11-30 09:00"),
            "2026-11-30 09:00",
            "新工单待签收",
            "T5  小区门口路灯不亮  剩余 2小时",
        ),
        (
            open("T1", "2026-11-30 10:00"),
            "2026-11-30 10:30",
            "工单已超时",
            "T1  小区门口路灯不亮  已超时 30分钟",
        ),
        (
            AlertFacts {
                status: TicketStatus::Redo,
                redo: Some(Redo {
                    count: 2,
                    reason: "市民反映路灯仍未修复".to_owned(),
                    at: fx("2026-11-30 09:00"),
                }),
                ..open("T2", "2026-12-03 18:00")
            },
            "2026-11-30 09:10",
            "工单被退回重办（第2次）",
            "T2  小区门口路灯不亮  重办原因：市民反映路灯仍未修复  答复剩余 3天8小时",
        ),
        (
            AlertFacts {
                supervision: Some(Supervision {
                    level: SupervisionLevel::Red,
                    note: String::new(),
                    at: fx("2026-11-30 09:00"),
                }),
                ..open("T3", "2026-12-03 18:00")
            },
            "2026-11-30 09:00",
            "工单被红牌督办",
            "T3  小区门口路灯不亮  答复剩余 3天9小时",
        ),
        (
            AlertFacts {
                extension: Some(Extension {
                    status: ExtensionStatus::Approved,
                    requested_due_at: fx("2026-12-10 18:00"),
                    reason: String::new(),
                    decided_at: Some(fx("2026-11-30 09:00")),
                }),
                ..open("T4", "2026-12-10 18:00")
            },
            "2026-11-30 09:00",
            "延期申请已批准",
            "T4  小区门口路灯不亮  新时限 12月10日 18:00  答复剩余 10天9小时",
        ),
    ];
    for (t, now, title, body) in cases {
        let case = Case {
            now: Box::leak(now.to_owned().into_boxed_str()),
            tickets: vec![t],
            ..Case::default()
        };
        let p = run(&case, &HashSet::new());
        assert_eq!(p.notifications.len(), 1, "{title}");
        assert_eq!(p.notifications[0].title, title);
        assert_eq!(p.notifications[0].body, body);
    }
}

#[test]
fn alerts_go_to_the_officer_on_duty() {
    let t = || vec![open("T1", "2026-11-30 18:00")];
    let leave = || Some(duty(OfficerRole::B, Some("2026-12-02 18:00")));
    let cases = [
        (
            Case {
                name: "A on leave: A gets nothing, wakes when the handover ends",
                now: "2026-11-30 17:10",
                tickets: t(),
                duty: leave(),
                me: OfficerRole::A,
                ..Case::default()
            },
            Want {
                fired: Some(vec![]),
                ..want(&[], 0, Some("2026-12-02 18:00"))
            },
        ),
        (
            Case {
                name: "A on leave: B gets the alert",
                now: "2026-11-30 17:10",
                tickets: t(),
                duty: leave(),
                me: OfficerRole::B,
                ..Case::default()
            },
            want(&["reply_due T1"], 0, Some("2026-11-30 18:00:01")),
        ),
        (
            Case {
                name: "handover expired: A again",
                now: "2026-12-02 18:00",
                tickets: t(),
                duty: leave(),
                me: OfficerRole::A,
                ..Case::default()
            },
            want(&["overdue! T1"], 0, Some("2026-12-03 08:30")),
        ),
        (
            Case {
                name: "handover expired: B gets nothing",
                now: "2026-12-02 18:00",
                tickets: t(),
                duty: leave(),
                me: OfficerRole::B,
                ..Case::default()
            },
            want(&[], 0, None),
        ),
        (
            Case {
                name: "no roster synced yet: A",
                now: "2026-11-30 17:10",
                tickets: t(),
                me: OfficerRole::B,
                ..Case::default()
            },
            want(&[], 0, None),
        ),
        (
            Case {
                name: "B on duty without end: B",
                now: "2026-11-30 17:10",
                tickets: t(),
                duty: Some(duty(OfficerRole::B, None)),
                me: OfficerRole::B,
                ..Case::default()
            },
            want(&["reply_due T1"], 0, Some("2026-11-30 18:00:01")),
        ),
        (
            Case {
                name: "off duty with a quiet summary: one low, non-critical note, keys fired",
                now: "2026-11-30 18:10",
                tickets: vec![
                    open("T1", "2026-11-30 18:00"),
                    open("T2", "2026-11-30 18:00"),
                ],
                duty: leave(),
                me: OfficerRole::A,
                settings: AlertSettings {
                    off_duty_mode: OffDutyMode::QuietSummary,
                    ..AlertSettings::default()
                },
                ..Case::default()
            },
            want(&["digest:overdue T1,T2"], 0, Some("2026-12-01 08:30")),
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn quiet_summary_wording() {
    let case = Case {
        now: "2026-11-30 18:10",
        tickets: vec![open("T1", "2026-11-30 18:00")],
        duty: Some(duty(OfficerRole::B, Some("2026-12-02 18:00"))),
        settings: AlertSettings {
            off_duty_mode: OffDutyMode::QuietSummary,
            ..AlertSettings::default()
        },
        ..Case::default()
    };
    let p = run(&case, &HashSet::new());
    let n = &p.notifications[0];
    assert_eq!(n.title, "B角（李四）值班中：1 条提醒已发给值班人");
    assert_eq!(n.urgency, AlertUrgency::Low);
    assert!(!n.critical);
    assert_eq!(n.body, "已超时 1\n您当前不在值班，仅供知悉。");
}

#[test]
fn on_duty_and_handover_expiry() {
    let now = bj("2026-12-01 10:00");
    let cases = [
        (None, OfficerRole::A, None),
        (Some(duty(OfficerRole::A, None)), OfficerRole::A, None),
        (Some(duty(OfficerRole::B, None)), OfficerRole::B, None),
        (
            Some(duty(OfficerRole::B, Some("2026-12-01 10:00:01"))),
            OfficerRole::B,
            Some(bj("2026-12-01 10:00:01")),
        ),
        (
            Some(duty(OfficerRole::B, Some("2026-12-01 10:00"))),
            OfficerRole::A,
            None,
        ),
        (
            Some(duty(OfficerRole::Other("C".to_owned()), None)),
            OfficerRole::A,
            None,
        ),
    ];
    for (d, role, expiry) in cases {
        assert_eq!(on_duty(d.as_ref(), now), role, "{d:?}");
        assert_eq!(handover_expiry(d.as_ref(), now), expiry, "{d:?}");
    }
}

#[test]
fn redo_supervision_and_extension_events() {
    let redo = |count| AlertFacts {
        status: TicketStatus::Redo,
        redo: Some(Redo {
            count,
            reason: "回访不满意".to_owned(),
            at: fx("2026-11-30 09:00"),
        }),
        ..open("T2", "2026-12-03 18:00")
    };
    let sup = |level, at| AlertFacts {
        supervision: Some(Supervision {
            level,
            note: "请加快办理".to_owned(),
            at: fx(at),
        }),
        ..open("T3", "2026-12-10 18:00")
    };
    let ext = |status| AlertFacts {
        extension: Some(Extension {
            status,
            requested_due_at: fx("2026-12-10 18:00"),
            reason: String::new(),
            decided_at: Some(fx("2026-11-30 09:00")),
        }),
        ..open("T4", "2026-12-04 18:00")
    };
    let cases = [
        (
            Case {
                name: "redo: critical, keyed by count",
                now: "2026-11-30 10:00",
                tickets: vec![redo(1)],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k("T2", RedoKind, "1")]),
                ..want(&["redo! T2"], 0, Some("2026-12-02 17:30"))
            },
        ),
        (
            Case {
                name: "redo: at night too",
                now: "2026-11-30 22:00",
                tickets: vec![redo(1)],
                ..Case::default()
            },
            want(&["redo! T2"], 0, Some("2026-12-02 17:30")),
        ),
        (
            Case {
                name: "redo: fired count does not repeat",
                now: "2026-11-30 10:00",
                tickets: vec![redo(1)],
                fired: vec![k("T2", RedoKind, "1")],
                ..Case::default()
            },
            want(&[], 0, Some("2026-12-02 17:30")),
        ),
        (
            Case {
                name: "redo: a second redo alerts again",
                now: "2026-11-30 10:00",
                tickets: vec![redo(2)],
                fired: vec![k("T2", RedoKind, "1")],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k("T2", RedoKind, "2")]),
                ..want(&["redo! T2"], 0, Some("2026-12-02 17:30"))
            },
        ),
        (
            Case {
                name: "redo: a replied redo ticket is done",
                now: "2026-11-30 10:00",
                tickets: vec![AlertFacts {
                    status: TicketStatus::Replied,
                    ..redo(1)
                }],
                ..Case::default()
            },
            want(&[], 0, None),
        ),
        (
            Case {
                name: "supervision yellow: not critical",
                now: "2026-11-30 10:00",
                tickets: vec![sup(SupervisionLevel::Yellow, "2026-11-30 09:00")],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k(
                    "T3",
                    SupervisionKind,
                    "yellow@2026-11-30T09:00:00+08:00",
                )]),
                ..want(&["supervision T3"], 0, Some("2026-12-09 17:30"))
            },
        ),
        (
            Case {
                name: "supervision yellow at night: held",
                now: "2026-11-30 21:00",
                tickets: vec![sup(SupervisionLevel::Yellow, "2026-11-30 20:00")],
                ..Case::default()
            },
            want(&[], 1, Some("2026-12-01 08:30")),
        ),
        (
            Case {
                name: "supervision raised to red: fires again, critical, at night too",
                now: "2026-11-30 21:00",
                tickets: vec![sup(SupervisionLevel::Red, "2026-11-30 20:00")],
                fired: vec![k("T3", SupervisionKind, "yellow@2026-11-30T09:00:00+08:00")],
                ..Case::default()
            },
            want(&["supervision! T3"], 0, Some("2026-12-09 17:30")),
        ),
        (
            Case {
                name: "supervision unchanged: nothing",
                now: "2026-11-30 10:00",
                tickets: vec![sup(SupervisionLevel::Yellow, "2026-11-30 09:00")],
                fired: vec![k("T3", SupervisionKind, "yellow@2026-11-30T09:00:00+08:00")],
                ..Case::default()
            },
            want(&[], 0, Some("2026-12-09 17:30")),
        ),
        (
            Case {
                name: "extension approved",
                now: "2026-11-30 10:00",
                tickets: vec![ext(ExtensionStatus::Approved)],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k(
                    "T4",
                    ExtensionDecided,
                    "2026-12-10T18:00:00+08:00/approved",
                )]),
                ..want(&["extension_decided T4"], 0, Some("2026-12-03 17:30"))
            },
        ),
        (
            Case {
                name: "extension rejected",
                now: "2026-11-30 10:00",
                tickets: vec![ext(ExtensionStatus::Rejected)],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k(
                    "T4",
                    ExtensionDecided,
                    "2026-12-10T18:00:00+08:00/rejected",
                )]),
                ..want(&["extension_decided T4"], 0, Some("2026-12-03 17:30"))
            },
        ),
        (
            Case {
                name: "extension pending: nothing yet",
                now: "2026-11-30 10:00",
                tickets: vec![ext(ExtensionStatus::Pending)],
                ..Case::default()
            },
            want(&[], 0, Some("2026-12-03 17:30")),
        ),
        (
            Case {
                name: "closed tickets get nothing",
                now: "2026-11-30 10:00",
                tickets: vec![AlertFacts {
                    status: TicketStatus::Closed,
                    ..sup(SupervisionLevel::Red, "2026-11-30 09:00")
                }],
                ..Case::default()
            },
            want(&[], 0, None),
        ),
        (
            Case {
                name: "replied tickets get no deadline alerts",
                now: "2026-12-02 10:00",
                tickets: vec![AlertFacts {
                    status: TicketStatus::Replied,
                    ..open("T1", "2026-11-30 18:00")
                }],
                ..Case::default()
            },
            want(&[], 0, None),
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn redo_with_a_new_deadline_starts_a_fresh_ladder() {
    // The old deadline's reminders all fired; the redo moved the deadline.
    let old: Vec<AlertKey> = ["1wd", "4h", "1h", "2026-11-30"]
        .iter()
        .map(|s| {
            k(
                "T1",
                if s.starts_with("2026") {
                    Overdue
                } else {
                    ReplyDue
                },
                &r(s),
            )
        })
        .collect();
    let case = Case {
        name: "redo, new deadline Thursday 12-03",
        now: "2026-12-02 17:30",
        tickets: vec![AlertFacts {
            status: TicketStatus::Redo,
            redo: Some(Redo {
                count: 1,
                reason: String::new(),
                at: fx("2026-11-30 09:00"),
            }),
            ..open("T1", "2026-12-03 18:00")
        }],
        fired: [old, vec![k("T1", RedoKind, "1")]].concat(),
        ..Case::default()
    };
    check(
        case,
        Want {
            fired: Some(vec![k(
                "T1",
                ReplyDue,
                "reply@2026-12-03T18:00:00+08:00/1wd",
            )]),
            ..want(&["reply_due T1"], 0, Some("2026-12-03 14:00"))
        },
    );
}

#[test]
fn co_handlers_are_reminded_of_the_opinion_deadline() {
    const O: &str = "opinion@2026-12-01T18:00:00+08:00";
    let co = || AlertFacts {
        our_role: OurRole::CoHandler,
        opinion_due: Some(bj("2026-12-01 18:00")),
        ..open("T7", "2026-12-04 18:00")
    };
    let cases = [
        (
            Case {
                name: "opinion 1 working day before",
                now: "2026-11-30 17:30",
                tickets: vec![co()],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k("T7", OpinionDue, &format!("{O}/1wd"))]),
                ..want(&["opinion_due T7"], 0, Some("2026-12-01 14:00"))
            },
        ),
        (
            Case {
                name: "opinion 4 h before; the reply deadline is not ours",
                now: "2026-12-01 14:00",
                tickets: vec![co()],
                fired: vec![k("T7", OpinionDue, &format!("{O}/1wd"))],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k("T7", OpinionDue, &format!("{O}/4h"))]),
                ..want(&["opinion_due T7"], 0, Some("2026-12-01 17:00"))
            },
        ),
        (
            Case {
                name: "opinion overdue",
                now: "2026-12-01 18:30",
                tickets: vec![co()],
                ..Case::default()
            },
            Want {
                fired: Some(vec![
                    k("T7", OpinionDue, &format!("{O}/1wd")),
                    k("T7", OpinionDue, &format!("{O}/4h")),
                    k("T7", OpinionDue, &format!("{O}/1h")),
                    k("T7", Overdue, &format!("{O}/2026-12-01")),
                ]),
                ..want(&["overdue! T7"], 0, Some("2026-12-02 08:30"))
            },
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
}

#[test]
fn outbox_problems_alert_at_once_even_after_hours() {
    let problem = |entry_id, ticket: Option<&str>, state| OutboxProblem {
        entry_id,
        ticket_id: ticket.map(str::to_owned),
        state,
        write: if ticket.is_some() {
            "答复"
        } else {
            "值班交接"
        }
        .to_owned(),
        detail: "答复内容少于60字".to_owned(),
        at: bj("2026-11-30 17:40"),
    };
    let cases = [
        (
            Case {
                name: "rejected reply at 17:41: not held",
                now: "2026-11-30 17:41",
                tickets: vec![open("T1", "2026-12-04 18:00")],
                outbox: vec![problem(17, Some("T1"), OutboxProblemState::Rejected)],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k(
                    "T1",
                    Outbox,
                    "17/rejected/2026-11-30T17:40:00+08:00",
                )]),
                ..want(&["outbox_problem T1"], 0, Some("2026-12-03 17:30"))
            },
        ),
        (
            Case {
                name: "conflict of a duty write: no ticket",
                now: "2026-11-30 17:41",
                outbox: vec![problem(18, None, OutboxProblemState::Conflict)],
                ..Case::default()
            },
            Want {
                fired: Some(vec![k("", Outbox, "18/conflict/2026-11-30T17:40:00+08:00")]),
                ..want(&["outbox_problem "], 0, None)
            },
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
    let case = Case {
        now: "2026-11-30 17:41",
        tickets: vec![open("T1", "2026-12-04 18:00")],
        outbox: vec![problem(17, Some("T1"), OutboxProblemState::Rejected)],
        ..Case::default()
    };
    let n = &run(&case, &HashSet::new()).notifications[0];
    assert_eq!(n.title, "答复未被区平台接受，请处理");
    assert_eq!(n.body, "T1  小区门口路灯不亮  区平台拒绝：答复内容少于60字");
}

#[test]
fn next_wake() {
    let cases = [
        (
            Case {
                name: "nothing at all: None",
                ..Case::default()
            },
            want(&[], 0, None),
        ),
        (
            Case {
                name: "only finished tickets: None",
                tickets: vec![AlertFacts {
                    status: TicketStatus::Closed,
                    ..open("T1", "2026-12-04 18:00")
                }],
                ..Case::default()
            },
            want(&[], 0, None),
        ),
        (
            Case {
                name: "the earliest threshold of several tickets",
                now: "2026-11-30 10:00",
                tickets: vec![
                    open("T1", "2026-12-04 18:00"),
                    open("T2", "2026-11-30 15:00"),
                    pending("T3", "2026-11-30 09:50"),
                ],
                fired: vec![
                    k("T2", ReplyDue, "reply@2026-11-30T15:00:00+08:00/1wd"),
                    k("T3", NewTicket, "ack@2026-11-30T11:50:00+08:00/new"),
                ],
                ..Case::default()
            },
            // T2's 4 h reminder (11:00) comes before T3's 30 min one (11:20).
            want(&[], 0, Some("2026-11-30 11:00")),
        ),
        (
            Case {
                name: "a threshold outside working hours wakes at the next start",
                now: "2026-11-30 10:00",
                tickets: vec![open("T1", "2026-12-01 10:00")],
                fired: vec![k("T1", ReplyDue, "reply@2026-12-01T10:00:00+08:00/1wd")],
                ..Case::default()
            },
            // 4 h before is 06:00 Tuesday: released at 08:30.
            want(&[], 0, Some("2026-12-01 08:30")),
        ),
        (
            Case {
                name: "disabled kinds neither fire nor wake",
                now: "2026-11-30 14:00",
                tickets: vec![open("T1", "2026-11-30 18:00")],
                settings: AlertSettings {
                    enabled: [AlertKind::Overdue].into_iter().collect(),
                    ..AlertSettings::default()
                },
                ..Case::default()
            },
            want(&[], 0, Some("2026-11-30 18:00:01")),
        ),
        (
            Case {
                name: "custom leads: 2 working days and 30 min",
                now: "2026-11-26 17:30",
                tickets: vec![open("T1", "2026-11-30 18:00")],
                settings: AlertSettings {
                    reply_leads: vec![Lead::WorkingDays(2), Lead::Minutes(30)],
                    ..AlertSettings::default()
                },
                ..Case::default()
            },
            Want {
                fired: Some(vec![k("T1", ReplyDue, &r("2wd"))]),
                ..want(&["reply_due T1"], 0, Some("2026-11-30 17:30"))
            },
        ),
    ];
    for (case, w) in cases {
        check(case, w);
    }
    // next_wake() is plan()'s.
    let cal = WorkCalendar::resolve([]);
    let settings = AlertSettings::default();
    let tickets = [open("T1", "2026-11-30 18:00")];
    let input = PlanInput {
        tickets: &tickets,
        outbox_problems: &[],
        calendar: &cal,
        settings: &settings,
        duty: None,
        me: OfficerRole::A,
        fired: &NothingFired,
        now: bj("2026-11-26 10:00"),
        paused_until: None,
        last_shown: &[],
    };
    assert_eq!(
        desk_domain::alerts::next_wake(&input),
        Some(bj("2026-11-27 17:30"))
    );
}

#[test]
fn wire_names_and_json_shape() {
    let names: Vec<String> = AlertKind::ALL
        .iter()
        .map(|k| {
            serde_json::to_value(k)
                .expect("kind")
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "new_ticket",
            "ack_due",
            "reply_due",
            "overdue",
            "redo",
            "supervision",
            "extension_decided",
            "opinion_due",
            "outbox_problem"
        ]
    );
    for k in AlertKind::ALL {
        assert_eq!(serde_json::to_value(k).expect("kind"), k.as_str());
    }
    let case = Case {
        now: "2026-11-30 18:30",
        tickets: vec![open("T1", "2026-11-30 18:00")],
        ..Case::default()
    };
    let p = run(&case, &HashSet::new());
    let json = serde_json::to_value(&p.notifications).expect("json");
    assert_eq!(json[0]["kind"], "overdue");
    assert_eq!(json[0]["ticket_ids"], serde_json::json!(["T1"]));
    assert_eq!(json[0]["critical"], true);
    assert_eq!(json[0]["urgency"], "critical");
    assert_eq!(json[0]["title"], "工单已超时");
    assert_eq!(json[0]["body"], "T1  小区门口路灯不亮  已超时 30分钟");
    assert_eq!(
        json[0]["keys"][0],
        serde_json::json!({"ticket_id": "T1", "kind": "overdue",
            "threshold": "reply@2026-11-30T18:00:00+08:00/2026-11-30"})
    );
    // Settings round-trip, and a partial settings object takes the defaults.
    let s: AlertSettings =
        serde_json::from_str(r#"{"reply_leads":[{"working_days":2},{"minutes":120}]}"#)
            .expect("settings");
    assert_eq!(
        s.reply_leads,
        vec![Lead::WorkingDays(2), Lead::Minutes(120)]
    );
    assert_eq!(s.ack_leads, AlertSettings::default().ack_leads);
    let back: AlertSettings =
        serde_json::from_value(serde_json::to_value(&s).expect("to")).expect("from");
    assert_eq!(back, s);
}

#[test]
fn facts_from_a_wire_ticket() {
    let t: Ticket = serde_json::from_value(serde_json::json!({
        "id": "TQ20261128000123", "version": 7, "title": "小区门口路灯不亮",
        "category": "complaint", "channel": "phone", "urgency": "normal",
        "our_role": "co_handler", "lead_unit": {"id": "U0", "name": "城管局"},
        "co_units": [
            {"id": "U9", "name": "别的单位", "opinion_due_at": "2026-11-30T18:00:00+08:00"},
            {"id": "U1", "name": "北园街道", "opinion_due_at": "2026-12-01T18:00:00+08:00"}
        ],
        "status": "in_progress",
        "dispatched_at": "2026-11-28T08:10:00+08:00",
        "ack_due_at": "2026-11-28T10:10:00+08:00",
        "reply_due_at": "2026-12-04T18:00:00+08:00",
        "supervision": {"level": "yellow", "note": "", "at": "2026-11-29T09:00:00+08:00"}
    }))
    .expect("ticket");
    let f = AlertFacts::from_ticket(&t, "U1");
    assert_eq!(f.opinion_due, Some(bj("2026-12-01 18:00")));
    assert_eq!(f.reply_due, bj("2026-12-04 18:00"));
    assert_eq!(
        f.active_deadline(),
        Some((desk_domain::DeadlineKind::Opinion, bj("2026-12-01 18:00")))
    );
    assert_eq!(
        f.supervision.map(|s| s.level),
        Some(SupervisionLevel::Yellow)
    );
}

#[test]
fn many_tickets_plan_quickly() {
    // 100k open tickets, most far from their deadlines: one pass, no quadratic work.
    let tickets: Vec<AlertFacts> = (0..100_000)
        .map(|i| {
            open(
                &format!("T{i}"),
                if i % 100 == 0 {
                    "2026-11-30 18:00"
                } else {
                    "2026-12-10 18:00"
                },
            )
        })
        .collect();
    let case = Case {
        now: "2026-11-30 17:00",
        tickets,
        ..Case::default()
    };
    let started = std::time::Instant::now();
    let p = run(&case, &HashSet::new());
    assert_eq!(p.notifications.len(), 1);
    assert_eq!(p.notifications[0].ticket_ids.len(), 1000);
    assert_eq!(p.newly_fired.len(), 3000);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}
