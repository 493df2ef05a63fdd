//! The SQL tab predicates agree with the domain's, ticket by ticket, at any time.

use chrono::{DateTime, Duration, Utc};
use desk_domain::tabs::{Tab, TicketFacts};
use desk_store::{Change, ListFilter, Store, TabClock};
use district_api::Ticket;
use serde_json::json;

fn ticket(i: usize) -> Ticket {
    let statuses = ["pending_ack", "in_progress", "redo", "replied", "closed"];
    let status = statuses[i % statuses.len()];
    let day = 20 + (i % 7);
    let mut v = json!({
        "id": format!("T{i:03}"), "version": 1, "title": format!("工单{i}"), "category": "help",
        "channel": "web", "urgency": "normal",
        "our_role": if i.is_multiple_of(7) { "co_handler" } else { "lead" },
        "lead_unit": {"id": "u", "name": "u"}, "status": status,
        "dispatched_at": format!("2026-11-{:02}T08:00:00+08:00", day - 3),
        "ack_due_at": format!("2026-11-{:02}T{:02}:00:00+08:00", day, 8 + i % 10),
        "reply_due_at": format!("2026-11-{:02}T18:00:00+08:00", day + i % 4),
    });
    // Co-handled: our own opinion deadline (a day before the reply's), or only another
    // unit's, which is never ours.
    if i.is_multiple_of(14) {
        v["co_units"] = json!([{"id": "u", "name": "u",
            "opinion_due_at": format!("2026-11-{:02}T12:00:00+08:00", day + i % 4 - 1)}]);
    } else if i.is_multiple_of(7) {
        v["co_units"] = json!([{"id": "other", "name": "other",
            "opinion_due_at": format!("2026-11-{:02}T12:00:00+08:00", day - 2)}]);
    }
    // Redone once: some are still in redo, others replied or closed since.
    if status == "redo" || i % 10 == 3 {
        v["redo"] = json!({"count": 1, "reason": "r", "at": "2026-11-19T09:00:00+08:00"});
    }
    if i.is_multiple_of(3) {
        v["supervision"] =
            json!({"level": "yellow", "note": "", "at": "2026-11-20T09:00:00+08:00"});
    }
    if i % 5 == 1 {
        v["extension"] = json!({"status": if i.is_multiple_of(2) { "approved" } else { "pending" },
            "requested_due_at": "2026-12-10T18:00:00+08:00", "reason": "r"});
    }
    serde_json::from_value(v).expect("ticket")
}

#[test]
fn sql_tabs_match_the_domain_predicates() {
    let mut s = Store::open_in_memory().expect("open");
    let tickets: Vec<Ticket> = (0..120).map(ticket).collect();
    let changes: Vec<Change> = tickets
        .iter()
        .cloned()
        .map(|t| Change::Ticket(Box::new(t)))
        .collect();
    s.apply_page("u", &changes, None).expect("apply");
    let soon = Duration::hours(24);
    for now in [
        "2026-11-19T00:00:00Z",
        "2026-11-23T04:30:00Z",
        "2026-11-26T10:00:00Z",
        "2026-12-05T00:00:00Z",
    ] {
        let now: DateTime<Utc> = now.parse().expect("time");
        let clock = TabClock {
            now: now.timestamp(),
            due_soon_until: (now + soon).timestamp(),
        };
        let counts = s.tab_counts(None, clock).expect("counts");
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let expected: Vec<String> = tickets
                .iter()
                .filter(|t| {
                    let row_due =
                        desk_domain::countdown::ticket_active_deadline(t, "u").map(|(_, at)| at);
                    tab.matches(
                        &TicketFacts {
                            status: t.status.to_string(),
                            active_due: row_due,
                            supervised: t.supervision.is_some(),
                            co_handler: t.our_role.as_str() == "co_handler",
                            extension_pending: t
                                .extension
                                .as_ref()
                                .is_some_and(|e| e.status.as_str() == "pending"),
                        },
                        now,
                        soon,
                    )
                })
                .map(|t| t.id.clone())
                .collect();
            let mut page: Vec<String> = s
                .tab_page(*tab, None, clock, 0, 1000)
                .expect("page")
                .into_iter()
                .map(|t| t.id)
                .collect();
            page.sort();
            let mut expected_sorted = expected.clone();
            expected_sorted.sort();
            assert_eq!(page, expected_sorted, "{tab:?} at {now}");
            assert_eq!(counts[i] as usize, expected.len(), "{tab:?} count at {now}");
        }
    }
}

