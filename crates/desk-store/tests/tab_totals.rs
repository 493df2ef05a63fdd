//! The kept tab totals (migration 010) follow inserts, changes and removals: every count
//! equals the number of tickets the tab's own page lists, and the counts of a search
//! that finds every ticket (counted from the narrow tab rows).

use chrono::{DateTime, Utc};
use desk_domain::tabs::Tab;
use desk_store::{Change, Store, TabClock};
use district_api::{RemovalReason, Ticket};
use serde_json::json;

fn ticket(i: usize, version: i64, shift: usize) -> Ticket {
    let statuses = ["pending_ack", "in_progress", "redo", "replied", "closed"];
    let k = i + shift;
    let mut v = json!({
        "id": format!("T{i:03}"), "version": version, "title": format!("工单{i}"),
        "category": "help", "channel": "web", "urgency": "normal",
        "our_role": if k.is_multiple_of(4) { "co_handler" } else { "lead" },
        "lead_unit": {"id": "u", "name": "u"}, "status": statuses[k % statuses.len()],
        "dispatched_at": "2026-11-20T08:00:00+08:00",
        "ack_due_at": format!("2026-11-2{}T10:00:00+08:00", k % 7),
        "reply_due_at": format!("2026-11-2{}T18:00:00+08:00", (k + 2) % 7),
    });
    if k.is_multiple_of(3) {
        v["supervision"] =
            json!({"level": "yellow", "note": "", "at": "2026-11-20T09:00:00+08:00"});
    }
    if k % 5 == 1 {
        v["extension"] = json!({"status": "pending",
            "requested_due_at": "2026-12-10T18:00:00+08:00", "reason": "r"});
    }
    serde_json::from_value(v).expect("ticket")
}

fn check(s: &Store, what: &str) {
    let now: DateTime<Utc> = "2026-11-23T04:30:00Z".parse().expect("time");
    let clock = TabClock {
        now: now.timestamp(),
        due_soon_until: now.timestamp() + 86_400,
    };
    let kept = s.tab_counts(None, clock).expect("counts");
    let searched = s.tab_counts(Some("工单"), clock).expect("search counts");
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let listed = s.tab_page(*tab, None, clock, 0, 1000).expect("page").len();
        assert_eq!(kept[i] as usize, listed, "{tab:?} after {what}");
        assert_eq!(
            searched[i] as usize, listed,
            "{tab:?} searched after {what}"
        );
    }
}

#[test]
fn kept_totals_follow_changes_and_removals() {
    let mut s = Store::open_in_memory().expect("open");
    let first: Vec<Change> = (0..80)
        .map(|i| Change::Ticket(Box::new(ticket(i, 1, 0))))
        .collect();
    s.apply_page("u", &first, None).expect("insert");
    check(&s, "insert");

    // Every other ticket changes status, role, supervision and extension; a stale copy
    // changes nothing.
    let changed: Vec<Change> = (0..80)
        .step_by(2)
        .map(|i| Change::Ticket(Box::new(ticket(i, 2, 3))))
        .chain([Change::Ticket(Box::new(ticket(1, 1, 4)))])
        .collect();
    s.apply_page("u", &changed, None).expect("change");
    check(&s, "changes");

    let removed: Vec<Change> = (0..80)
        .step_by(7)
        .map(|i| Change::Removed {
            ticket_id: format!("T{i:03}"),
            version: Some(5),
            reason: RemovalReason::Reassigned,
            at: "2026-11-23T09:00:00+08:00".parse().expect("time"),
        })
        .collect();
    s.apply_page("u", &removed, None).expect("remove");
    check(&s, "removals");
}
