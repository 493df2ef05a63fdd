//! A/B duty against the simulator: A hands over through the outbox, B's desk syncs and
//! B's next alert round tells B once, with the note and the nearest deadlines; when the
//! handover's `until` passes, duty is back with A in the planner's view.

use desk_app::ipc::OfficerRoleView;
use desk_domain::alerts::AlertKind;
use district_api::OfficerRole;
use liaison_tests::World;
use pretty_assertions::assert_eq;

const NOTE: &str = "TQ 路灯那件已约市民明早回访，请跟进；区城管电话在群里";

#[tokio::test]
async fn a_hands_over_b_is_told_once_with_the_note_and_duty_returns_to_a_after_until() {
    let world = World::start(62, 40).await;
    let a = world.desk("A", "a").await;
    let b = world.desk("B", "b").await;
    a.sync_now().await.expect("sync A");
    b.sync_now().await.expect("sync B");

    // The standing arrangement: A on duty, B off duty and told nothing.
    let panel = b.duty_panel().expect("panel");
    assert_eq!((panel.on_duty.as_str(), panel.i_am_on_duty), ("A", false));
    assert_eq!(panel.a.as_ref().map(|o| o.name.as_str()), Some("张敏"));
    assert!(
        b.fire_due_alerts()
            .await
            .expect("B round")
            .alerts
            .is_empty()
    );
    // B may not hand A's duty around.
    assert!(b.take_duty_back().await.is_err());

    // 我要请假/外出: A hands over until four hours from now (server time).
    let until = a.server_now().expect("now") + chrono::Duration::hours(4);
    let queued = a
        .hand_over_duty(until.timestamp_millis(), NOTE)
        .await
        .expect("queued");
    assert_eq!(
        (queued.kind.as_str(), queued.state.as_str()),
        ("duty", "pending")
    );
    assert!(a.duty_panel().expect("panel").pending.is_some());
    a.sync_now().await.expect("A sends it");
    let roster = world.sim.duty().await.expect("sim roster");
    assert_eq!(
        (roster.on_duty, roster.note.as_str()),
        (OfficerRole::B, NOTE)
    );

    let panel = a.duty_panel().expect("panel");
    assert_eq!(panel.on_duty, OfficerRoleView::B);
    assert_eq!(panel.until_ms, Some(until.timestamp_millis()));
    assert!(panel.pending.is_none() && panel.can_take_back && !panel.i_am_on_duty);
    // A made the change and is now off duty: A's round shows nothing.
    assert!(
        a.fire_due_alerts()
            .await
            .expect("A round")
            .alerts
            .is_empty()
    );

    // B's desk syncs: the next round tells B, once, with the note and the deadlines.
    b.sync_now().await.expect("sync B");
    let round = b.fire_due_alerts().await.expect("B round");
    let told: Vec<_> = round
        .alerts
        .iter()
        .filter(|n| n.kind == AlertKind::DutyHandover)
        .collect();
    assert_eq!(told.len(), 1, "{:#?}", round.alerts);
    let notice = told[0];
    assert_eq!(round.alerts[0].id, notice.id, "the handover comes first");
    assert!(
        notice.title.starts_with("A角 张敏将值班交给您，至 "),
        "{}",
        notice.title
    );
    assert!(notice.body.contains(NOTE), "{}", notice.body);
    assert!(
        notice.body.contains("时限最近的待办工单"),
        "{}",
        notice.body
    );
    assert!(!notice.ticket_ids.is_empty() && notice.ticket_ids.len() <= 5);
    for id in &notice.ticket_ids {
        assert!(notice.body.contains(id.as_str()));
    }
    assert!(b.duty_panel().expect("panel").i_am_on_duty);

    // Never again: not in the next round, not after B restarts the app.
    let again = b.fire_due_alerts().await.expect("again");
    assert!(
        again
            .alerts
            .iter()
            .all(|n| n.kind != AlertKind::DutyHandover)
    );
    drop(b);
    let b = world.desk("B", "b").await;
    b.sync_now().await.expect("re-sync");
    let after_restart = b.fire_due_alerts().await.expect("after restart");
    assert!(
        after_restart
            .alerts
            .iter()
            .all(|n| n.kind != AlertKind::DutyHandover)
    );
    assert!(
        b.alert_log()
            .expect("log")
            .iter()
            .any(|n| n.kind == AlertKind::DutyHandover && n.body.contains(NOTE)),
        "the notification centre keeps it"
    );

    // The handover's end passes (nobody came back early): duty is A's again.
    world.sim.advance_clock(4 * 3600 + 60);
    b.sync_now().await.expect("sync B after until");
    a.sync_now().await.expect("sync A after until");
    let now = b.server_now().expect("now");
    assert!(now > until);
    let plan_b = b.plan_alerts_at(now, None, false).expect("plan B");
    assert_eq!(plan_b.on_duty, OfficerRole::A);
    assert!(plan_b.notifications.is_empty(), "B is off duty again");
    let panel = b.duty_panel().expect("panel");
    assert_eq!((panel.on_duty.as_str(), panel.i_am_on_duty), ("A", false));
    assert_eq!(panel.since_ms, Some(until.timestamp_millis()));
    let plan_a = a.plan_alerts_at(now, None, false).expect("plan A");
    assert_eq!(plan_a.on_duty, OfficerRole::A);
    assert!(a.duty_panel().expect("panel").can_hand_over);
}

#[tokio::test]
async fn a_takes_duty_back_early_and_is_not_told_of_its_own_return() {
    let world = World::start(63, 10).await;
    let a = world.desk("A", "a").await;
    let b = world.desk("B", "b").await;
    a.sync_now().await.expect("sync A");
    let until = a.server_now().expect("now") + chrono::Duration::hours(8);
    a.hand_over_duty(until.timestamp_millis(), "下午外出开会")
        .await
        .expect("hand over");
    // Refused at once: no end in the past, no handover without a note.
    assert!(a.hand_over_duty(0, "x").await.is_err());
    assert!(
        a.hand_over_duty(until.timestamp_millis(), "  ")
            .await
            .is_err()
    );
    a.sync_now().await.expect("send");

    // 我已返岗, before B's desk even synced the handover.
    a.take_duty_back().await.expect("take back");
    a.sync_now().await.expect("send");
    let roster = world.sim.duty().await.expect("roster");
    assert_eq!((roster.on_duty, roster.until), (OfficerRole::A, None));
    let panel = a.duty_panel().expect("panel");
    assert!(panel.i_am_on_duty && panel.can_hand_over && panel.note.is_empty());
    let a_round = a.fire_due_alerts().await.expect("A round");
    assert!(
        a_round
            .alerts
            .iter()
            .all(|n| n.kind != AlertKind::DutyHandover)
    );

    // B's desk only ever sees A on duty: no handover notice for anyone.
    b.sync_now().await.expect("sync B");
    assert!(
        b.fire_due_alerts()
            .await
            .expect("B round")
            .alerts
            .is_empty()
    );
}