#[test]
fn search_and_paging_compose_with_tabs() {
    let mut s = Store::open_in_memory().expect("open");
    let changes: Vec<Change> = (0..120)
        .map(|i| Change::Ticket(Box::new(ticket(i))))
        .collect();
    s.apply_page("u", &changes, None).expect("apply");
    let clock = TabClock {
        now: 0,
        due_soon_until: 0,
    };
    let counts = s.tab_counts(Some("工单1"), clock).expect("counts");
    // 工单1, 工单10..19, 工单100..119
    assert_eq!(counts[0], 1 + 10 + 20);
    let first = s.tab_page(Tab::All, None, clock, 0, 50).expect("page");
    let second = s.tab_page(Tab::All, None, clock, 50, 50).expect("page");
    let all = s.tab_page(Tab::All, None, clock, 0, 1000).expect("page");
    assert_eq!(first.len() + second.len(), 100);
    assert_eq!(first[0].id, all[0].id);
    assert_eq!(second[0].id, all[50].id);
    assert!(s.tab_page(Tab::All, Some("\"*"), clock, 0, 10).is_ok());
}

/// The command line's filters: tabs intersected, a status, "redone at least once", with
/// and without a search, select what the domain says, in work order.
#[test]
fn list_filters_compose_tabs_status_and_redo() {
    let mut s = Store::open_in_memory().expect("open");
    let tickets: Vec<Ticket> = (0..120).map(ticket).collect();
    let changes: Vec<Change> = tickets
        .iter()
        .cloned()
        .map(|t| Change::Ticket(Box::new(t)))
        .collect();
    s.apply_page("u", &changes, None).expect("apply");
    let now: DateTime<Utc> = "2026-11-23T04:30:00Z".parse().expect("time");
    let soon = Duration::hours(30);
    let clock = TabClock {
        now: now.timestamp(),
        due_soon_until: (now + soon).timestamp(),
    };
    let facts = |t: &Ticket| TicketFacts {
        status: t.status.to_string(),
        active_due: desk_domain::countdown::ticket_active_deadline(t, "u").map(|(_, at)| at),
        supervised: t.supervision.is_some(),
        co_handler: t.our_role.as_str() == "co_handler",
        extension_pending: t
            .extension
            .as_ref()
            .is_some_and(|e| e.status.as_str() == "pending"),
    };
    let filters = [
        ListFilter::default(),
        ListFilter {
            status: Some("in_progress".into()),
            ..ListFilter::default()
        },
        ListFilter {
            status: Some("no_such_status".into()),
            ..ListFilter::default()
        },
        ListFilter {
            redone: true,
            ..ListFilter::default()
        },
        ListFilter {
            tabs: vec![Tab::Overdue],
            redone: true,
            ..ListFilter::default()
        },
        ListFilter {
            tabs: vec![Tab::DueSoon, Tab::Supervised],
            status: Some("in_progress".into()),
            redone: false,
        },
        ListFilter {
            tabs: vec![Tab::Overdue, Tab::DueSoon],
            ..ListFilter::default()
        },
    ];
    for filter in &filters {
        for search in [None, Some("工单1")] {
            let expected: Vec<String> = {
                let mut hits: Vec<&Ticket> = tickets
                    .iter()
                    .filter(|t| {
                        filter
                            .tabs
                            .iter()
                            .all(|tab| tab.matches(&facts(t), now, soon))
                            && filter
                                .status
                                .as_deref()
                                .is_none_or(|st| t.status.as_str() == st)
                            && (!filter.redone || t.redo.as_ref().is_some_and(|r| r.count > 0))
                            && search.is_none_or(|q| t.title.contains(q))
                    })
                    .collect();
                hits.sort_by_key(|t| {
                    let (group, key) = desk_domain::countdown::work_order_key(
                        desk_domain::countdown::ticket_active_deadline(t, "u"),
                        t.dispatched_at.to_utc(),
                    );
                    (group, key, t.id.clone())
                });
                hits.iter().map(|t| t.id.clone()).collect()
            };
            let page: Vec<String> = s
                .list_page(filter, search, clock, 0, 1000)
                .expect("page")
                .into_iter()
                .map(|t| t.id)
                .collect();
            assert_eq!(page, expected, "{filter:?} searching {search:?}");
            let first: Vec<String> = s
                .list_page(filter, search, clock, 0, 3)
                .expect("page")
                .into_iter()
                .map(|t| t.id)
                .collect();
            assert_eq!(first, expected[..expected.len().min(3)], "{filter:?} paged");
        }
    }
}
