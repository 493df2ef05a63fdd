//! Encryption at rest (issue 15): the cache file holds no ticket number, citizen name or
//! phone in clear; it cannot be opened without its key (a typed error, never a crash);
//! an old plain cache is converted in place, keeping every row, whatever point a kill
//! interrupts the conversion at.

use desk_store::{
    CacheFile, CacheKey, Change, ConversionStop, NewWrite, OutboxKind, Store, StoreError,
    cache_file_kind, encrypt_in_place,
};
use district_api::{PartialReply, Ticket};
use serde_json::json;
use std::path::{Path, PathBuf};

const NUMBER: &str = "TQ20261203009917";
const NAME: &str = "欧阳振华";
const PHONE: &str = "13912345678";

fn ticket(id: &str) -> Ticket {
    serde_json::from_value(json!({
        "id": id, "version": 1, "title": "小区门口路灯不亮", "category": "complaint",
        "matter": "城市管理/市政设施/路灯", "content": format!("来电人{NAME}反映路灯不亮，电话{PHONE}"),
        "citizen": {"name": NAME, "phone": PHONE, "address": "北园大街 88 号"},
        "location": "天桥区", "channel": "phone", "urgency": "normal", "our_role": "lead",
        "lead_unit": {"id": "tq-beiyuan", "name": "北园街道办事处"}, "status": "in_progress",
        "dispatched_at": "2026-11-28T08:10:00+08:00", "ack_due_at": "2026-11-28T10:10:00+08:00",
        "reply_due_at": "2026-12-04T18:00:00+08:00"
    }))
    .expect("test ticket")
}

/// Fills a cache with tickets, a draft and outbox rows that all carry personal data.
fn fill(store: &mut Store) {
    let mut page: Vec<Change> = vec![Change::Ticket(Box::new(ticket(NUMBER)))];
    page.extend((0..50).map(|i| Change::Ticket(Box::new(ticket(&format!("TQ2026120300{i:04}"))))));
    store
        .apply_page("tq-beiyuan", &page, Some("cursor-1"))
        .expect("apply");
    let reply = PartialReply {
        text: Some(format!("已联系{NAME}（{PHONE}），路灯已修复")),
        ..PartialReply::default()
    };
    store
        .save_local_draft(NUMBER, &reply, false, 1)
        .expect("draft");
    for (i, kind) in [OutboxKind::Ack, OutboxKind::Reply].into_iter().enumerate() {
        store
            .enqueue(
                NewWrite {
                    ticket_id: Some(NUMBER.into()),
                    kind,
                    body: json!({"text": format!("回复{NAME} {PHONE}")}),
                    idempotency_key: format!("key-{i}"),
                    base_version: Some(1),
                },
                2,
            )
            .expect("enqueue");
    }
}

/// What a user would miss after a conversion: tickets, the draft, the outbox, the cursor.
fn contents(store: &Store) -> (Vec<String>, Option<String>, Vec<String>, i64) {
    let mut ids: Vec<String> = store
        .tickets()
        .expect("tickets")
        .into_iter()
        .map(|t| t.id)
        .collect();
    ids.sort();
    let draft = store
        .local_draft(NUMBER)
        .expect("draft")
        .and_then(|d| d.reply.text);
    let outbox = store
        .outbox()
        .expect("outbox")
        .into_iter()
        .map(|r| r.idempotency_key)
        .collect();
    let found = store.search_tickets("路灯", 100).expect("search").len() as i64;
    (ids, draft, outbox, found)
}

fn files_of(path: &Path) -> Vec<PathBuf> {
    let dir = path.parent().expect("dir");
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect()
}

/// Fails if any file beside the cache holds one of `secrets` in clear (UTF-8 bytes).
fn assert_no_plaintext(path: &Path) {
    for file in files_of(path) {
        let bytes = std::fs::read(&file).expect("read");
        for secret in [NUMBER, NAME, PHONE, "路灯"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} is in clear in {}",
                file.display()
            );
        }
    }
}

#[test]
fn the_encrypted_cache_holds_no_ticket_number_name_or_phone_in_clear() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cache.db");
    let key = CacheKey::generate().expect("key");
    let mut store = Store::open_encrypted(&path, &key).expect("open");
    fill(&mut store);
    assert!(store.is_encrypted());
    // Checked while open (the WAL holds the latest pages) and after closing.
    assert_no_plaintext(&path);
    let before = contents(&store);
    assert_eq!(before.0.len(), 51);
    assert_eq!(before.3, 51, "search (FTS5) works on the encrypted cache");
    drop(store);
    assert_no_plaintext(&path);
    assert_eq!(cache_file_kind(&path).expect("kind"), CacheFile::Encrypted);
    let store = Store::open_encrypted(&path, &key).expect("reopen");
    assert_eq!(contents(&store), before);
}

