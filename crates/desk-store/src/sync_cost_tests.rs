//! Issue 18: an incremental sync, and the status read before and after it, cost the same
//! whatever the size of the cache. Not a timed test: it counts what SQLite does.
//! Every statement the store runs for one round (status, outbox, a feed page of changed
//! tickets with its triggers and search index, the sync state, the calendar's years) is
//! traced; each must be planned without a full scan of a table (`EXPLAIN QUERY PLAN`),
//! and the round's virtual-machine steps must not grow with the cached tickets (a
//! `count(*)` is one step, which is why the plan check is needed beside the count).

use crate::{Change, Store};
use district_api::Ticket;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

thread_local! {
    /// The SQL of every statement finished on this thread while tracing.
    static TRACED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn record(event: TraceEvent<'_>) {
    if let TraceEvent::Profile(stmt, _) = event {
        TRACED.with(|t| t.borrow_mut().push(stmt.sql().into_owned()));
    }
}

/// Ticket `i` of a unit, at `version`: a mix of statuses, a pending extension on some.
fn ticket(i: usize, version: i64) -> Ticket {
    let status = ["pending_ack", "in_progress", "replied", "redo"][i % 4];
    let day = 1 + i % 28;
    let mut t = serde_json::json!({
        "id": format!("2026120{}{i:06}", i % 10), "version": version,
        "title": format!("路灯不亮 {i}"), "category": "help",
        "matter": "城市管理/路灯", "channel": "phone", "urgency": "normal",
        "content": format!("北园街道 无影山中路 {i} 号门前路灯 (第 {version} 版)"),
        "location": "天桥区 北园街道",
        "our_role": "lead", "lead_unit": {"id": "U", "name": "我们"},
        "status": status,
        "dispatched_at": format!("2026-11-{day:02}T09:00:00+08:00"),
        "ack_due_at": format!("2026-12-{day:02}T10:00:00+08:00"),
        "reply_due_at": format!("2026-12-{day:02}T18:00:00+08:00"),
        "history": [{"at": format!("2026-11-{day:02}T09:30:00+08:00"), "actor": "a", "action": "ack"}]
    });
    if i.is_multiple_of(7) {
        t["extension"] = serde_json::json!({
            "status": "pending", "requested_due_at": format!("2027-01-{day:02}T18:00:00+08:00"),
            "reason": "需协调", "decided_at": null
        });
    }
    serde_json::from_value(t).expect("ticket")
}

/// A cache of `n` tickets, then one traced round: the status read (as
/// `Desk::sync_status`), a sync's store calls with 20 changed tickets, the calendar
/// check after it, the status read again. The statements run, and the virtual-machine
/// instructions executed (triggers and the search index's own statements included).
fn round(n: usize) -> (Vec<String>, u64) {
    let mut store = Store::open_in_memory().expect("store");
    let all: Vec<Change> = (0..n)
        .map(|i| Change::Ticket(Box::new(ticket(i, 1))))
        .collect();
    store
        .apply_page("U", &all, Some("c1"))
        .expect("initial page");
    let status = |store: &Store| {
        store.sync_state().expect("state");
        store.outbox_counts().expect("outbox");
        store.connectivity().expect("connectivity");
        store.ticket_count().expect("count");
        store.latest_active_deadline_year().expect("year");
    };
    // Spread over the cache, as the bench's edits are.
    let changed: Vec<Change> = (0..20)
        .map(|k| Change::Ticket(Box::new(ticket(k * n / 20, 2))))
        .collect();
    TRACED.with(|t| t.borrow_mut().clear());
    store
        .conn
        .trace_v2(TraceEventCodes::SQLITE_TRACE_PROFILE, Some(record));
    let steps = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&steps);
    store
        .conn
        .progress_handler(
            1,
            Some(move || {
                counter.fetch_add(1, Ordering::Relaxed);
                false
            }),
        )
        .expect("progress handler");
    status(&store);
    store.next_sendable(&[]).expect("outbox");
    store.reconciling().expect("reconciling");
    let stats = store.apply_page("U", &changed, Some("c2")).expect("page");
    assert_eq!(stats.upserted, 20);
    store.set_server_offset(5).expect("offset");
    store.record_success(1).expect("success");
    store.latest_open_deadline_year().expect("year");
    store.calendar_years().expect("years");
    store.set_connectivity("online").expect("connectivity");
    status(&store);
    store.conn.trace_v2(TraceEventCodes::empty(), None);
    store
        .conn
        .progress_handler(0, None::<fn() -> bool>)
        .expect("progress handler");
    assert_eq!(store.ticket_count().expect("count"), n as i64);
    let sql = TRACED.with(|t| std::mem::take(&mut *t.borrow_mut()));
    (sql, steps.load(Ordering::Relaxed))
}

/// The plan lines of `sql` that read a whole table or index.
fn full_scans(store: &Store, sql: &str) -> Vec<String> {
    let Ok(mut stmt) = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")) else {
        // Not a plannable statement (BEGIN, COMMIT, PRAGMA).
        return Vec::new();
    };
    // Parameters do not change a plan's shape: NULLs stand for them.
    let nulls = vec![rusqlite::types::Null; stmt.parameter_count()];
    let details: Vec<String> = stmt
        .query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        .expect("plan")
        .collect::<Result<_, _>>()
        .expect("plan rows");
    details
        .into_iter()
        .filter(|d| {
            d.starts_with("SCAN ")
                && !d.contains("VIRTUAL TABLE")
                && !d.contains("CONSTANT ROW")
                && !d.starts_with("SCAN (subquery")
                // One row per calendar year the district published.
                && d != "SCAN calendar_years"
        })
        .collect()
}

#[test]
fn a_sync_round_does_not_read_the_whole_cache() {
    let (_, small) = round(40);
    let (large_sql, large) = round(2_000);
    // The plans, on a cache of the same schema.
    let store = Store::open_in_memory().expect("store");
    let mut scanning = Vec::new();
    for sql in &large_sql {
        let scans = full_scans(&store, sql);
        if !scans.is_empty() {
            scanning.push(format!("{sql}\n  -> {scans:?}"));
        }
    }
    assert!(
        scanning.is_empty(),
        "statements of a sync round that scan a table:\n{}",
        scanning.join("\n")
    );
    assert!(
        large * 4 <= small * 5,
        "a sync round took {small} VM steps with 40 tickets cached and {large} with 2000"
    );
}
