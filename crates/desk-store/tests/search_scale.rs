//! Search at scale (issue 18): a broad search's page is found by walking the work order
//! and its counts are capped; both must keep today's answers. The thresholds are lowered
//! so that a few hundred tickets take every plan; the answers are compared with a plain
//! scan of the tickets' text and with the store at its default thresholds.

use desk_domain::tabs::Tab;
use desk_store::{Change, ListFilter, SearchLimits, Store, TabClock};
use district_api::{RemovalReason, Ticket};
use serde_json::json;

const CLOCK: TabClock = TabClock {
    // 2026-11-23T04:30:00Z and a day later.
    now: 1_795_408_200,
    due_soon_until: 1_795_494_600,
};

/// Ticket `i`: statuses, roles, supervision and deadlines vary, and the texts mix
/// 路灯 (every third), 噪音 (every fifth) and a unique number.
fn ticket(i: usize, version: i64, text: &str) -> Ticket {
    let statuses = ["pending_ack", "in_progress", "redo", "replied", "closed"];
    let mut v = json!({
        "id": format!("TQ2026112{}{i:06}", i % 10), "version": version,
        "title": format!("{text}{i}号"), "category": "complaint",
        "matter": "城市管理/市政设施", "content": format!("第{i}件：{text}"),
        "citizen": {"name": "张**", "phone": "138****5678", "address": format!("北园大街{i}号")},
        "location": "天桥区", "channel": "phone", "urgency": "normal",
        "our_role": if i.is_multiple_of(4) { "co_handler" } else { "lead" },
        "lead_unit": {"id": "u", "name": "u"}, "status": statuses[i % statuses.len()],
        "dispatched_at": "2026-11-20T08:00:00+08:00",
        "ack_due_at": format!("2026-11-2{}T10:00:00+08:00", i % 7),
        "reply_due_at": format!("2026-11-2{}T1{}:00:00+08:00", (i + 2) % 7, i % 10),
    });
    if i.is_multiple_of(3) {
        v["supervision"] =
            json!({"level": "yellow", "note": "", "at": "2026-11-20T09:00:00+08:00"});
    }
    serde_json::from_value(v).expect("ticket")
}

fn text(i: usize) -> &'static str {
    match (i % 3, i % 5) {
        (0, 0) => "路灯不亮噪音大",
        (0, _) => "小区路灯不亮",
        (_, 0) => "夜间施工噪音",
        _ => "小区停水",
    }
}

fn filled(n: usize) -> Store {
    let mut s = Store::open_in_memory().expect("open");
    let changes: Vec<Change> = (0..n)
        .map(|i| Change::Ticket(Box::new(ticket(i, 1, text(i)))))
        .collect();
    s.apply_page("u", &changes, None).expect("insert");
    s
}

fn page(s: &Store, tab: Tab, q: &str, offset: u32, limit: u32) -> Vec<String> {
    s.list_page(&ListFilter::tab(tab), Some(q), CLOCK, offset, limit)
        .expect("page")
        .into_iter()
        .map(|t| t.id)
        .collect()
}

/// What a scan finds: the tab's tickets in work order whose normalised text contains q.
fn scanned(s: &Store, tab: Tab, q: &str) -> Vec<String> {
    let needle = desk_store::search::normalize(q);
    let in_tab: Vec<String> = s
        .tab_page(tab, None, CLOCK, 0, 100_000)
        .expect("tab")
        .into_iter()
        .map(|t| t.id)
        .collect();
    let all = s.tickets().expect("all");
    in_tab
        .into_iter()
        .filter(|id| {
            all.iter().any(|t| {
                &t.id == id
                    && [
                        &t.id,
                        &t.title,
                        &t.content,
                        &t.location,
                        &t.matter,
                        &t.citizen.address,
                    ]
                    .iter()
                    .any(|f| desk_store::search::normalize(f).contains(&needle))
            })
        })
        .collect()
}

const QUERIES: &[&str] = &[
    "路灯",
    "噪音",
    "灯",
    "路灯不亮",
    "灯不亮噪",
    "小区停水",
    "TQ20261123000013",
    "北园大街1",
    "12号",
    "無",
];

#[test]
fn walking_the_work_order_lists_the_same_tickets_in_the_same_order() {
    let mut s = filled(300);
    for walk_from in [0, 5, u32::MAX - 1] {
        s.set_search_limits(SearchLimits {
            count_cap: u32::MAX - 1,
            walk_from,
        });
        for q in QUERIES {
            for tab in Tab::ALL {
                let expected = scanned(&s, tab, q);
                assert_eq!(
                    page(&s, tab, q, 0, 1000),
                    expected,
                    "{q} {tab:?} walk from {walk_from}"
                );
                // A middle page.
                let middle: Vec<String> = expected.iter().skip(7).take(20).cloned().collect();
                assert_eq!(
                    page(&s, tab, q, 7, 20),
                    middle,
                    "{q} {tab:?} page 2, walk from {walk_from}"
                );
            }
        }
    }
}