#[test]
fn without_its_key_or_with_another_the_cache_fails_with_a_typed_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cache.db");
    let key = CacheKey::generate().expect("key");
    fill(&mut Store::open_encrypted(&path, &key).expect("open"));

    let err = Store::open(&path).expect_err("no key");
    assert!(matches!(err, StoreError::KeyMissing { .. }), "{err:?}");
    assert!(err.to_string().contains("已加密"), "{err}");
    let other = CacheKey::generate().expect("key");
    let err = Store::open_with_key(&path, Some(&other)).expect_err("wrong key");
    assert!(matches!(err, StoreError::WrongKey { .. }), "{err:?}");
    // A wrong key is never taken for an old plain cache to convert.
    let err = Store::open_encrypted(&path, &other).expect_err("wrong key");
    assert!(matches!(err, StoreError::WrongKey { .. }), "{err:?}");
    // Nothing was lost by the failed attempts.
    let store = Store::open_encrypted(&path, &key).expect("right key");
    assert_eq!(store.ticket_count().expect("count"), 51);
}

/// An old plain cache, left as a killed app leaves it: committed pages still in the WAL.
fn old_plain_cache(path: &Path) -> (Vec<String>, Option<String>, Vec<String>, i64) {
    let elsewhere = tempfile::tempdir().expect("tmp");
    let source = elsewhere.path().join("cache.db");
    let mut store = Store::open(&source).expect("plain");
    fill(&mut store);
    let expected = contents(&store);
    // Copied while open: the WAL is not checkpointed into the file, as after a kill.
    for suffix in ["", "-wal"] {
        std::fs::copy(
            elsewhere.path().join(format!("cache.db{suffix}")),
            path.with_file_name(format!("cache.db{suffix}")),
        )
        .expect("copy");
    }
    assert!(
        std::fs::metadata(path.with_file_name("cache.db-wal"))
            .expect("wal")
            .len()
            > 0
    );
    drop(store);
    assert_eq!(cache_file_kind(path).expect("kind"), CacheFile::Plain);
    expected
}

#[test]
fn an_old_plain_cache_is_converted_in_place_keeping_every_row() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cache.db");
    let expected = old_plain_cache(&path);
    assert_eq!(expected.0.len(), 51);
    assert_eq!(expected.2.len(), 2);
    assert!(expected.1.is_some());

    let key = CacheKey::generate().expect("key");
    let store = Store::open_encrypted(&path, &key).expect("converted");
    assert_eq!(contents(&store), expected);
    assert_eq!(store.integrity_check().expect("check"), "ok");
    drop(store);
    assert_eq!(cache_file_kind(&path).expect("kind"), CacheFile::Encrypted);
    assert_no_plaintext(&path);
    let left: Vec<String> = files_of(&path)
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n != "cache.db" && n != "cache.db-wal" && n != "cache.db-shm")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    // Opened again: already encrypted, nothing to convert.
    let store = Store::open_encrypted(&path, &key).expect("reopen");
    assert_eq!(contents(&store), expected);
}

#[test]
fn a_kill_at_any_point_of_the_conversion_leaves_a_cache_that_opens_whole() {
    for stop in [
        ConversionStop::DuringExport,
        ConversionStop::BeforeRename,
        ConversionStop::BeforeCleanup,
    ] {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("cache.db");
        let expected = old_plain_cache(&path);
        let key = CacheKey::generate().expect("key");
        encrypt_in_place(&path, &key, Some(stop)).expect("interrupted conversion");
        // Either the old file or the new one is in place, never neither.
        let kind = cache_file_kind(&path).expect("kind");
        match stop {
            ConversionStop::BeforeCleanup => assert_eq!(kind, CacheFile::Encrypted, "{stop:?}"),
            _ => assert_eq!(kind, CacheFile::Plain, "{stop:?}"),
        }
        // The next start finishes the job and removes the leftovers.
        let store = Store::open_encrypted(&path, &key).expect("next start");
        assert_eq!(contents(&store), expected, "{stop:?}");
        drop(store);
        assert!(
            !dir.path().join("cache.db.encrypting").exists(),
            "{stop:?}: the temporary file is removed"
        );
        assert_no_plaintext(&path);
    }
}
