//! The outbox keeps every write, sends in order per ticket, and re-bases later rows on
//! the answers to earlier ones.

use desk_store::{Change, NewWrite, OutboxKind, OutboxState, Store};
use serde_json::json;

fn write(ticket: &str, kind: OutboxKind, key: &str, base: Option<i64>) -> NewWrite {
    NewWrite {
        ticket_id: Some(ticket.into()),
        kind,
        body: json!({"text": format!("{key} body")}),
        idempotency_key: key.into(),
        base_version: base,
    }
}

fn next(s: &Store) -> Option<String> {
    s.next_sendable(&[])
        .expect("query")
        .map(|r| r.idempotency_key)
}

#[test]
fn rows_go_in_order_per_ticket_and_a_refusal_holds_back_its_ticket_only() {
    let mut s = Store::open_in_memory().expect("open");
    s.enqueue(write("T1", OutboxKind::Ack, "k1", Some(3)), 1)
        .expect("q");
    s.enqueue(write("T2", OutboxKind::Ack, "k2", Some(1)), 2)
        .expect("q");
    s.enqueue(write("T1", OutboxKind::Reply, "k3", Some(3)), 3)
        .expect("q");
    assert_eq!(next(&s).as_deref(), Some("k1"));

    // T1's ack conflicts: T1's reply waits for the officer; T2 goes on.
    let id1 = s.outbox().expect("rows")[0].id;
    s.outbox_conflict(id1, 412, Some(&json!({"version": 9})), "changed", 4)
        .expect("conflict");
    assert_eq!(next(&s).as_deref(), Some("k2"));
    let id2 = s.outbox().expect("rows")[1].id;
    s.outbox_sent(id2, 200, &json!({}), Some(2), 5)
        .expect("sent");
    assert_eq!(
        next(&s),
        None,
        "the reply stays behind its ticket's conflict"
    );

    // Discarding the conflicted ack releases the reply; nothing was deleted.
    assert!(s.outbox_discard(id1, 6).expect("discard"));
    assert_eq!(next(&s).as_deref(), Some("k3"));
    let states: Vec<OutboxState> = s.outbox().expect("rows").iter().map(|r| r.state).collect();
    assert_eq!(
        states,
        [
            OutboxState::Discarded,
            OutboxState::Sent,
            OutboxState::Pending
        ]
    );
}

#[test]
fn an_answer_rebases_the_rows_that_were_built_on_the_same_version() {
    let mut s = Store::open_in_memory().expect("open");
    let ack = s
        .enqueue(write("T1", OutboxKind::Ack, "a", Some(3)), 1)
        .expect("q");
    s.enqueue(write("T1", OutboxKind::Reply, "r", Some(3)), 2)
        .expect("q");
    s.enqueue(write("T1", OutboxKind::Draft, "d", Some(1)), 3)
        .expect("q");
    s.outbox_sent(ack.id, 200, &json!({"version": 5}), Some(5), 4)
        .expect("sent");
    let rows = s.outbox().expect("rows");
    assert_eq!(
        rows[1].base_version,
        Some(5),
        "a reply after an ack carries the ack's version"
    );
    assert_eq!(
        rows[2].base_version,
        Some(1),
        "a draft revision is another family"
    );
    assert_eq!(
        rows[1].idempotency_key, "r",
        "the key never changes on a re-base"
    );
}

#[test]
fn unsent_draft_edits_coalesce_but_an_attempted_one_is_kept() {
    let mut s = Store::open_in_memory().expect("open");
    let first = s
        .enqueue(write("T1", OutboxKind::Draft, "d1", None), 1)
        .expect("q");
    let second = s
        .enqueue(write("T1", OutboxKind::Draft, "d2", None), 2)
        .expect("q");
    assert_eq!(first.id, second.id, "only the newest content needs to go");
    assert_eq!(second.idempotency_key, "d1");
    assert_eq!(second.body, json!({"text": "d2 body"}));

    // Once attempted, the first key may have taken effect: a new row follows it.
    s.outbox_attempt(first.id, 3).expect("attempt");
    let third = s
        .enqueue(write("T1", OutboxKind::Draft, "d3", None), 4)
        .expect("q");
    assert_ne!(third.id, first.id);
    assert_eq!(s.outbox().expect("rows").len(), 2);
}

#[test]
fn the_outbox_survives_a_reopen_with_keys_and_attempts() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("cache.db");
    {
        let mut s = Store::open(&path).expect("open");
        let row = s
            .enqueue(write("T1", OutboxKind::Reply, "key-1", Some(4)), 1)
            .expect("q");
        s.outbox_attempt(row.id, 2).expect("attempt");
        s.outbox_transient(row.id, Some(503), "维护中", 3)
            .expect("transient");
    }
    let s = Store::open(&path).expect("reopen");
    let rows = s.outbox().expect("rows");
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        (r.idempotency_key.as_str(), r.attempts, r.state),
        ("key-1", 1, OutboxState::Pending)
    );
    assert_eq!(r.last_error.as_deref(), Some("维护中"));
    assert_eq!(r.body, json!({"text": "key-1 body"}));
    let counts = s.outbox_counts().expect("counts");
    assert_eq!(
        (counts.pending, counts.conflicts, counts.rejected),
        (1, 0, 0)
    );
}

