//! The cache keeps the highest version, never resurrects a removed ticket from a stale
//! redelivery, and commits each page with its cursor.

use desk_store::{Change, Store};
use district_api::{RemovalReason, Ticket, Timestamp};
use serde_json::json;

fn ticket(id: &str, version: i64, status: &str, title: &str) -> Ticket {
    serde_json::from_value(json!({
        "id": id, "version": version, "title": title, "category": "complaint",
        "matter": "城市管理/市政设施/路灯", "content": "路灯不亮", "citizen": {"name": "张**", "phone": "138****5678", "address": "北园大街"},
        "location": "天桥区", "channel": "phone", "urgency": "normal", "our_role": "lead",
        "lead_unit": {"id": "tq-beiyuan", "name": "北园街道办事处"}, "status": status,
        "dispatched_at": "2026-11-28T08:10:00+08:00", "ack_due_at": "2026-11-28T10:10:00+08:00",
        "reply_due_at": "2026-12-04T18:00:00+08:00"
    }))
    .expect("test ticket")
}

fn at() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-28T09:00:00+08:00").expect("ts")
}

fn up(t: Ticket) -> Change {
    Change::Ticket(Box::new(t))
}

fn removed(id: &str, version: Option<i64>) -> Change {
    Change::Removed {
        ticket_id: id.into(),
        version,
        reason: RemovalReason::Reassigned,
        at: at(),
    }
}

fn titles(store: &Store) -> Vec<(String, i64, String)> {
    store
        .tickets()
        .expect("read")
        .into_iter()
        .map(|t| (t.id, t.version, t.title))
        .collect()
}

#[test]
fn highest_version_wins_whatever_the_arrival_order() {
    let mut s = Store::open_in_memory().expect("open");
    let pages = [
        vec![up(ticket("T1", 3, "in_progress", "v3"))],
        vec![
            up(ticket("T1", 2, "pending_ack", "v2 late")),
            up(ticket("T1", 3, "in_progress", "v3 again")),
        ],
        vec![up(ticket("T1", 7, "redo", "v7"))],
        vec![up(ticket("T1", 5, "in_progress", "v5 late"))],
    ];
    let mut stale = 0;
    for p in &pages {
        stale += s
            .apply_page("tq-beiyuan", p, Some("c"))
            .expect("apply")
            .stale;
    }
    assert_eq!(titles(&s), vec![("T1".into(), 7, "v7".into())]);
    assert_eq!(stale, 3, "three items were not newer than the cache");
}

#[test]
fn removal_is_versioned_and_stale_redelivery_does_not_resurrect() {
    let mut s = Store::open_in_memory().expect("open");
    s.apply_page(
        "u",
        &[
            up(ticket("T1", 4, "in_progress", "mine")),
            up(ticket("T2", 1, "in_progress", "other")),
        ],
        None,
    )
    .expect("apply");
    let stats = s
        .apply_page("u", &[removed("T1", Some(5))], None)
        .expect("apply");
    assert_eq!(stats.removed, 1);
    // At-least-once delivery: the old version shows up again, and must stay gone.
    s.apply_page("u", &[up(ticket("T1", 4, "in_progress", "stale"))], None)
        .expect("apply");
    s.apply_page(
        "u",
        &[up(ticket("T1", 5, "in_progress", "stale too"))],
        None,
    )
    .expect("apply");
    assert_eq!(titles(&s), vec![("T2".into(), 1, "other".into())]);
    // A genuine re-dispatch back to the unit carries a higher version.
    s.apply_page("u", &[up(ticket("T1", 6, "pending_ack", "back"))], None)
        .expect("apply");
    assert!(titles(&s).contains(&("T1".into(), 6, "back".into())));
}

#[test]
fn unversioned_removal_removes_what_is_cached() {
    let mut s = Store::open_in_memory().expect("open");
    s.apply_page("u", &[up(ticket("T1", 4, "in_progress", "x"))], None)
        .expect("apply");
    s.apply_page("u", &[removed("T1", None)], None)
        .expect("apply");
    s.apply_page(
        "u",
        &[up(ticket("T1", 4, "in_progress", "redelivered"))],
        None,
    )
    .expect("apply");
    assert!(titles(&s).is_empty());
}

#[test]
fn cursor_commits_with_its_page_and_survives_reopen() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cache.db");
    {
        let mut s = Store::open(&path).expect("open");
        s.apply_page(
            "u",
            &[up(ticket("T1", 1, "in_progress", "a"))],
            Some("cursor+/=1"),
        )
        .expect("apply");
        s.set_server_offset(-300_500).expect("offset");
    }
    let s = Store::open(&path).expect("reopen");
    let state = s.sync_state().expect("state");
    assert_eq!(state.cursor.as_deref(), Some("cursor+/=1"));
    assert_eq!(state.server_offset_ms, -300_500);
    assert_eq!(s.ticket_count().expect("count"), 1);
    assert_eq!(s.integrity_check().expect("check"), "ok");
}

#[test]
fn work_order_sorts_ack_first_and_finished_last() {
    let mut s = Store::open_in_memory().expect("open");
    let mut late = ticket("T-late", 1, "in_progress", "late");
    late.reply_due_at =
        chrono::DateTime::parse_from_rfc3339("2026-12-10T18:00:00+08:00").expect("ts");
    s.apply_page(
        "u",
        &[
            up(ticket("T-closed", 1, "closed", "closed")),
            up(late),
            up(ticket("T-soon", 1, "in_progress", "soon")),
            up(ticket("T-ack", 1, "pending_ack", "ack")),
        ],
        None,
    )
    .expect("apply");
    let order: Vec<String> = s
        .tickets()
        .expect("read")
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(order, ["T-ack", "T-soon", "T-late", "T-closed"]);
}

#[test]
fn settings_round_trip() {
    let s = Store::open_in_memory().expect("open");
    assert_eq!(s.setting("server_url").expect("get"), None);
    s.set_setting("server_url", "http://127.0.0.1:1/api/v1")
        .expect("set");
    s.set_setting("server_url", "http://127.0.0.1:2/api/v1")
        .expect("set");
    assert_eq!(
        s.setting("server_url").expect("get").as_deref(),
        Some("http://127.0.0.1:2/api/v1")
    );
}
