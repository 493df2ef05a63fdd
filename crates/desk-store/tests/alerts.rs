//! What the alert bookkeeping must guarantee: an alert that fired is remembered across
//! restarts, and the notification centre lists what was shown, newest first.

use desk_domain::alerts::{
    AlertFacts, AlertKey, AlertKind, AlertSettings, AlertUrgency, Lead, Notification,
};
use desk_store::{AlertScope, Change, Store, StoreError};
use pretty_assertions::assert_eq;

fn notification(title: &str, keys: Vec<AlertKey>) -> Notification {
    Notification {
        kind: keys.first().map_or(AlertKind::OutboxProblem, |k| k.kind),
        digest: keys.len() > 1,
        ticket_ids: keys.iter().map(|k| k.ticket_id.clone()).collect(),
        critical: false,
        urgency: AlertUrgency::Normal,
        title: title.to_owned(),
        body: format!("{title} 正文"),
        keys,
    }
}

fn overdue(id: &str) -> AlertKey {
    AlertKey::new(
        id,
        AlertKind::Overdue,
        "reply@2026-12-04T18:00:00/2026-12-04",
    )
}

#[test]
fn fired_keys_survive_a_restart_and_are_kept_once() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cache.db");
    {
        let mut store = Store::open(&path)?;
        let keys = vec![overdue("TQ1"), overdue("TQ2")];
        let n = notification("2 件工单已超时", keys.clone());
        store.record_fired_alerts(&keys, &[n], 1_000)?;
        // The same key again (a second planner run that raced) changes nothing.
        store.record_fired_alerts(&[overdue("TQ1")], &[], 2_000)?;
    }
    let store = Store::open(&path)?;
    let fired = store.fired_alert_keys()?;
    assert_eq!(fired.len(), 2);
    assert!(fired.contains(&overdue("TQ1")) && fired.contains(&overdue("TQ2")));
    assert!(!fired.contains(&AlertKey::new("TQ3", AlertKind::Overdue, "x")));
    assert_eq!(store.alert_log(10)?.len(), 1);
    Ok(())
}

/// A first pass after a sync can fire one digest for a hundred thousand tickets: the
/// notification centre keeps its tickets (the click-through opens them) but not its
/// keys, which would make the log row megabytes long (written while the workbench waits
/// for the cache).
#[test]
fn a_huge_digest_is_logged_without_its_keys() -> Result<(), StoreError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cache.db");
    let mut store = Store::open(&path)?;
    let keys: Vec<AlertKey> = (0..20_000).map(|i| overdue(&format!("TQ{i:06}"))).collect();
    let digest = notification("20000 件工单已超时", keys.clone());
    store.record_fired_alerts(&keys, std::slice::from_ref(&digest), 1_000)?;
    assert_eq!(store.fired_alert_keys()?.len(), 20_000);
    let log = store.alert_log(1)?;
    assert_eq!(log[0].notification.ticket_ids.len(), 20_000);
    assert!(log[0].notification.keys.is_empty());
    let stored: i64 = rusqlite::Connection::open(&path)?.query_row(
        "SELECT length(notification) FROM alert_log",
        [],
        |r| r.get(0),
    )?;
    // The ids alone: about 12 bytes each in JSON (the keys would add ~60 each).
    assert!(stored < 20_000 * 16, "{stored} bytes");
    Ok(())
}

#[test]
fn the_notification_centre_lists_newest_first_and_counts_unread() -> Result<(), StoreError> {
    let mut store = Store::open_in_memory()?;
    let first = notification(
        "新工单待签收",
        vec![AlertKey::new("TQ1", AlertKind::NewTicket, "a")],
    );
    let second = notification("工单已超时", vec![overdue("TQ2")]);
    let logged = store.record_fired_alerts(&first.keys, std::slice::from_ref(&first), 1_000)?;
    store.record_fired_alerts(&second.keys, std::slice::from_ref(&second), 2_000)?;

    let log = store.alert_log(10)?;
    let titles: Vec<&str> = log.iter().map(|e| e.notification.title.as_str()).collect();
    assert_eq!(titles, ["工单已超时", "新工单待签收"]);
    // Kept whole but for its keys (those are in the fired keys' own table).
    assert_eq!(log[1].notification, first.without_keys());
    assert!(log[1].notification.keys.is_empty());
    assert_eq!(
        log[1].notification.ticket_ids,
        ["TQ1"],
        "the click-through's tickets stay"
    );
    assert_eq!(log[0].at_ms, 2_000);
    assert_eq!(store.alert_log(1)?.len(), 1);
    assert_eq!(store.unread_alert_count()?, 2);

    assert!(store.mark_alert_read(logged[0].id)?);
    assert!(!store.mark_alert_read(9_999)?);
    assert_eq!(store.unread_alert_count()?, 1);
    let log = store.alert_log(10)?;
    assert_eq!((log[0].read, log[1].read), (false, true));

    assert_eq!(store.mark_all_alerts_read()?, 1);
    assert_eq!(store.unread_alert_count()?, 0);
    Ok(())
}

