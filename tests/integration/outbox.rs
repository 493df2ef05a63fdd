//! Every write goes through the durable outbox and reaches the district exactly once;
//! 409/412/422/401 each end in the right outbox state with the officer's text intact.

use desk_app::ipc::OutboxStateView;
use desk_app::ipc::{Connectivity, ErrorCode};
use district_api::{Ticket, TicketStatus};
use liaison_tests::{World, sync_until_settled, to_sorted_values, valid_reply};
use pretty_assertions::assert_eq;

fn first(desk: &desk_app::Desk, pred: impl Fn(&Ticket) -> bool) -> Ticket {
    desk.tickets()
        .expect("cache")
        .into_iter()
        .find(|t| pred(t))
        .expect("a matching ticket")
}

async fn effects_for(world: &World, key: &str) -> usize {
    world
        .sim
        .writes()
        .await
        .expect("write log")
        .iter()
        .filter(|w| w.idempotency_key == key)
        .count()
}

#[tokio::test]
async fn ack_then_reply_offline_reach_the_district_once_in_order() {
    let world = World::start_controlled(21, 60).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    let t = first(&desk, |t| {
        t.status == TicketStatus::PendingAck && t.our_role.as_str() == "lead"
    });

    // The district is down: both writes wait, durably, with their keys.
    world.sim.set_faults(district_sim::FaultPlan {
        error_rate: 1.0,
        ..Default::default()
    });
    let ack = desk.ack(&t.id).expect("queued");
    let reply = desk.reply(&t.id, &valid_reply(&t)).expect("queued");
    assert!(desk.sync_now().await.is_err());
    let status = desk.sync_status().expect("status");
    assert_eq!(status.outbox_pending, 2);
    assert_ne!(status.online, Connectivity::Online);

    world.sim.clear_faults();
    sync_until_settled(&desk, 3).await;
    let rows = desk.outbox().expect("outbox");
    assert_eq!(
        rows.iter().map(|r| r.state.as_str()).collect::<Vec<_>>(),
        ["sent", "sent"]
    );
    assert_eq!(effects_for(&world, &ack.idempotency_key).await, 1);
    assert_eq!(effects_for(&world, &reply.idempotency_key).await, 1);
    let server = world
        .sim
        .unit_tickets()
        .expect("truth")
        .into_iter()
        .find(|x| x.id == t.id)
        .expect("ticket");
    assert_eq!(server.status, TicketStatus::Replied);
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth()
    );
}

#[tokio::test]
async fn a_lost_response_is_retried_with_the_same_key_and_applied_once() {
    let world = World::start_controlled(22, 40).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    let t = first(&desk, |t| t.status == TicketStatus::PendingAck);
    world.sim.set_faults(district_sim::FaultPlan {
        seed: 1,
        drop_after_commit_rate: 1.0,
        ..Default::default()
    });
    let ack = desk.ack(&t.id).expect("queued");
    // The first answer is lost after the write took effect; the retry carries the same
    // key, so the district answers with the stored result instead of acting again.
    desk.flush_now()
        .await
        .expect("the retry gets the stored answer");
    let row = desk.outbox_entry(ack.id).expect("row");
    assert!(
        row.attempts >= 2,
        "the first answer was lost: {} attempts",
        row.attempts
    );
    assert_eq!(row.state, OutboxStateView::Sent);
    world.sim.clear_faults();
    assert_eq!(
        effects_for(&world, &ack.idempotency_key).await,
        1,
        "applied exactly once"
    );
}

