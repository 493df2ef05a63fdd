//! Round trips of the contract's own JSON examples, and its forward-compatibility rules.

use district_api::*;
use pretty_assertions::assert_eq;
use serde_json::{Value, json};

fn example_ticket() -> Value {
    json!({
      "id": "TQ20261128000123",
      "version": 7,
      "title": "小区门口路灯不亮",
      "category": "complaint",
      "matter": "城市管理/市政设施/路灯",
      "content": "小区门口路灯已经三天不亮了，晚上出行很不方便。",
      "citizen": {"name": "张**", "phone": "138****5678", "address": "天桥区北园大街 1 号"},
      "location": "天桥区 北园街道 北园大街",
      "channel": "phone",
      "urgency": "normal",
      "our_role": "lead",
      "lead_unit": {"id": "tq-beiyuan", "name": "北园街道办事处"},
      "co_units": [{"id": "tq-cgj", "name": "天桥区城管局", "opinion_due_at": "2026-12-02T18:00:00+08:00"}],
      "status": "in_progress",
      "dispatched_at": "2026-11-28T08:10:00+08:00",
      "ack_due_at": "2026-11-28T10:10:00+08:00",
      "reply_due_at": "2026-12-04T18:00:00+08:00",
      "acked_by": {"id": "off-a", "name": "张敏", "at": "2026-11-28T08:30:00+08:00"},
      "extension": {"status": "pending", "requested_due_at": "2026-12-11T18:00:00+08:00", "reason": "需协调供电公司", "decided_at": null},
      "redo": {"count": 1, "reason": "市民反映路灯仍未修复", "at": "2026-11-27T10:00:00+08:00"},
      "supervision": {"level": "yellow", "note": "请加快办理", "at": "2026-11-28T09:00:00+08:00"},
      "callback": {"at": "2026-11-27T09:00:00+08:00", "process": "satisfied", "result": "resolved", "comment": "满意"},
      "history": [{"at": "2026-11-28T08:10:00+08:00", "actor": "区热线办", "action": "dispatch", "note": "派单"}],
      "attachments": [{"id": "att-1", "name": "现场照片.jpg", "size": 183022, "content_type": "image/jpeg"}]
    })
}

#[test]
fn ticket_example_round_trips_field_for_field() {
    let raw = example_ticket();
    let ticket: Ticket = serde_json::from_value(raw.clone()).expect("contract example parses");
    assert_eq!(ticket.status, TicketStatus::InProgress);
    assert_eq!(ticket.redo.as_ref().map(|r| r.count), Some(1));
    assert_eq!(serde_json::to_value(&ticket).expect("serializes"), raw);
}

#[test]
fn unknown_enum_values_are_kept_and_unknown_fields_ignored() {
    let mut raw = example_ticket();
    raw["status"] = json!("suspended");
    raw["category"] = json!("petition");
    raw["new_field_from_v2"] = json!({"anything": [1, 2]});
    let ticket: Ticket = serde_json::from_value(raw).expect("still parses");
    assert_eq!(ticket.status, TicketStatus::Other("suspended".into()));
    assert_eq!(ticket.category.as_str(), "petition");
    let back = serde_json::to_value(&ticket).expect("serializes");
    assert_eq!(
        back["status"], "suspended",
        "unknown value re-serializes as sent"
    );
    assert!(back.get("new_field_from_v2").is_none());
}

#[test]
fn nullable_parts_may_be_null_or_absent() {
    let mut raw = example_ticket();
    for k in ["acked_by", "extension", "redo", "supervision", "callback"] {
        raw[k] = Value::Null;
    }
    let obj = raw.as_object_mut().expect("object");
    obj.remove("history");
    obj.remove("attachments");
    let ticket: Ticket = serde_json::from_value(raw).expect("parses");
    assert!(ticket.redo.is_none() && ticket.history.is_empty());
}

#[test]
fn feed_items_decode_each_on_its_own() {
    let items = [
        (
            json!({"type": "ticket", "ticket": example_ticket()}),
            "item",
        ),
        (
            json!({"type": "removed", "ticket_id": "TQ1", "reason": "reassigned", "at": "2026-11-28T09:00:00+08:00"}),
            "item",
        ),
        (
            json!({"type": "draft", "ticket_id": "TQ1", "draft": null}),
            "item",
        ),
        (json!({"type": "hologram", "payload": 1}), "unknown"),
        (json!({"type": "ticket", "ticket": {"id": 5}}), "malformed"),
        (json!({"no_type": true}), "malformed"),
        (json!("just a string"), "malformed"),
    ];
    for (raw, expected) in items {
        let got = match FeedItem::decode(&raw) {
            Decoded::Item(_) => "item",
            Decoded::UnknownType(_) => "unknown",
            Decoded::Malformed(_) => "malformed",
        };
        assert_eq!(got, expected, "{raw}");
    }
}