#[test]
fn a_rejection_keeps_the_officers_text_and_the_field_errors() {
    let mut s = Store::open_in_memory().expect("open");
    let row = s
        .enqueue(write("T1", OutboxKind::Reply, "k", Some(2)), 1)
        .expect("q");
    let errors = json!({"text": ["少于 60 字"]});
    s.outbox_rejected(row.id, 422, Some(&errors), None, "不符合答复规范", 2)
        .expect("reject");
    let r = s.outbox_row(row.id).expect("get").expect("row");
    assert_eq!(r.state, OutboxState::Rejected);
    assert_eq!(r.field_errors, Some(errors));
    assert_eq!(r.body, json!({"text": "k body"}));
    let pending = s
        .enqueue(write("T2", OutboxKind::Ack, "k2", Some(1)), 3)
        .expect("q");
    let discarded = s.outbox_discard(pending.id, 4).expect("discard");
    assert!(
        !discarded,
        "a pending row may be in flight and cannot be discarded"
    );
}

#[test]
fn a_412_rebase_keeps_the_row_in_its_place_with_a_new_key() {
    let mut s = Store::open_in_memory().expect("open");
    let ack = s
        .enqueue(write("T1", OutboxKind::Ack, "old", Some(3)), 1)
        .expect("q");
    s.enqueue(write("T1", OutboxKind::Reply, "r", Some(3)), 2)
        .expect("q");
    s.outbox_rebase(ack.id, "new", Some(6), 3).expect("rebase");
    let first = s.next_sendable(&[]).expect("q").expect("row");
    assert_eq!(
        (first.id, first.idempotency_key.as_str(), first.base_version),
        (ack.id, "new", Some(6))
    );
    assert!(first.last_error.unwrap_or_default().contains("old"));
}

fn ticket(id: &str, version: i64) -> district_api::Ticket {
    serde_json::from_value(json!({
        "id": id, "version": version, "title": "t", "category": "help", "channel": "web",
        "urgency": "normal", "our_role": "lead", "lead_unit": {"id": "u", "name": "u"},
        "status": "in_progress", "dispatched_at": "2026-11-20T08:00:00+08:00",
        "ack_due_at": "2026-11-20T10:00:00+08:00", "reply_due_at": "2026-11-27T18:00:00+08:00"
    }))
    .expect("ticket")
}

/// Issue 15, item 10: a 410 during the very first pass. The first page was stamped by
/// that pass; the restarted feed no longer mentions B, which must go.
#[test]
fn a_410_during_the_first_fresh_pass_still_reconciles() {
    let mut s = Store::open_in_memory().expect("open");
    s.begin_fresh_pass().expect("begin");
    let first: Vec<Change> = ["A", "B"]
        .iter()
        .map(|id| Change::Ticket(Box::new(ticket(id, 2))))
        .collect();
    s.apply_page("u", &first, Some("c1")).expect("page 1");
    // B is reassigned away, the cursor expires: the feed starts again.
    s.reset_cursor().expect("410");
    s.begin_fresh_pass().expect("restart");
    s.apply_page("u", &[Change::Ticket(Box::new(ticket("A", 2)))], Some("x1"))
        .expect("page 1 again");
    assert_eq!(s.finish_fresh_pass(0).expect("finish"), 1, "B is gone");
    let ids: Vec<String> = s
        .tickets()
        .expect("read")
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(ids, ["A"]);
}

#[test]
fn a_fresh_pass_removes_what_the_feed_no_longer_mentions() {
    let mut s = Store::open_in_memory().expect("open");
    s.begin_fresh_pass().expect("begin");
    let all: Vec<Change> = ["A", "B", "C"]
        .iter()
        .map(|id| Change::Ticket(Box::new(ticket(id, 2))))
        .collect();
    s.apply_page("u", &all, Some("c1")).expect("apply");
    assert_eq!(s.finish_fresh_pass(0).expect("finish"), 0);

    // 410: the feed starts again and only mentions A (stale) and C.
    s.reset_cursor().expect("reset");
    s.begin_fresh_pass().expect("begin");
    s.apply_page("u", &[Change::Ticket(Box::new(ticket("A", 1)))], Some("x1"))
        .expect("page 1");
    // Interrupted here: a restart continues the same fresh pass.
    s.begin_fresh_pass().expect("continue");
    s.apply_page("u", &[Change::Ticket(Box::new(ticket("C", 2)))], Some("x2"))
        .expect("page 2");
    assert_eq!(s.finish_fresh_pass(0).expect("finish"), 1);
    let ids: Vec<String> = s
        .tickets()
        .expect("read")
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(ids, ["A", "C"]);
    // B does not come back from a stale redelivery.
    s.apply_page("u", &[Change::Ticket(Box::new(ticket("B", 2)))], Some("x3"))
        .expect("stale");
    assert_eq!(s.ticket_count().expect("count"), 2);
}