#[tokio::test]
async fn a_412_keeps_the_officers_reply_beside_the_servers_ticket() {
    let world = World::start_controlled(23, 40).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    let t = first(&desk, |t| {
        t.status == TicketStatus::InProgress && t.our_role.as_str() == "lead"
    });
    // The district changes the ticket after the officer saw it (a new supervision note).
    world
        .sim
        .edit(&t.id, serde_json::json!({"supervision": {"level": "red", "note": "请立即办理", "at": "2026-11-27T10:00:00+08:00"}}))
        .await
        .expect("edit");
    let reply = valid_reply(&t);
    let row = desk.reply(&t.id, &reply).expect("queued");
    desk.flush_now().await.expect("flush ends");
    let row = desk.outbox_entry(row.id).expect("row");
    assert_eq!(row.state, OutboxStateView::Conflict);
    assert_eq!(row.status_code, Some(412));
    assert_eq!(
        row.body["text"],
        serde_json::json!(reply.text),
        "the officer's text is intact"
    );
    let current = row.server_current.expect("the server's ticket is kept");
    assert_eq!(current["supervision"]["level"], "red");
    // The cache took the server's newer ticket too.
    assert_eq!(
        desk.ticket(&t.id)
            .expect("cached")
            .supervision
            .map(|s| s.level.to_string()),
        Some("red".into())
    );
    assert_eq!(desk.sync_status().expect("status").outbox_conflicts, 1);
    assert_eq!(effects_for(&world, &row.idempotency_key).await, 0);
}

#[tokio::test]
async fn a_422_keeps_the_text_and_the_servers_field_errors() {
    let world = World::start_controlled(24, 40).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    let t = first(&desk, |t| {
        t.status == TicketStatus::InProgress && t.our_role.as_str() == "lead"
    });
    let mut reply = valid_reply(&t);
    reply.text = "不归我们管，请自行解决。".to_owned();
    let row = desk.reply(&t.id, &reply).expect("queued");
    desk.flush_now().await.expect("flush ends");
    let row = desk.outbox_entry(row.id).expect("row");
    assert_eq!(
        (row.state.as_str(), row.status_code),
        ("rejected", Some(422))
    );
    assert_eq!(row.body["text"], "不归我们管，请自行解决。");
    let errors = row.field_errors.expect("field errors kept");
    assert!(errors.get("text").is_some(), "{errors}");
}

#[tokio::test]
async fn a_409_ack_of_a_ticket_the_other_officer_acknowledged_is_rejected_with_the_ticket() {
    let world = World::start_controlled(25, 40).await;
    let a = world.fast_desk("A", "a").await;
    let b = world.fast_desk("B", "b").await;
    a.sync_now().await.expect("sync A");
    b.sync_now().await.expect("sync B");
    let t = first(&a, |t| t.status == TicketStatus::PendingAck);
    b.ack(&t.id).expect("B queues");
    b.flush_now().await.expect("B sends");
    let row = a.ack(&t.id).expect("A queues on the old version");
    a.flush_now().await.expect("flush ends");
    let row = a.outbox_entry(row.id).expect("row");
    assert_eq!(
        (row.state.as_str(), row.status_code),
        ("rejected", Some(409))
    );
    let current = row.server_current.expect("the acknowledged ticket");
    assert_eq!(current["acked_by"]["name"], "王磊");
    assert_eq!(
        a.ticket(&t.id).expect("cached").status,
        TicketStatus::InProgress
    );
}

#[tokio::test]
async fn an_ack_on_a_ticket_changed_meanwhile_is_rebased_and_sent() {
    let world = World::start_controlled(26, 40).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    let t = first(&desk, |t| t.status == TicketStatus::PendingAck);
    world
        .sim
        .edit(
            &t.id,
            serde_json::json!({"title": format!("{}（补充）", t.title)}),
        )
        .await
        .expect("edit");
    let row = desk.ack(&t.id).expect("queued");
    desk.flush_now().await.expect("flush");
    let row = desk.outbox_entry(row.id).expect("row");
    assert_eq!(
        row.state,
        OutboxStateView::Sent,
        "an ack has nothing to review: {:?}",
        row.last_error
    );
    assert_eq!(effects_for(&world, &row.idempotency_key).await, 1);
}

