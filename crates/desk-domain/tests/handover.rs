//! Table tests of the handover notice and of pausing alerts (issue 6, A/B duty and tray).

mod common;

use common::{bj, open_titled as open};
use desk_domain::WorkCalendar;
use desk_domain::alerts::handover::{HandoverInput, handover_key, handover_notice};
use desk_domain::alerts::{
    AlertFacts, AlertKey, AlertKind, AlertSettings, Plan, PlanInput, on_duty, plan,
};
use district_api::{Duty, OfficerRole, Redo, RosterOfficer, TicketStatus};
use pretty_assertions::assert_eq;
use std::collections::HashSet;

fn with_status(mut t: AlertFacts, status: TicketStatus) -> AlertFacts {
    t.status = status;
    t
}

fn roster(rev: i64, on: OfficerRole, until: Option<&str>, note: &str) -> Duty {
    Duty {
        unit_id: "U1".to_owned(),
        revision: rev,
        a: RosterOfficer {
            id: "a".to_owned(),
            name: "张敏".to_owned(),
            phone: String::new(),
        },
        b: RosterOfficer {
            id: "b".to_owned(),
            name: "王磊".to_owned(),
            phone: String::new(),
        },
        on_duty: on,
        since: bj("2026-12-01 09:00").fixed_offset(),
        until: until.map(|u| bj(u).fixed_offset()),
        note: note.to_owned(),
    }
}

struct Case {
    name: &'static str,
    duty: Option<Duty>,
    me: OfficerRole,
    own: Vec<i64>,
    fired: Vec<AlertKey>,
    now: &'static str,
}

fn case(name: &'static str, duty: Option<Duty>, me: OfficerRole) -> Case {
    Case {
        name,
        duty,
        me,
        own: Vec::new(),
        fired: Vec::new(),
        now: "2026-12-01 10:00",
    }
}

fn tickets() -> Vec<AlertFacts> {
    vec![
        open("T5", "排水沟堵塞", "2026-12-09 18:00"),
        open("T1", "路灯不亮", "2026-12-02 18:00"),
        with_status(
            open("T9", "已答复的", "2026-12-01 12:00"),
            TicketStatus::Replied,
        ),
        with_status(
            open("T8", "已办结的", "2026-12-01 11:00"),
            TicketStatus::Closed,
        ),
        open("T2", "噪音扰民", "2026-12-01 16:00"),
        open("T3", "占道经营", "2026-12-03 18:00"),
        open("T4", "垃圾清运", "2026-12-04 18:00"),
        open("T6", "井盖缺失", "2026-12-10 18:00"),
        open("T0", "已超时的", "2026-11-30 18:00"),
    ]
}

fn notice(c: &Case) -> Option<desk_domain::alerts::Notification> {
    let fired: HashSet<AlertKey> = c.fired.iter().cloned().collect();
    let tickets = tickets();
    handover_notice(&HandoverInput {
        duty: c.duty.as_ref(),
        me: c.me.clone(),
        own_revisions: &c.own,
        tickets: &tickets,
        fired: &fired,
        now: bj(c.now),
    })
}

#[test]
fn the_officer_put_on_duty_by_someone_else_is_told_once_per_roster_change() {
    use OfficerRole::{A, B};
    let leave = roster(
        2,
        B,
        Some("2026-12-01 18:00"),
        "TQ0001 已约明早回访，请跟进",
    );
    let cases: Vec<(Case, bool)> = vec![
        (case("never synced: nothing", None, B), false),
        (
            case("A hands over: B is told", Some(leave.clone()), B),
            true,
        ),
        (
            case("A hands over: A is not (off duty)", Some(leave.clone()), A),
            false,
        ),
        (
            Case {
                fired: vec![handover_key(&leave)],
                ..case("already shown: not again", Some(leave.clone()), B)
            },
            false,
        ),
        (
            Case {
                now: "2026-12-01 18:00",
                ..case(
                    "until passed before B's desk saw it: duty is A's again",
                    Some(leave.clone()),
                    B,
                )
            },
            false,
        ),
        (
            Case {
                now: "2026-12-01 17:59",
                ..case("a minute before until: still B's", Some(leave.clone()), B)
            },
            true,
        ),
        (
            Case {
                own: vec![2],
                ..case(
                    "B's own change (made on this desk): no news",
                    Some(leave.clone()),
                    B,
                )
            },
            false,
        ),
        (
            Case {
                own: vec![1],
                ..case(
                    "an older own change does not hide the new one",
                    Some(leave.clone()),
                    B,
                )
            },
            true,
        ),
        (
            Case {
                fired: vec![handover_key(&leave)],
                ..case(
                    "A extends the leave (new revision): B is told again",
                    Some(roster(3, B, Some("2026-12-02 18:00"), "延长一天")),
                    B,
                )
            },
            true,
        ),
        (
            case(
                "B on duty without an end: B is told",
                Some(roster(2, B, None, "")),
                B,
            ),
            true,
        ),
        (
            case(
                "the standing arrangement is no news to A",
                Some(roster(1, A, None, "")),
                A,
            ),
            false,
        ),
        (
            case(
                "the standing arrangement: B off duty",
                Some(roster(1, A, None, "")),
                B,
            ),
            false,
        ),
        (
            case(
                "B hands duty back to A with a note: A is told",
                Some(roster(4, A, None, "TQ0002 已联系市民")),
                A,
            ),
            true,
        ),
        (
            Case {
                own: vec![4],
                ..case(
                    "A's own 我已返岗: no news",
                    Some(roster(4, A, None, "回来了")),
                    A,
                )
            },
            false,
        ),
        (
            case(
                "a role this version does not know is on duty: nobody is told",
                Some(roster(5, OfficerRole::Other("C".into()), None, "x")),
                B,
            ),
            false,
        ),
    ];
    for (c, expected) in cases {
        assert_eq!(notice(&c).is_some(), expected, "{}", c.name);
    }
}

