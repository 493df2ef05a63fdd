//! Search finds Chinese substrings of every length, ticket numbers and mixed text, and
//! no query text can raise an error.

use desk_store::{Change, Store};
use district_api::{RemovalReason, Ticket};
use serde_json::json;

fn ticket(id: &str, version: i64, title: &str, content: &str, address: &str) -> Ticket {
    let matter = match id {
        "TQ20261128000123" => "城市管理/市政设施/路灯",
        "TQ20261128000456" => "城乡建设/建筑施工/夜间施工",
        _ => "公用事业/供水/停水",
    };
    serde_json::from_value(json!({
        "id": id, "version": version, "title": title, "category": "complaint",
        "matter": matter, "content": content,
        "citizen": {"name": "张**", "phone": "138****5678", "address": address},
        "location": "天桥区 北园街道", "channel": "phone", "urgency": "normal", "our_role": "lead",
        "lead_unit": {"id": "u", "name": "北园街道办事处"}, "status": "in_progress",
        "dispatched_at": "2026-11-28T08:10:00+08:00", "ack_due_at": "2026-11-28T10:10:00+08:00",
        "reply_due_at": "2026-12-04T18:00:00+08:00"
    }))
    .expect("ticket")
}

fn store() -> Store {
    let mut s = Store::open_in_memory().expect("open");
    let tickets = [
        ticket(
            "TQ20261128000123",
            1,
            "小区门口路灯不亮",
            "小区门口路灯不亮已三天，晚上出行不便。",
            "北园大街 12 号",
        ),
        ticket(
            "TQ20261128000456",
            1,
            "夜间施工噪音大",
            "工地每晚23点后仍在施工，噪音扰民。",
            "无影山中路 3 号楼",
        ),
        ticket(
            "TQ20261127000789",
            1,
            "小区停水",
            "3号楼从早上开始停水，没有任何通知。",
            "药山街道工人新村南村",
        ),
    ];
    let changes: Vec<Change> = tickets
        .into_iter()
        .map(|t| Change::Ticket(Box::new(t)))
        .collect();
    s.apply_page("u", &changes, None).expect("apply");
    s
}

fn ids(s: &Store, q: &str) -> Vec<String> {
    let mut v: Vec<String> = s
        .search_tickets(q, 100)
        .expect("never an error")
        .into_iter()
        .map(|t| t.id)
        .collect();
    v.sort();
    v
}

#[test]
fn every_query_length_and_kind_finds_what_contains_it() {
    let s = store();
    let cases: &[(&str, &[&str])] = &[
        ("路灯", &["TQ20261128000123"]), // 2 characters, the common case
        ("灯", &["TQ20261128000123"]),   // 1 character
        ("路灯不亮已三天", &["TQ20261128000123"]), // a long phrase
        ("噪音", &["TQ20261128000456"]),
        ("停水", &["TQ20261127000789"]),
        ("小区", &["TQ20261127000789", "TQ20261128000123"]), // several tickets
        ("TQ20261128000456", &["TQ20261128000456"]),         // a whole ticket number
        ("000789", &["TQ20261127000789"]),                   // its last digits
        ("tq2026112800", &["TQ20261128000123", "TQ20261128000456"]), // prefix, any case
        ("３号楼", &["TQ20261127000789", "TQ20261128000456"]), // full-width digit, mixed
        ("23点", &["TQ20261128000456"]),                     // digits and Chinese
        ("工人新村", &["TQ20261127000789"]),                 // the citizen's address
        ("市政设施", &["TQ20261128000123"]),                 // 事项分类
        ("施工", &["TQ20261128000456"]),
        ("路 灯", &["TQ20261128000123"]), // spaces are ignored
        ("停电", &[]),                    // no result
        ("路灯停水", &[]),                // pairs present, substring not
    ];
    for (q, expected) in cases {
        assert_eq!(
            ids(&s, q),
            expected.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{q}"
        );
    }
}

#[test]
fn query_syntax_characters_are_just_text() {
    let s = store();
    for q in [
        "\"",
        "\"路灯",
        "路灯\"",
        "*",
        "路*",
        "NEAR",
        "NEAR(路灯 停水)",
        "AND",
        "OR 1=1",
        "'; DROP TABLE tickets; --",
        "^",
        "-路灯",
        "()",
        "\\",
        "：“”《》",
        "",
    ] {
        assert!(s.search_tickets(q, 10).is_ok(), "{q:?} raised an error");
    }
    assert_eq!(
        ids(&s, "\"路灯\""),
        ["TQ20261128000123"],
        "quotes around a word still find it"
    );
    assert_eq!(
        ids(&s, "*"),
        Vec::<String>::new(),
        "nothing searchable: nothing"
    );
}