#[tokio::test]
async fn a_401_pauses_the_outbox_until_sign_in_and_loses_nothing() {
    let world = World::start_controlled(27, 30).await;
    let good = world.fast_desk("A", "a").await;
    good.sync_now().await.expect("first sync");
    let t = first(&good, |t| t.status == TicketStatus::PendingAck);
    drop(good);
    let revoked = desk_app::Desk::open(desk_app::DeskOptions {
        data_dir: world.data_dir("a"),
        server_url: Some(world.sim.base_url()),
        token: Some(desk_app::Sensitive::new("revoked-token".to_owned())),
        retry: liaison_tests::fast_retry(),
        ..Default::default()
    })
    .expect("open");
    let row = revoked.ack(&t.id).expect("queued");
    let err = revoked.sync_now().await.expect_err("401");
    assert_eq!(err.code(), ErrorCode::Unauthorized);
    let status = revoked.sync_status().expect("status");
    assert!(status.needs_sign_in);
    assert_eq!(status.outbox_pending, 1);
    assert_eq!(
        revoked.outbox_entry(row.id).expect("row").state,
        OutboxStateView::Pending
    );
    drop(revoked);

    let signed_in = world.fast_desk("A", "a").await;
    sync_until_settled(&signed_in, 2).await;
    assert_eq!(
        signed_in.outbox_entry(row.id).expect("row").state,
        OutboxStateView::Sent
    );
    assert_eq!(effects_for(&world, &row.idempotency_key).await, 1);
}

#[tokio::test]
async fn a_shared_draft_survives_its_ticket_leaving_the_unit() {
    let world = World::start_controlled(28, 30).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    let t = first(&desk, |t| {
        t.status == TicketStatus::InProgress && t.our_role.as_str() == "lead"
    });
    let text = "已联系供电公司，预计周五前修复。".to_owned();
    let draft = district_api::PartialReply {
        text: Some(text.clone()),
        ..Default::default()
    };
    desk.save_shared_draft(&t.id, &draft).expect("queued");
    sync_until_settled(&desk, 2).await;
    assert_eq!(
        world
            .sim
            .draft(&t.id)
            .await
            .expect("sim")
            .and_then(|d| d.reply.text),
        Some(text.clone())
    );

    world.sim.redispatch(&t.id, "tq-cgj").await.expect("away");
    desk.sync_now().await.expect("sync");
    assert!(
        desk.ticket(&t.id).is_err(),
        "the ticket left the active list"
    );
    let drafts = desk.drafts().expect("drafts");
    let kept = drafts
        .iter()
        .find(|d| d.ticket_id == t.id)
        .expect("the draft is archived, not lost");
    assert!(kept.archived);
    assert_eq!(kept.draft.reply.text.as_deref(), Some(text.as_str()));
}

/// Two tickets awaiting acknowledgement: the district will fail on the first one's writes.
fn two_pending_acks(desk: &desk_app::Desk) -> (Ticket, Ticket) {
    let mut pending = desk
        .tickets()
        .expect("cache")
        .into_iter()
        .filter(|t| t.status == TicketStatus::PendingAck);
    let stuck = pending.next().expect("a ticket to get stuck");
    let other = pending.next().expect("another ticket");
    (stuck, other)
}

fn only_on(ticket: &Ticket, plan: district_sim::FaultPlan) -> district_sim::FaultPlan {
    district_sim::FaultPlan {
        path_contains: Some(format!("/tickets/{}/", ticket.id)),
        ..plan
    }
}