#[test]
fn a_draft_edit_coalesced_before_the_claim_is_what_goes_out() {
    let mut s = Store::open_in_memory().expect("open");
    s.enqueue(write("T1", OutboxKind::Draft, "d1", None), 1)
        .expect("q");
    // The flush picks the row; before it marks the attempt, the officer types on and
    // the edit coalesces into the same unattempted row.
    let picked = s.next_sendable(&[]).expect("query").expect("a row");
    let edit = s
        .enqueue(write("T1", OutboxKind::Draft, "d2", None), 2)
        .expect("q");
    assert_eq!(edit.id, picked.id);

    // What is sent is the row as claimed: the newest text, with the row's key.
    let claimed = s
        .outbox_claim(picked.id, 3)
        .expect("claim")
        .expect("sendable");
    assert_eq!(claimed.body, json!({"text": "d2 body"}));
    assert_eq!(
        (claimed.idempotency_key.as_str(), claimed.attempts),
        ("d1", 1)
    );
    // Any later edit queues behind the claimed row instead of vanishing into it.
    let later = s
        .enqueue(write("T1", OutboxKind::Draft, "d3", None), 4)
        .expect("q");
    assert_ne!(later.id, picked.id);
    s.outbox_sent(picked.id, 200, &json!({}), None, 5)
        .expect("sent");
    assert_eq!(
        s.next_sendable(&[]).expect("query").map(|r| r.body),
        Some(json!({"text": "d3 body"}))
    );
}

#[test]
fn a_row_the_district_keeps_failing_on_is_blocked_and_holds_back_its_ticket_only() {
    let mut s = Store::open_in_memory().expect("open");
    let stuck = s
        .enqueue(write("T1", OutboxKind::Ack, "k1", Some(3)), 1)
        .expect("q");
    s.enqueue(write("T1", OutboxKind::Reply, "k2", Some(3)), 2)
        .expect("q");
    s.enqueue(write("T2", OutboxKind::Ack, "k3", Some(1)), 3)
        .expect("q");

    // Failed passes below the bound: still pending, passed over within a pass.
    assert!(
        !s.outbox_failed(stuck.id, Some(500), "区热线平台返回 500", 3, 4)
            .expect("fail")
    );
    assert!(
        !s.outbox_failed(stuck.id, Some(500), "区热线平台返回 500", 3, 5)
            .expect("fail")
    );
    assert_eq!(
        s.outbox_row(stuck.id).expect("row").map(|r| r.state),
        Some(OutboxState::Pending)
    );
    assert_eq!(
        s.next_sendable(&[stuck.id])
            .expect("query")
            .map(|r| r.idempotency_key),
        Some("k3".to_owned())
    );

    // At the bound it is blocked: not sendable, its ticket's reply waits, T2 goes on.
    assert!(
        s.outbox_failed(stuck.id, Some(500), "区热线平台返回 500", 3, 6)
            .expect("fail")
    );
    let row = s.outbox_row(stuck.id).expect("row").expect("kept");
    assert_eq!((row.state, row.blocked_ms), (OutboxState::Blocked, Some(6)));
    assert_eq!(row.last_error.as_deref(), Some("区热线平台返回 500"));
    assert_eq!(next(&s).as_deref(), Some("k3"));
    assert!(s.outbox_claim(stuck.id, 7).expect("claim").is_none());
    let counts = s.outbox_counts().expect("counts");
    assert_eq!((counts.pending, counts.blocked), (2, 1));

    // Retry puts it back in its place with the same key.
    assert!(s.outbox_retry(stuck.id, 8).expect("retry"));
    assert!(!s.outbox_retry(stuck.id, 8).expect("only a blocked row"));
    assert_eq!(next(&s).as_deref(), Some("k1"));

    // Discarding a blocked row resolves it (kept, never sent) and releases its ticket.
    for at in 9..12 {
        s.outbox_failed(stuck.id, Some(500), "区热线平台返回 500", 3, at)
            .expect("fail");
    }
    assert!(s.outbox_discard(stuck.id, 12).expect("discard"));
    let row = s.outbox_row(stuck.id).expect("row").expect("kept");
    assert_eq!(
        (row.state, row.idempotency_key.as_str()),
        (OutboxState::Discarded, "k1")
    );
    assert_eq!(row.body, json!({"text": "k1 body"}));
    assert_eq!(next(&s).as_deref(), Some("k2"));
}

#[test]
fn a_row_waiting_to_be_sent_cannot_be_discarded() {
    let mut s = Store::open_in_memory().expect("open");
    let row = s
        .enqueue(write("T1", OutboxKind::Ack, "k1", Some(3)), 1)
        .expect("q");
    assert!(!s.outbox_discard(row.id, 2).expect("discard"));
    assert_eq!(next(&s).as_deref(), Some("k1"));
}
