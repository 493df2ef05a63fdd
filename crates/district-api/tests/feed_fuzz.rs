//! The feed parser under hostile input: whatever the bytes, decoding never panics, and a
//! good ticket on the same page as garbage still decodes.

use district_api::{Decoded, FeedItem, RawChangesPage};
use proptest::prelude::*;
use serde_json::{Value, json};

fn good_ticket() -> Value {
    json!({
      "id": "TQ20261128000123", "version": 7, "title": "小区门口路灯不亮", "category": "complaint",
      "channel": "phone", "urgency": "normal", "our_role": "lead",
      "lead_unit": {"id": "tq-beiyuan", "name": "北园街道办事处"}, "status": "in_progress",
      "dispatched_at": "2026-11-28T08:10:00+08:00", "ack_due_at": "2026-11-28T10:10:00+08:00",
      "reply_due_at": "2026-12-04T18:00:00+08:00"
    })
}

fn page(items: &[String]) -> Vec<u8> {
    format!(
        r#"{{"items":[{}],"has_more":false,"server_time":"2026-11-28T09:00:00+08:00"}}"#,
        items.join(",")
    )
    .into_bytes()
}

/// Arbitrary JSON, nested a little.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("type".to_owned()),
                    Just("ticket".to_owned()),
                    Just("id".to_owned()),
                    Just("version".to_owned()),
                    "[a-z_]{1,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A ticket item with one field replaced by arbitrary JSON.
fn bent_ticket() -> impl Strategy<Value = Value> {
    let fields = prop::sample::select(vec![
        "id",
        "version",
        "title",
        "status",
        "dispatched_at",
        "lead_unit",
        "citizen",
        "attachments",
        "history",
    ]);
    (fields, any_json()).prop_map(|(field, junk)| {
        let mut t = good_ticket();
        t[field] = junk;
        json!({"type": "ticket", "ticket": t})
    })
}

fn decodes_good(d: &Decoded) -> bool {
    matches!(d, Decoded::Item(FeedItem::Ticket { ticket }) if ticket.id == "TQ20261128000123")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok((page, repaired)) = RawChangesPage::parse(&bytes) {
            for raw in &page.items {
                let _ = FeedItem::decode_raw(raw, repaired);
            }
        }
    }

    #[test]
    fn garbage_items_fail_alone(junk in prop::collection::vec(prop_oneof![any_json(), bent_ticket()], 0..8), at in 0usize..9) {
        let mut items: Vec<String> = junk.iter().map(Value::to_string).collect();
        let good = json!({"type": "ticket", "ticket": good_ticket()}).to_string();
        let at = at.min(items.len());
        items.insert(at, good);
        let (page, repaired) = RawChangesPage::parse(&page(&items)).expect("the page is JSON");
        prop_assert!(!repaired);
        let decoded: Vec<Decoded> = page.items.iter().map(|r| FeedItem::decode_raw(r, repaired)).collect();
        prop_assert_eq!(decoded.len(), items.len());
        prop_assert!(decodes_good(&decoded[at]));
    }

    #[test]
    fn invalid_utf8_spoils_only_its_own_item(pos in 0usize..40, byte in 0x80u8..=0xff) {
        let good = json!({"type": "ticket", "ticket": good_ticket()}).to_string();
        let mut other = good_ticket();
        other["id"] = "TQ-OTHER".into();
        other["title"] = "x".repeat(40).into();
        let other = json!({"type": "ticket", "ticket": other}).to_string();
        let mut bytes = page(&[good.clone(), other.clone()]);
        // Corrupt one byte inside the other ticket's title.
        let title_at = bytes.windows(40).position(|w| w == "x".repeat(40).as_bytes()).expect("title");
        bytes[title_at + pos] = byte;
        let (page, repaired) = RawChangesPage::parse(&bytes).expect("still parses");
        let decoded: Vec<Decoded> = page.items.iter().map(|r| FeedItem::decode_raw(r, repaired)).collect();
        prop_assert!(decodes_good(&decoded[0]));
        let spoiled = std::str::from_utf8(&bytes).is_err();
        prop_assert_eq!(matches!(decoded[1], Decoded::Malformed(_)), spoiled);
    }
}

#[test]
fn too_deep_and_too_large_items_are_malformed() {
    let deep = format!("{}1{}", "[".repeat(3000), "]".repeat(3000));
    let mut huge = good_ticket();
    huge["content"] = "长".repeat(district_api::MAX_ITEM_BYTES / 3 + 10).into();
    let items = vec![
        deep,
        json!({"type": "ticket", "ticket": huge}).to_string(),
        json!({"type": "ticket", "ticket": good_ticket()}).to_string(),
    ];
    let (page, repaired) = RawChangesPage::parse(&page(&items)).expect("parses");
    let decoded: Vec<Decoded> = page
        .items
        .iter()
        .map(|r| FeedItem::decode_raw(r, repaired))
        .collect();
    assert!(matches!(&decoded[0], Decoded::Malformed(m) if m.to_string().contains("JSON")));
    assert!(matches!(&decoded[1], Decoded::Malformed(m) if m.to_string().contains("exceeds")));
    assert!(decodes_good(&decoded[2]));
}
