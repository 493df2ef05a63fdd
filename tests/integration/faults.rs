//! One test per fault class the simulator can inject; each ends with the cache equal to
//! the district's truth. Then seeded random mixes of all of them, with writes queued,
//! where every write must be applied exactly once.

use desk_app::ipc::OutboxStateView;
use district_api::TicketStatus;
use district_sim::FaultPlan;
use liaison_tests::{World, sync_until_settled, to_sorted_values, valid_reply};
use pretty_assertions::assert_eq;

/// Syncs through `plan`, then (faults off) once more, and checks the cache.
async fn converges_under(seed: u64, plan: FaultPlan) {
    let world = World::start_controlled(seed, 80).await;
    let desk = world.fast_desk("A", "a").await;
    world.sim.set_faults(plan);
    sync_until_settled(&desk, 12).await;
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth(),
        "under faults"
    );
    world.sim.clear_faults();
    sync_until_settled(&desk, 2).await;
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth(),
        "after faults"
    );
}

fn plan(seed: u64) -> FaultPlan {
    FaultPlan {
        seed,
        ..FaultPlan::default()
    }
}

#[tokio::test]
async fn server_errors_500_502_503() {
    converges_under(
        31,
        FaultPlan {
            error_rate: 0.3,
            ..plan(1)
        },
    )
    .await;
}

#[tokio::test]
async fn rate_limits_with_retry_after_seconds() {
    converges_under(
        32,
        FaultPlan {
            rate_limit_rate: 0.3,
            retry_after_seconds: 0,
            ..plan(2)
        },
    )
    .await;
}

#[tokio::test]
async fn maintenance_with_retry_after_as_http_date() {
    converges_under(
        33,
        FaultPlan {
            maintenance_rate: 0.3,
            retry_after_http_date: true,
            retry_after_seconds: 1,
            ..plan(3)
        },
    )
    .await;
}

#[tokio::test]
async fn latency() {
    converges_under(
        34,
        FaultPlan {
            latency_ms: Some((1, 30)),
            ..plan(4)
        },
    )
    .await;
}

#[tokio::test]
async fn connection_resets() {
    converges_under(
        35,
        FaultPlan {
            reset_rate: 0.3,
            ..plan(5)
        },
    )
    .await;
}

#[tokio::test]
async fn truncated_bodies() {
    converges_under(
        36,
        FaultPlan {
            truncate_rate: 0.3,
            ..plan(6)
        },
    )
    .await;
}

#[tokio::test]
async fn duplicated_feed_items() {
    converges_under(
        37,
        FaultPlan {
            duplicate_items_rate: 0.5,
            ..plan(7)
        },
    )
    .await;
}

#[tokio::test]
async fn out_of_order_feed_items() {
    converges_under(
        38,
        FaultPlan {
            out_of_order_rate: 0.8,
            ..plan(8)
        },
    )
    .await;
}

#[tokio::test]
async fn older_ticket_versions_resent() {
    let world = World::start_controlled(39, 60).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    // Give tickets a history, so there are older versions to re-send.
    for t in desk.tickets().expect("cache").iter().take(10) {
        world
            .sim
            .edit(
                &t.id,
                serde_json::json!({"title": format!("{}（更新）", t.title)}),
            )
            .await
            .expect("edit");
    }
    world.sim.set_faults(FaultPlan {
        stale_versions_rate: 0.8,
        ..plan(9)
    });
    sync_until_settled(&desk, 6).await;
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth()
    );
}

#[tokio::test]
async fn empty_pages_with_has_more() {
    converges_under(
        40,
        FaultPlan {
            empty_page_rate: 0.4,
            ..plan(10)
        },
    )
    .await;
}

#[tokio::test]
async fn cursor_expiry_restarts_the_feed_and_reconciles() {
    let world = World::start_controlled(41, 60).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    // While the cursor expires, a ticket is re-dispatched away: the fresh feed no longer
    // returns it, and reconciliation must take it out of the cache.
    let gone = desk.tickets().expect("cache")[3].id.clone();
    world
        .sim
        .redispatch(&gone, "tq-cgj")
        .await
        .expect("redispatch");
    world.sim.expire_cursors().await.expect("expire");
    let report = desk.sync_now().await.expect("a fresh feed needs no cursor");
    assert!(report.pages >= 1);
    assert!(
        report.removed >= 1,
        "reconciliation removed the ticket: {report:?}"
    );
    sync_until_settled(&desk, 2).await;
    assert!(
        desk.ticket(&gone).is_err(),
        "the re-dispatched ticket left the cache"
    );
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth()
    );
}