#[test]
fn a_query_without_a_letter_or_digit_is_never_the_whole_cache() {
    let s = store();
    let clock = desk_store::TabClock {
        now: 0,
        due_soon_until: 0,
    };
    for q in ["\"", "-", "%", "_", "*", "%%", "-_-", "，。", "“”", "\\"] {
        assert_eq!(ids(&s, q), Vec::<String>::new(), "search {q:?}");
        let counts = s.tab_counts(Some(q), clock).expect("counts");
        assert!(
            counts.iter().all(|&n| n == 0),
            "counts for {q:?}: {counts:?}"
        );
        let page = s
            .tab_page(desk_domain::tabs::Tab::All, Some(q), clock, 0, 100)
            .expect("page");
        assert!(page.is_empty(), "page for {q:?}");
    }
    // Blank is no search at all; punctuation around a word still finds the word.
    let all = s.tab_counts(Some("  "), clock).expect("counts");
    assert_eq!(all[0], 3);
    assert_eq!(s.tab_counts(None, clock).expect("counts")[0], 3);
    assert_eq!(ids(&s, "%路灯%"), ["TQ20261128000123"]);
    assert_eq!(ids(&s, "-噪音-"), ["TQ20261128000456"]);
}

#[test]
fn the_index_follows_updates_and_removals() {
    let mut s = store();
    let newer = ticket(
        "TQ20261128000123",
        2,
        "路灯已修复",
        "路灯已由城管局修复。",
        "北园大街 12 号",
    );
    s.apply_page("u", &[Change::Ticket(Box::new(newer))], None)
        .expect("update");
    assert_eq!(
        ids(&s, "不亮"),
        Vec::<String>::new(),
        "old text is gone from the index"
    );
    assert_eq!(ids(&s, "修复"), ["TQ20261128000123"]);
    let stale = ticket("TQ20261128000123", 1, "小区门口路灯不亮", "旧版本", "");
    s.apply_page("u", &[Change::Ticket(Box::new(stale))], None)
        .expect("stale");
    assert_eq!(
        ids(&s, "旧版本"),
        Vec::<String>::new(),
        "a stale version is not indexed"
    );
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-28T09:00:00+08:00").expect("ts");
    s.apply_page(
        "u",
        &[Change::Removed {
            ticket_id: "TQ20261128000456".into(),
            version: Some(9),
            reason: RemovalReason::Reassigned,
            at,
        }],
        None,
    )
    .expect("remove");
    assert_eq!(ids(&s, "噪音"), Vec::<String>::new());
}

#[test]
fn results_come_in_work_order_and_respect_the_limit() {
    let s = store();
    let all = s.search_tickets("区", 100).expect("search");
    let order: Vec<String> = s
        .tickets()
        .expect("all")
        .into_iter()
        .map(|t| t.id)
        .filter(|id| all.iter().any(|t| &t.id == id))
        .collect();
    assert_eq!(all.iter().map(|t| t.id.clone()).collect::<Vec<_>>(), order);
    assert_eq!(s.search_tickets("区", 1).expect("search").len(), 1);
}

/// Every substring (1 to 8 characters) of every ticket's searchable text, and the same
/// with one character changed, finds exactly the tickets whose normalised text contains
/// it: the index (characters, pairs, ASCII triples) never loses a match, and the plan's
/// exact shortcuts never add one.
#[test]
fn every_substring_finds_exactly_what_a_scan_finds() {
    let s = store();
    let norm = |t: &Ticket| {
        [
            &t.id,
            &t.title,
            &t.content,
            &t.location,
            &t.matter,
            &t.citizen.address,
        ]
        .map(|f| desk_store::search::normalize(f))
    };
    let tickets = s.tickets().expect("cached");
    let texts: Vec<(String, [String; 6])> =
        tickets.iter().map(|t| (t.id.clone(), norm(t))).collect();
    let mut queries = std::collections::BTreeSet::new();
    for (_, fields) in &texts {
        for f in fields {
            let chars: Vec<char> = f.chars().collect();
            for len in 1..=8 {
                for w in chars.windows(len) {
                    let q: String = w.iter().collect();
                    // A near miss: the last character changed.
                    let mut miss = w.to_vec();
                    if let Some(last) = miss.last_mut() {
                        *last = if last.is_ascii_digit() { 'x' } else { '9' };
                    }
                    queries.insert(q);
                    queries.insert(miss.into_iter().collect());
                }
            }
        }
    }
    assert!(queries.len() > 1000, "{} queries", queries.len());
    for q in &queries {
        let mut expected: Vec<String> = texts
            .iter()
            .filter(|(_, fields)| fields.iter().any(|f| f.contains(q.as_str())))
            .map(|(id, _)| id.clone())
            .collect();
        expected.sort();
        assert_eq!(ids(&s, q), expected, "{q}");
        // The tab counts under the search agree (they take the exact shortcuts too).
        let clock = desk_store::TabClock {
            now: 1_795_000_000,
            due_soon_until: 1_795_086_400,
        };
        let counts = s.tab_counts(Some(q), clock).expect("counts");
        assert_eq!(counts[0] as usize, expected.len(), "{q}: {counts:?}");
    }
}