#[test]
fn the_notice_carries_the_note_and_the_open_tickets_with_the_nearest_deadlines() {
    let leave = roster(
        2,
        OfficerRole::B,
        Some("2026-12-01 18:00"),
        "  TQ0001 已约明早回访，请跟进  ",
    );
    let c = case("", Some(leave.clone()), OfficerRole::B);
    let n = notice(&c).expect("B is told");
    assert_eq!(n.kind, AlertKind::DutyHandover);
    assert_eq!(n.kind.as_str(), "duty_handover");
    assert_eq!(n.title, "A角 张敏将值班交给您，至 12月1日 18:00");
    assert_eq!(
        n.body,
        "交接说明：TQ0001 已约明早回访，请跟进\n\
         时限最近的待办工单：\n\
         T0  已超时的  答复已超时 16小时\n\
         T2  噪音扰民  答复剩余 6小时\n\
         T1  路灯不亮  答复剩余 1天8小时\n\
         T3  占道经营  答复剩余 2天8小时\n\
         T4  垃圾清运  答复剩余 3天8小时"
    );
    // Replied and closed tickets have nothing left to meet; five at most.
    assert_eq!(n.ticket_ids, ["T0", "T2", "T1", "T3", "T4"]);
    assert!(!n.critical);
    assert_eq!(n.keys, vec![handover_key(&leave)]);
    assert_eq!(
        n.keys[0].threshold, "B@2026-12-01T09:00:00+08:00/r2",
        "one key per roster revision"
    );

    // No note, no open tickets: said plainly.
    let bare = roster(2, OfficerRole::B, None, "");
    let n = handover_notice(&HandoverInput {
        duty: Some(&bare),
        me: OfficerRole::B,
        own_revisions: &[],
        tickets: &[],
        fired: &HashSet::new(),
        now: bj("2026-12-01 10:00"),
    })
    .expect("told");
    assert_eq!(n.title, "A角 张敏将值班交给您");
    assert_eq!(n.body, "交接说明：（未填写）\n目前没有待办工单。");
    assert!(n.ticket_ids.is_empty());
}

#[test]
fn a_long_note_is_cut_and_the_key_survives_the_json_round_trip() {
    let long = "很".repeat(300);
    let leave = roster(2, OfficerRole::B, None, &long);
    let c = case("", Some(leave), OfficerRole::B);
    let n = notice(&c).expect("told");
    let first = n.body.lines().next().unwrap_or_default();
    assert_eq!(
        first.chars().count(),
        "交接说明：".chars().count() + 200 + 1
    );
    assert!(first.ends_with('…'));
    // Stored in the notification centre as JSON and read back by kind name.
    let json = serde_json::to_value(&n).expect("json");
    assert_eq!(json["kind"], "duty_handover");
    assert_eq!(
        AlertKind::from_wire("duty_handover"),
        Some(AlertKind::DutyHandover)
    );
    assert_eq!(AlertKind::from_wire("overdue"), Some(AlertKind::Overdue));
    assert_eq!(AlertKind::from_wire("nope"), None);
    assert!(!AlertKind::ALL.contains(&AlertKind::DutyHandover));
}