#[tokio::test]
async fn random_cursor_expiry() {
    converges_under(
        44,
        FaultPlan {
            cursor_expiry_rate: 0.15,
            ..plan(13)
        },
    )
    .await;
}

#[tokio::test]
async fn server_clock_offset_is_measured() {
    let world = World::start_controlled(42, 20).await;
    let desk = world.fast_desk("A", "a").await;
    world.sim.set_faults(FaultPlan {
        clock_offset_seconds: 7_200,
        ..plan(12)
    });
    desk.sync_now().await.expect("sync");
    let offset = desk.sync_status().expect("status").server_offset_ms;
    // The simulator's fixed base time is itself far from the PC's: compare against it.
    let expected =
        (world.sim.now().timestamp_millis() - chrono::Utc::now().timestamp_millis()) as f64;
    assert!(
        (offset as f64 - expected).abs() < 3_000.0,
        "offset {offset} vs {expected}"
    );
}

#[tokio::test]
async fn removed_tickets_leave_and_come_back_with_a_higher_version() {
    let world = World::start_controlled(43, 30).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let id = desk.tickets().expect("cache")[0].id.clone();
    world.sim.redispatch(&id, "tq-cgj").await.expect("away");
    desk.sync_now().await.expect("sync");
    assert!(desk.ticket(&id).is_err());
    world
        .sim
        .redispatch(&id, district_sim::DEMO_UNIT_ID)
        .await
        .expect("back");
    desk.sync_now().await.expect("sync");
    assert!(
        desk.ticket(&id).is_ok(),
        "a genuine re-dispatch back arrives"
    );
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth()
    );
}

/// A reproducible mix of every fault class from one seed.
fn random_plan(seed: u64) -> FaultPlan {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut rate = |max: f64| {
        if rng.random_bool(0.6) {
            rng.random_range(0.0..max)
        } else {
            0.0
        }
    };
    FaultPlan {
        seed,
        error_rate: rate(0.25),
        error_status: None,
        path_contains: None,
        rate_limit_rate: rate(0.15),
        maintenance_rate: rate(0.1),
        retry_after_http_date: seed.is_multiple_of(2),
        retry_after_seconds: 0,
        latency_ms: None,
        reset_rate: rate(0.15),
        truncate_rate: rate(0.15),
        drop_after_commit_rate: rate(0.4),
        duplicate_items_rate: rate(0.4),
        out_of_order_rate: rate(0.5),
        stale_versions_rate: rate(0.3),
        empty_page_rate: rate(0.2),
        cursor_expiry_rate: rate(0.1),
        clock_offset_seconds: 0,
        ..FaultPlan::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_random_fault_schedules_apply_every_write_exactly_once() {
    for schedule in 0..50u64 {
        let world = World::start_controlled(1_000 + schedule, 40).await;
        let desk = world.fast_desk("A", "a").await;
        desk.sync_now().await.expect("first sync, no faults yet");
        world.sim.set_faults(random_plan(schedule));

        // Writes queued while the faults are active: acks, and replies on acked tickets.
        let tickets = desk.tickets().expect("cache");
        let mut keys = Vec::new();
        for t in tickets
            .iter()
            .filter(|t| t.our_role.as_str() == "lead")
            .take(6)
        {
            let row = match t.status {
                TicketStatus::PendingAck => desk.ack(&t.id).expect("ack"),
                TicketStatus::InProgress | TicketStatus::Redo => {
                    desk.reply(&t.id, &valid_reply(t)).expect("reply")
                }
                _ => continue,
            };
            keys.push(row.idempotency_key);
        }
        assert!(!keys.is_empty(), "schedule {schedule} queued nothing");
        sync_until_settled(&desk, 40).await;
        world.sim.clear_faults();
        sync_until_settled(&desk, 3).await;

        assert_eq!(
            to_sorted_values(&desk.tickets().expect("cache")),
            world.truth(),
            "schedule {schedule}: cache differs from the district"
        );
        let log = world.sim.writes().await.expect("write log");
        for key in &keys {
            let n = log.iter().filter(|w| &w.idempotency_key == key).count();
            assert_eq!(n, 1, "schedule {schedule}: write {key} applied {n} times");
        }
        let outbox = desk.outbox().expect("outbox");
        assert!(
            outbox.iter().all(|r| r.state == OutboxStateView::Sent),
            "schedule {schedule}: {:?}",
            outbox
                .iter()
                .map(|r| (&r.kind, &r.state, &r.last_error))
                .collect::<Vec<_>>()
        );
    }
}