#[tokio::test]
async fn a_write_the_district_keeps_failing_on_holds_back_its_ticket_only_until_retried() {
    let world = World::start_controlled(29, 60).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    let (stuck_ticket, other_ticket) = two_pending_acks(&desk);
    // Every write to one ticket gets a 500; the rest of the district works.
    world.sim.set_faults(only_on(
        &stuck_ticket,
        district_sim::FaultPlan {
            error_rate: 1.0,
            error_status: Some(500),
            ..Default::default()
        },
    ));
    let stuck = desk.ack(&stuck_ticket.id).expect("queued");
    let behind = desk
        .save_shared_draft(
            &stuck_ticket.id,
            &district_api::PartialReply {
                text: Some("已安排人员核实。".to_owned()),
                ..Default::default()
            },
        )
        .expect("queued");
    let other = desk.ack(&other_ticket.id).expect("queued");

    // The other ticket's write goes out; the platform is up, not 离线.
    desk.sync_now()
        .await
        .expect("the pass goes on past the stuck write");
    assert_eq!(
        desk.outbox_entry(other.id).expect("row").state,
        OutboxStateView::Sent
    );
    assert_eq!(effects_for(&world, &other.idempotency_key).await, 1);
    let status = desk.sync_status().expect("status");
    assert_eq!(status.online, Connectivity::Online);
    let row = desk.outbox_entry(stuck.id).expect("row");
    assert_eq!(
        (row.state.as_str(), row.status_code),
        ("pending", Some(500))
    );

    // After a bounded number of passes it is 发送受阻, with the district's reason; the
    // later write of its ticket waits behind it, never attempted.
    // (Alone in its pass, the stuck write fails the pass: the district may be down.)
    for _ in 1..desk_sync::BLOCK_AFTER_FAILED_PASSES {
        assert!(desk.sync_now().await.is_err());
    }
    let row = desk.outbox_entry(stuck.id).expect("row");
    assert_eq!(row.state, OutboxStateView::Blocked);
    assert_eq!(row.state_label, "发送受阻");
    assert!(
        row.last_error.as_deref().is_some_and(|e| e.contains("500")),
        "{:?}",
        row.last_error
    );
    let held = desk.outbox_entry(behind.id).expect("row");
    assert_eq!((held.state.as_str(), held.attempts), ("pending", 0));
    let status = desk.sync_status().expect("status");
    assert_eq!((status.outbox_blocked, status.outbox_pending), (1, 1));
    // A blocked write is not sent again by itself.
    desk.sync_now().await.expect("sync");
    assert_eq!(
        desk.outbox_entry(stuck.id).expect("row").attempts,
        row.attempts
    );

    // The district recovers; the officer retries: the same key goes, then the draft.
    world.sim.clear_faults();
    let retried = desk.retry_outbox_entry(stuck.id).expect("retry");
    assert_eq!(retried.idempotency_key, stuck.idempotency_key);
    desk.flush_now().await.expect("flush");
    assert_eq!(
        desk.outbox_entry(stuck.id).expect("row").state,
        OutboxStateView::Sent
    );
    assert_eq!(
        desk.outbox_entry(behind.id).expect("row").state,
        OutboxStateView::Sent
    );
    assert_eq!(effects_for(&world, &stuck.idempotency_key).await, 1);
}

#[tokio::test]
async fn a_discarded_blocked_write_keeps_its_record_and_is_never_sent() {
    let world = World::start_controlled(30, 60).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    let (stuck_ticket, other_ticket) = two_pending_acks(&desk);
    // The district answers one ticket's writes with something that never decodes.
    world.sim.set_faults(only_on(
        &stuck_ticket,
        district_sim::FaultPlan {
            truncate_rate: 1.0,
            ..Default::default()
        },
    ));
    let stuck = desk.ack(&stuck_ticket.id).expect("queued");
    for _ in 0..desk_sync::BLOCK_AFTER_FAILED_PASSES {
        assert!(desk.sync_now().await.is_err(), "alone, it fails the pass");
    }
    desk.sync_now()
        .await
        .expect("once blocked, the pass goes through");
    assert_eq!(
        desk.outbox_entry(stuck.id).expect("row").state,
        OutboxStateView::Blocked
    );
    // Only a blocked, refused or conflicting write can be discarded.
    let other = desk.ack(&other_ticket.id).expect("queued");
    assert!(desk.discard_outbox_entry(other.id).is_err());
    desk.flush_now().await.expect("flush");

    desk.discard_outbox_entry(stuck.id).expect("discard");
    let row = desk.outbox_entry(stuck.id).expect("the record is kept");
    assert_eq!(row.state, OutboxStateView::Discarded);
    assert_eq!(
        (&row.body, &row.idempotency_key),
        (&stuck.body, &stuck.idempotency_key)
    );
    assert!(desk.retry_outbox_entry(stuck.id).is_err());
    world.sim.clear_faults();
    let before = effects_for(&world, &stuck.idempotency_key).await;
    sync_until_settled(&desk, 2).await;
    assert_eq!(
        desk.outbox_entry(stuck.id).expect("row").state,
        OutboxStateView::Discarded
    );
    let attempts = desk.outbox_entry(stuck.id).expect("row").attempts;
    assert_eq!(row.attempts, attempts, "a discarded write is never sent");
    assert_eq!(effects_for(&world, &stuck.idempotency_key).await, before);
}