#[test]
fn duty_returns_to_a_in_the_planners_view_when_until_passes() {
    let leave = roster(2, OfficerRole::B, Some("2026-12-01 18:00"), "");
    assert_eq!(
        on_duty(Some(&leave), bj("2026-12-01 17:59")),
        OfficerRole::B
    );
    assert_eq!(
        on_duty(Some(&leave), bj("2026-12-01 18:00")),
        OfficerRole::A
    );
}

// ---------- pausing alerts ----------

fn plan_at(
    now: &str,
    paused_until: Option<&str>,
    tickets: &[AlertFacts],
    fired: &HashSet<AlertKey>,
) -> Plan {
    let cal = WorkCalendar::resolve([]);
    let settings = AlertSettings::default();
    plan(&PlanInput {
        tickets,
        outbox_problems: &[],
        calendar: &cal,
        settings: &settings,
        duty: None,
        me: OfficerRole::A,
        fired,
        now: bj(now),
        paused_until: paused_until.map(bj),
        last_shown: &[],
    })
}

fn kinds(p: &Plan) -> Vec<(&'static str, Vec<String>)> {
    p.notifications
        .iter()
        .map(|n| (n.kind.as_str(), n.ticket_ids.clone()))
        .collect()
}

#[test]
fn a_pause_holds_reminders_until_it_ends_but_not_critical_alerts() {
    // Tue 2026-12-01, office hours. T1 due 11:00 today (its 1 h reminder is due at
    // 10:00), T2 overdue since yesterday 18:00 (critical), T3 in redo (critical).
    let mut redo = open("T3", "重办的", "2026-12-08 18:00");
    redo.status = TicketStatus::Redo;
    redo.redo = Some(Redo {
        count: 1,
        reason: "市民不满意".to_owned(),
        at: bj("2026-12-01 09:00").fixed_offset(),
    });
    let tickets = vec![
        open("T1", "路灯不亮", "2026-12-01 11:00"),
        open("T2", "噪音扰民", "2026-11-30 18:00"),
        redo,
    ];
    let none = HashSet::new();
    let paused = Some("2026-12-01 11:00");

    let unpaused = plan_at("2026-12-01 10:05", None, &tickets, &none);
    assert_eq!(unpaused.held, 0);

    let p = plan_at("2026-12-01 10:05", paused, &tickets, &none);
    // The critical ones come in one digest; the reminder is held and not marked fired.
    assert_eq!(
        kinds(&p),
        vec![("overdue", vec!["T2".to_owned(), "T3".to_owned()])]
    );
    assert_eq!(p.held, 1);
    assert!(p.newly_fired.iter().all(|k| k.ticket_id != "T1"));
    assert_eq!(
        p.next_wake,
        Some(bj("2026-12-01 11:00")),
        "wakes when the pause ends"
    );

    // At the pause's end the held reminder comes, as the ladder's current step: T1's
    // deadline passed meanwhile, so it is the (critical) overdue alert, once.
    let fired: HashSet<AlertKey> = p.newly_fired.iter().cloned().collect();
    let later = plan_at("2026-12-01 11:00", paused, &tickets, &fired);
    assert_eq!(later.held, 0);
    let later = plan_at("2026-12-01 11:01", paused, &tickets, &fired);
    assert_eq!(kinds(&later), vec![("overdue", vec!["T1".to_owned()])]);

    // A reminder held by the pause and still due when it ends comes as itself.
    let t = vec![open("T4", "井盖缺失", "2026-12-01 14:00")];
    let p = plan_at("2026-12-01 13:10", Some("2026-12-01 13:40"), &t, &none);
    assert_eq!((p.notifications.len(), p.held), (0, 1));
    let p = plan_at("2026-12-01 13:40", Some("2026-12-01 13:40"), &t, &none);
    assert_eq!(kinds(&p), vec![("reply_due", vec!["T4".to_owned()])]);

    // A pause that ended before now changes nothing.
    let p = plan_at(
        "2026-12-01 10:05",
        Some("2026-12-01 10:00"),
        &tickets,
        &none,
    );
    assert_eq!(p, unpaused);

    // A pause that ends outside working hours: at its end, working hours hold on.
    let t = vec![open("T5", "占道经营", "2026-12-02 12:00")];
    let p = plan_at("2026-12-01 17:20", Some("2026-12-01 18:20"), &t, &none);
    assert_eq!((p.held, p.next_wake), (1, Some(bj("2026-12-01 18:20"))));
    let p = plan_at("2026-12-01 18:20", Some("2026-12-01 18:20"), &t, &none);
    assert_eq!((p.held, p.next_wake), (1, Some(bj("2026-12-02 08:30"))));
}