#[test]
fn changes_page_example_parses() {
    let page: ChangesPage = serde_json::from_value(json!({
        "items": [], "next_cursor": "b3Bh+/==", "has_more": true,
        "server_time": "2026-11-28T09:00:00+08:00"
    }))
    .expect("page parses");
    assert!(page.has_more && page.items.is_empty());
    assert_eq!(page.next_cursor.as_deref(), Some("b3Bh+/=="));
}

#[test]
fn reply_rules_example_round_trips() {
    let raw = json!({
      "revision": 3,
      "min_text_chars": 60,
      "forbidden_phrases": ["不归我们管", "自行解决", "无法处理", "与我单位无关"],
      "placeholder_patterns": ["XXX", "【.*?】", "\\{\\{.*?\\}\\}"],
      "policy_basis_required_for": ["partially_resolved", "unresolved_explained"],
      "templates": [{"id": "resolved-default", "name": "已解决", "outcome": "resolved",
                     "body": "经我单位{{contact_method}}联系市民，于{{date}}..."}]
    });
    let rules: ReplyRules = serde_json::from_value(raw.clone()).expect("parses");
    assert_eq!(serde_json::to_value(&rules).expect("serializes"), raw);
}

#[test]
fn problem_document_keeps_field_errors_and_current() {
    let raw = json!({"type": "about:blank", "title": "Unprocessable", "status": 422,
                     "detail": "reply rejected", "errors": {"text": ["少于 60 字"]}});
    let p: Problem = serde_json::from_value(raw.clone()).expect("parses");
    assert_eq!(p.errors["text"], vec!["少于 60 字".to_owned()]);
    assert_eq!(serde_json::to_value(&p).expect("serializes"), raw);
}

#[test]
fn secrets_are_redacted_in_debug_output() {
    let login = LoginRequest {
        username: "demo-a".into(),
        password: "hunter2".into(),
    };
    assert!(!format!("{login:?}").contains("hunter2"));
}

/// A malformed item is described by its kind, the JSON path and the kind of fault: the
/// district's values (a phone number sent as a number, a name in a date) never appear,
/// so the description can be logged.
#[test]
fn malformed_items_are_described_without_their_values() {
    let with = |path: &[&str], value: Value| {
        let mut t = example_ticket();
        let mut at = &mut t;
        for key in &path[..path.len() - 1] {
            at = &mut at[*key];
        }
        at[path[path.len() - 1]] = value;
        json!({"type": "ticket", "ticket": t})
    };
    let cases = [
        (
            with(&["citizen", "phone"], json!(13812345678_u64)),
            "ticket item: invalid type, expected a string at ticket.citizen.phone",
            "13812345678",
        ),
        (
            with(&["dispatched_at"], json!("市民王秀英来电")),
            "at ticket.dispatched_at",
            "王秀英",
        ),
        (
            with(&["citizen"], json!(13912345678_u64)),
            "invalid type, expected struct Citizen at ticket.citizen",
            "13912345678",
        ),
        (
            with(&["version"], json!("王秀英, expected 13912345678")),
            "ticket item: invalid type, expected i64 at ticket.version",
            "13912345678",
        ),
        (
            json!({"type": "removed", "ticket_id": 13812345678_u64, "reason": "merged", "at": "2026-11-28T09:00:00+08:00"}),
            "removed item: invalid type, expected a string at ticket_id",
            "13812345678",
        ),
        (
            json!({"type": "draft", "ticket_id": "T1", "draft": {"revision": 1, "updated_by": {"id": "o", "name": "王秀英"}, "updated_at": "2026-11-28T09:00:00+08:00", "reply": {"contact_phone": 13812345678_u64}}}),
            "at draft.reply.contact_phone",
            "13812345678",
        ),
    ];
    for (raw, expected, secret) in cases {
        let Decoded::Malformed(m) = FeedItem::decode(&raw) else {
            panic!("{raw} should be malformed");
        };
        let text = m.to_string();
        assert!(text.contains(expected), "{text:?} lacks {expected:?}");
        assert!(!text.contains(secret), "{text:?} holds {secret:?}");
    }
    let mut missing = example_ticket();
    missing.as_object_mut().expect("object").remove("title");
    let Decoded::Malformed(m) = FeedItem::decode(&json!({"type": "ticket", "ticket": missing}))
    else {
        panic!("missing title");
    };
    assert_eq!(m.kind, Some("ticket"));
    assert_eq!(m.reason, "missing field `title`");
}