#[test]
fn two_character_cjk_and_ticket_number_queries() {
    let s = filled(60);
    // 路灯: every third ticket.
    assert_eq!(s.search_tickets("路灯", 1000).expect("search").len(), 20);
    assert_eq!(
        page(&s, Tab::All, "路灯", 0, 1000),
        scanned(&s, Tab::All, "路灯")
    );
    // A whole ticket number finds that ticket only, in either width and case.
    assert_eq!(
        page(&s, Tab::All, "TQ20261123000013", 0, 10),
        ["TQ20261123000013"]
    );
    assert_eq!(
        page(&s, Tab::All, "ｔｑ２０２６１１２３００００１３", 0, 10),
        ["TQ20261123000013"]
    );
}

#[test]
fn broad_searches_are_counted_up_to_the_cap_only() {
    let mut s = filled(120);
    s.set_search_limits(SearchLimits {
        count_cap: 30,
        walk_from: 30,
    });
    // 40 tickets contain 路灯: more than the cap.
    let broad = s.tab_counts_capped(Some("路灯"), CLOCK).expect("counts");
    assert_eq!(broad.over, Some(30));
    // 24 contain 噪音: counted per tab, exactly as without a cap.
    let narrow = s.tab_counts_capped(Some("噪音"), CLOCK).expect("counts");
    assert_eq!(narrow.over, None);
    assert_eq!(
        narrow.counts,
        s.tab_counts(Some("噪音"), CLOCK).expect("exact")
    );
    assert_eq!(narrow.counts[0], 24);
    // A longer query is capped on its matches, not on the index's candidates: 120
    // tickets have both 路灯 and 不亮 … only 40 contain 路灯不亮; 8 contain 灯不亮噪.
    let long = s
        .tab_counts_capped(Some("灯不亮噪"), CLOCK)
        .expect("counts");
    assert_eq!(long.over, None);
    assert_eq!(long.counts[0], 8);
    assert_eq!(
        s.tab_counts_capped(Some("路灯不亮"), CLOCK)
            .expect("counts")
            .over,
        Some(30)
    );
    // No search: the kept totals, never capped.
    let all = s.tab_counts_capped(None, CLOCK).expect("counts");
    assert_eq!((all.over, all.counts[0]), (None, 120));
    // At the default cap nothing here is capped.
    s.set_search_limits(SearchLimits::default());
    assert_eq!(
        s.tab_counts_capped(Some("路灯"), CLOCK)
            .expect("counts")
            .over,
        None
    );
}

/// The narrow text table (migration 017) equals the tickets' text after inserts, new
/// versions, reassignment away and back, removal, and an emptied cache filled again.
#[test]
fn the_narrow_text_stays_in_step_with_the_tickets() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("cache.db");
    let mut s = Store::open(&path).expect("open");
    let check = |s: &Store, what: &str| {
        let db = rusqlite::Connection::open(&path).expect("raw");
        let differing: i64 = db
            .query_row(
                "SELECT (SELECT count(*) FROM tickets t LEFT JOIN ticket_text x
                         ON x.ticket_rowid = t.rowid WHERE x.norm IS NOT t.search_norm)
                      + (SELECT count(*) FROM ticket_text x LEFT JOIN tickets t
                         ON t.rowid = x.ticket_rowid WHERE t.rowid IS NULL)",
                [],
                |r| r.get(0),
            )
            .expect("compare");
        assert_eq!(differing, 0, "after {what}");
        // And the search agrees with a scan.
        for q in ["路灯", "修好", "噪音"] {
            assert_eq!(
                page(s, Tab::All, q, 0, 1000),
                scanned(s, Tab::All, q),
                "{q} after {what}"
            );
        }
    };
    let changes: Vec<Change> = (0..30)
        .map(|i| Change::Ticket(Box::new(ticket(i, 1, text(i)))))
        .collect();
    s.apply_page("u", &changes, None).expect("insert");
    check(&s, "insert");
    s.apply_page(
        "u",
        &[Change::Ticket(Box::new(ticket(3, 2, "路灯已修好")))],
        None,
    )
    .expect("update");
    check(&s, "update");
    assert_eq!(page(&s, Tab::All, "修好", 0, 10), [ticket(3, 1, "").id]);
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-28T09:00:00+08:00").expect("ts");
    let removed = |id: String, version| Change::Removed {
        ticket_id: id,
        version: Some(version),
        reason: RemovalReason::Reassigned,
        at,
    };
    s.apply_page(
        "u",
        &[
            removed(ticket(5, 1, "").id, 1),
            removed(ticket(6, 1, "").id, 1),
        ],
        None,
    )
    .expect("reassigned away");
    check(&s, "reassignment away");
    assert!(
        page(&s, Tab::All, "噪音", 0, 100)
            .iter()
            .all(|id| *id != ticket(5, 1, "").id)
    );
    s.apply_page(
        "u",
        &[Change::Ticket(Box::new(ticket(5, 2, "噪音又来了")))],
        None,
    )
    .expect("dispatched back");
    check(&s, "dispatch back");
    s.wipe().expect("wipe");
    check(&s, "wipe");
    s.apply_page("u", &changes, None).expect("refill");
    check(&s, "rebuild");
}