#[test]
fn alert_settings_default_until_saved_and_unreadable_ones_fall_back() -> Result<(), StoreError> {
    let store = Store::open_in_memory()?;
    assert_eq!(store.alert_settings()?, AlertSettings::default());

    let mut mine = AlertSettings {
        ack_leads: vec![Lead::Minutes(15)],
        hold_outside_working_hours: false,
        ..AlertSettings::default()
    };
    mine.enabled.remove(&AlertKind::ExtensionDecided);
    store.set_alert_settings(&mine)?;
    assert_eq!(store.alert_settings()?, mine);

    // Written by hand or by another version: alerts keep coming with the defaults.
    store.set_setting("alert_settings", "{not json")?;
    assert_eq!(store.alert_settings()?, AlertSettings::default());
    Ok(())
}

/// The planner's facts read from the cache without whole tickets are those of the whole
/// ticket: in particular the unit's own opinion deadline, never another unit's.
#[test]
fn facts_read_from_the_cache_are_the_whole_tickets_facts() -> Result<(), StoreError> {
    let co_units = [
        serde_json::json!([{"id": "U1", "name": "我们", "opinion_due_at": "2026-12-01T18:00:00+08:00"}]),
        serde_json::json!([{"id": "U9", "name": "别人", "opinion_due_at": "2026-11-30T18:00:00+08:00"}]),
        serde_json::json!([{"id": "U9", "name": "别人"}, {"id": "U1", "name": "我们"}]),
        serde_json::json!([]),
    ];
    let tickets: Vec<district_api::Ticket> = co_units
        .iter()
        .enumerate()
        .map(|(i, units)| {
            serde_json::from_value(serde_json::json!({
                "id": format!("TQ{i}"), "version": 1, "title": "路灯", "category": "complaint",
                "channel": "phone", "urgency": "normal", "our_role": "co_handler",
                "lead_unit": {"id": "U0", "name": "城管局"}, "co_units": units,
                "status": "in_progress", "dispatched_at": "2026-11-28T08:10:00+08:00",
                "ack_due_at": "2026-11-28T10:10:00+08:00",
                "reply_due_at": "2026-12-04T18:00:00+08:00"
            }))
            .expect("ticket")
        })
        .collect();
    let mut store = Store::open_in_memory()?;
    let changes: Vec<Change> = tickets
        .iter()
        .cloned()
        .map(|t| Change::Ticket(Box::new(t)))
        .collect();
    store.apply_page("U1", &changes, None)?;
    let mut read = store.alert_facts("U1", AlertScope::Every)?;
    read.sort_by(|a, b| a.id.cmp(&b.id));
    let whole: Vec<AlertFacts> = tickets
        .iter()
        .map(|t| AlertFacts::from_ticket(t, "U1"))
        .collect();
    assert_eq!(read, whole);
    assert_eq!(
        read.iter()
            .map(|f| f.active_deadline().map(|(_, at)| at.to_rfc3339()))
            .collect::<Vec<_>>(),
        [
            Some("2026-12-01T10:00:00+00:00".to_owned()),
            Some("2026-12-04T10:00:00+00:00".to_owned()),
            Some("2026-12-04T10:00:00+00:00".to_owned()),
            Some("2026-12-04T10:00:00+00:00".to_owned()),
        ],
        "our own opinion deadline, else the reply deadline"
    );
    Ok(())
}
