//! Digests on a minimum interval (issue 18): a unit with thousands of open tickets is
//! not told about each deadline on its own. Virtual time: the scheduler's rounds are
//! planned at the moments it would wake (`alerts::simulate`), no sleeps.

mod common;

use common::{bj, open_titled};
use desk_domain::WorkCalendar;
use desk_domain::alerts::simulate::{open_tickets, simulate};
use desk_domain::alerts::{AlertFacts, AlertKey, AlertKind, AlertSettings, Plan, PlanInput, plan};
use district_api::{OfficerRole, Redo};
use std::collections::HashSet;

fn plan_at(
    now: &str,
    tickets: &[AlertFacts],
    fired: &HashSet<AlertKey>,
    last_shown: &[(AlertKind, &str)],
) -> Plan {
    let cal = WorkCalendar::resolve([]);
    let settings = AlertSettings::default();
    let last: Vec<_> = last_shown.iter().map(|(k, t)| (*k, bj(t))).collect();
    plan(&PlanInput {
        tickets,
        outbox_problems: &[],
        calendar: &cal,
        settings: &settings,
        duty: None,
        me: OfficerRole::A,
        fired,
        now: bj(now),
        paused_until: None,
        last_shown: &last,
    })
}

fn ids(p: &Plan) -> Vec<Vec<String>> {
    p.notifications
        .iter()
        .map(|n| n.ticket_ids.clone())
        .collect()
}

#[test]
fn ten_thousand_open_tickets_make_at_most_twelve_notifications_an_hour_and_miss_none() {
    // Monday 2026-11-30 08:00 Beijing; deadlines spread to the minute over three days.
    let from = bj("2026-11-30 08:00");
    let tickets = open_tickets(10_000, from, 3, 18);
    let cal = WorkCalendar::resolve([]);
    let until = from + chrono::Duration::days(5);
    let sim = simulate(&tickets, &cal, &AlertSettings::default(), from, until);
    let per_hour = sim.max_per_hour();
    eprintln!(
        "10k open tickets: at most {per_hour} notifications an hour, {} in {} rounds",
        sim.shown.len(),
        sim.rounds
    );
    assert!(
        per_hour <= 12,
        "{per_hour} notifications within one hour ({} in all)",
        sim.shown.len()
    );
    // Every ticket was in a notification, and its deadline's overdue alert fired.
    let told = sim.tickets();
    let missing: Vec<&str> = tickets
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| !told.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "never told: {:?}",
        &missing[..missing.len().min(5)]
    );
    let keys = sim.keys();
    let overdue: HashSet<&str> = keys
        .iter()
        .filter(|k| k.kind == AlertKind::Overdue)
        .map(|k| k.ticket_id.as_str())
        .collect();
    assert_eq!(
        overdue.len(),
        tickets.len(),
        "every deadline passed is told"
    );
    // A reminder is never shown after its deadline (held ones are released at 08:30,
    // which may be the deadline itself).
    for (at, n) in &sim.shown {
        if n.kind == AlertKind::ReplyDue && !n.critical {
            for id in &n.ticket_ids {
                let t = tickets.iter().find(|t| &t.id == id);
                assert!(
                    t.is_some_and(|t| t.reply_due >= *at),
                    "{id}: reminder after the deadline: at {at}, {t:?}"
                );
            }
        }
    }
}

#[test]
fn without_an_interval_the_same_tickets_notify_far_more_often() {
    // What the desk did before digests on an interval (the storm the issue describes).
    let from = bj("2026-11-30 08:00");
    let tickets = open_tickets(2_000, from, 3, 18);
    let cal = WorkCalendar::resolve([]);
    let settings = AlertSettings {
        digest_interval_minutes: 0,
        ..AlertSettings::default()
    };
    let sim = simulate(
        &tickets,
        &cal,
        &settings,
        from,
        from + chrono::Duration::days(1),
    );
    assert!(sim.max_per_hour() > 12, "{}", sim.max_per_hour());
}

#[test]
fn a_kind_shown_recently_waits_for_its_interval_and_then_comes_as_one() {
    let fired = HashSet::new();
    // T1's 1 h reminder is due at 17:00; reply_due was shown at 16:50.
    let t = vec![open_titled("T1", "路灯", "2026-11-30 18:00")];
    let p = plan_at(
        "2026-11-30 17:00",
        &t,
        &fired,
        &[(AlertKind::ReplyDue, "2026-11-30 16:50")],
    );
    assert!(p.notifications.is_empty());
    assert_eq!(p.deferred, 1);
    assert_eq!(p.next_wake, Some(bj("2026-11-30 17:20")));
    assert_eq!(
        p.ticket_wakes.as_deref(),
        Some(&[Some(bj("2026-11-30 17:20"))][..])
    );
    // At 17:20 it comes, and the interval starts again.
    let p = plan_at(
        "2026-11-30 17:20",
        &t,
        &fired,
        &[(AlertKind::ReplyDue, "2026-11-30 16:50")],
    );
    assert_eq!(ids(&p), vec![vec!["T1".to_owned()]]);
    assert_eq!(p.shown_kinds, vec![AlertKind::ReplyDue]);
}

#[test]
fn a_digest_takes_in_its_kinds_reminders_of_the_next_interval_only() {
    // The reminders before 14:00 were shown.
    let fired: HashSet<AlertKey> = [
        ("T1", "2026-11-30T18:00:00", "1wd"),
        ("T2", "2026-11-30T18:20:00", "1wd"),
        ("T3", "2026-11-30T18:40:00", "1wd"),
        ("T4", "2026-11-30T14:10:00", "1wd"),
        ("T4", "2026-11-30T14:10:00", "4h"),
        ("T4", "2026-11-30T14:10:00", "1h"),
    ]
    .into_iter()
    .map(|(id, due, step)| {
        AlertKey::new(id, AlertKind::ReplyDue, format!("reply@{due}+08:00/{step}"))
    })
    .collect();
    // At 14:00: T1's 4 h reminder is due; T2's comes at 14:20 (within 30 min), T3's at
    // 14:40 (not); T4's overdue comes at 14:10 (overdue never comes early).
    let t = vec![
        open_titled("T1", "路灯", "2026-11-30 18:00"),
        open_titled("T2", "噪音", "2026-11-30 18:20"),
        open_titled("T3", "占道", "2026-11-30 18:40"),
        open_titled("T4", "井盖", "2026-11-30 14:10"),
    ];
    let p = plan_at("2026-11-30 14:00", &t, &fired, &[]);
    assert_eq!(ids(&p), vec![vec!["T1".to_owned(), "T2".to_owned()]]);
    assert!(p.notifications[0].digest);
    assert_eq!(p.shown_kinds, vec![AlertKind::ReplyDue]);
    // T3's own moment, and T4's overdue, are still ahead.
    assert_eq!(p.next_wake, Some(bj("2026-11-30 14:10:01")));
}

#[test]
fn redo_and_red_supervision_are_never_coalesced() {
    let fired = HashSet::new();
    let mut t = open_titled("T1", "路灯", "2026-12-04 18:00");
    t.status = district_api::TicketStatus::Redo;
    t.redo = Some(Redo {
        count: 1,
        reason: "答复不完整".to_owned(),
        at: bj("2026-11-30 09:55").fixed_offset(),
    });
    let p = plan_at(
        "2026-11-30 10:00",
        &[t],
        &fired,
        &[(AlertKind::Redo, "2026-11-30 09:59")],
    );
    assert_eq!(ids(&p), vec![vec!["T1".to_owned()]]);
    assert!(p.notifications[0].critical);
    assert!(p.shown_kinds.is_empty());
}
