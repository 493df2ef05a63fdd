//! Alerts over a synced cache: each fires once, across restarts; only the officer on duty
//! gets them; the notification centre keeps what was shown.

use liaison_tests::World;
use pretty_assertions::assert_eq;

#[tokio::test]
async fn due_alerts_fire_once_across_restarts_and_only_for_the_officer_on_duty() {
    let world = World::start(61, 200).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");

    let first = desk.fire_due_alerts().await.expect("fire");
    assert!(!first.alerts.is_empty(), "200 tickets have something due");
    assert!(first.next_wake.is_some_and(|w| w > first.now));
    // The notification centre holds exactly what was shown, all unread.
    let log = desk.alert_log().expect("log");
    let mut shown: Vec<i64> = first.alerts.iter().map(|a| a.id).collect();
    let mut logged: Vec<i64> = log.iter().map(|a| a.id).collect();
    shown.sort_unstable();
    logged.sort_unstable();
    assert_eq!(logged, shown);
    assert_eq!(desk.unread_alert_count().expect("count"), log.len() as i64);

    // Nothing repeats: not in the next round, not after a restart of the app.
    assert_eq!(desk.fire_due_alerts().await.expect("again").alerts, vec![]);
    drop(desk);
    let reopened = world.desk("A", "a").await;
    assert_eq!(
        reopened
            .fire_due_alerts()
            .await
            .expect("after restart")
            .alerts,
        vec![]
    );

    // Reading them clears the badge.
    reopened.mark_alert_read(log[0].id).expect("read one");
    assert_eq!(
        reopened.unread_alert_count().expect("count"),
        log.len() as i64 - 1
    );
    reopened.mark_all_alerts_read().expect("read all");
    assert_eq!(reopened.unread_alert_count().expect("count"), 0);

    // B is not on duty and chose nothing while off duty (the default): no alerts.
    let b = world.desk("B", "b").await;
    b.sync_now().await.expect("sync B");
    assert_eq!(b.fire_due_alerts().await.expect("fire B").alerts, vec![]);
}
