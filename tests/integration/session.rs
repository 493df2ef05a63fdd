//! Signing in and out with the desk (tokens in memory here; the OS keyring is tested
//! through the CLI on a real Secret Service).

use desk_app::ipc::ErrorCode;
use desk_app::vault::{MemoryVault, TokenVault};
use desk_app::{Desk, DeskOptions, Sensitive};
use liaison_tests::{World, to_sorted_values};
use std::sync::Arc;

fn demo_password() -> Sensitive<String> {
    Sensitive::new(district_sim::DEMO_OFFICER_A.1.to_owned())
}

#[tokio::test]
async fn a_refused_token_pauses_sync_and_a_sign_in_resumes_it_without_losing_the_outbox() {
    let world = World::start(71, 40).await;
    let url = world.sim.base_url();
    // A desk whose token the district does not (or no longer) accept.
    let desk = Desk::open(DeskOptions {
        data_dir: world.data_dir("a"),
        server_url: Some(url.clone()),
        token: Some(Sensitive::new("expired-token".to_owned())),
        ..DeskOptions::default()
    })
    .expect("opens");
    let err = desk.sync_now().await.expect_err("401");
    assert_eq!(err.code(), ErrorCode::Unauthorized);
    assert!(desk.sync_status().expect("status").needs_sign_in);

    // Signed in properly: the cache fills.
    let bad = desk
        .sign_in(
            &url,
            district_sim::DEMO_OFFICER_A.0,
            &Sensitive::new("wrong".into()),
        )
        .await
        .expect_err("wrong password");
    assert_eq!(bad.code(), ErrorCode::Unauthorized);
    assert_eq!(bad.to_string(), "用户名或密码错误");
    let outcome = desk
        .sign_in(&url, district_sim::DEMO_OFFICER_A.0, &demo_password())
        .await
        .expect("signs in");
    assert!(
        !outcome.token_kept,
        "no keyring in this test: memory only, and said so"
    );
    assert!(outcome.note.is_some());
    assert!(outcome.info.signed_in);
    assert!(!desk.sync_status().expect("status").needs_sign_in);
    desk.sync_now().await.expect("sync");
    let pending = desk
        .tickets()
        .expect("cache")
        .into_iter()
        .find(|t| t.status == district_api::TicketStatus::PendingAck)
        .expect("a pending ticket");

    // Signed out: the ack waits in the outbox, nothing is lost; after signing in it goes.
    desk.sign_out(false).await.expect("signs out");
    assert!(!desk.app_info().signed_in);
    desk.ack(&pending.id).expect("queued while signed out");
    let err = desk.sync_now().await.expect_err("not signed in");
    assert_eq!(err.code(), ErrorCode::Unauthorized);
    assert_eq!(desk.sync_status().expect("status").outbox_pending, 1);
    desk.sign_in(&url, district_sim::DEMO_OFFICER_A.0, &demo_password())
        .await
        .expect("signs in again");
    desk.sync_now().await.expect("sync");
    let acks = world
        .sim
        .writes()
        .await
        .expect("writes")
        .into_iter()
        .filter(|w| w.kind == "ack" && w.ticket_id.as_deref() == Some(pending.id.as_str()))
        .count();
    assert_eq!(acks, 1);
}

#[tokio::test]
async fn sign_out_with_wipe_leaves_nothing_of_the_unit_on_the_pc() {
    let world = World::start(72, 40).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let with = desk
        .tickets()
        .expect("cache")
        .into_iter()
        .find(|t| !t.attachments.is_empty())
        .expect("a ticket with an attachment");
    desk.fetch_attachment(&with.id, &with.attachments[0].id)
        .await
        .expect("downloaded");
    desk.sign_out(true).await.expect("wiped");
    assert!(desk.tickets().expect("cache").is_empty());
    assert!(!desk.data_dir().join("attachments").exists());
    assert_eq!(desk.app_info().server_url, "");
    // The file holds no trace of the tickets either (the space was reclaimed).
    for file in ["cache.db", "cache.db-wal"] {
        let bytes = std::fs::read(world.data_dir("a").join(file)).unwrap_or_default();
        assert!(
            !bytes
                .windows(with.id.len())
                .any(|w| w == with.id.as_bytes()),
            "a ticket number is still in {file}"
        );
    }
    drop(desk);
}

/// A desk that signs in itself (token kept in `vault`), on `world`'s simulator.
fn signed_out_desk(world: &World, name: &str, vault: Arc<MemoryVault>) -> Desk {
    Desk::open(DeskOptions {
        data_dir: world.data_dir(name),
        server_url: Some(world.sim.base_url()),
        vault: Some(vault),
        ..DeskOptions::default()
    })
    .expect("opens")
}

async fn sign_in_a(desk: &Desk, world: &World) {
    desk.sign_in(
        &world.sim.base_url(),
        district_sim::DEMO_OFFICER_A.0,
        &demo_password(),
    )
    .await
    .expect("signs in");
}

/// Issue 15: the wipe deleted the only `sync_state` row, so every later sync failed.
#[tokio::test]
async fn after_a_wipe_signing_in_again_and_syncing_fills_the_cache_with_the_district() {
    let world = World::start(73, 40).await;
    let desk = signed_out_desk(&world, "a", Arc::new(MemoryVault::default()));
    sign_in_a(&desk, &world).await;
    desk.sync_now().await.expect("first sync");
    desk.sign_out(true).await.expect("wiped");
    assert!(desk.tickets().expect("cache").is_empty());

    sign_in_a(&desk, &world).await;
    desk.sync_now().await.expect("a sync after a wipe works");
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth()
    );
    let status = desk.sync_status().expect("status");
    assert!(status.last_sync_ms.is_some());
    assert_eq!(status.tickets, 40);
    // And once more, as the background sync would.
    desk.sync_now()
        .await
        .expect("an incremental sync works too");
}

/// Nothing of the district may be in the cache after a wipe (the files beside it too).
fn assert_wiped(desk: &Desk, ticket_id: &str) {
    assert!(
        desk.tickets().expect("cache").is_empty(),
        "tickets came back"
    );
    let status = desk.sync_status().expect("status");
    assert_eq!(status.tickets, 0);
    assert_eq!(status.last_sync_ms, None, "a sync result was recorded");
    assert!(
        !desk.data_dir().join("attachments").exists(),
        "a file came back"
    );
    assert!(!desk.app_info().signed_in);
    for file in ["cache.db", "cache.db-wal"] {
        let bytes = std::fs::read(desk.data_dir().join(file)).unwrap_or_default();
        assert!(
            !bytes
                .windows(ticket_id.len())
                .any(|w| w == ticket_id.as_bytes()),
            "a ticket number is in {file}"
        );
    }
}

/// Issue 15: a sync in flight while the officer signs out with wipe wrote its page back
/// into the wiped cache. Sign-out now stops it first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_with_wipe_stops_a_sync_in_flight_and_nothing_of_it_stays() {
    let world = World::start(74, 60).await;
    let truth = world.sim.unit_tickets().expect("truth");
    let desk = Arc::new(signed_out_desk(
        &world,
        "a",
        Arc::new(MemoryVault::default()),
    ));
    sign_in_a(&desk, &world).await;
    world.sim.hold_requests("/changes");
    let sync = tokio::spawn({
        let desk = Arc::clone(&desk);
        async move { desk.sync_now().await }
    });
    world.sim.held_arrived(1).await;
    desk.sign_out(true)
        .await
        .expect("signs out while the sync waits");
    world.sim.release_held();
    let outcome = sync.await.expect("join");
    assert!(outcome.is_err(), "the sync was stopped: {outcome:?}");
    assert_wiped(&desk, &truth[0].id);
    // Signed in again, the cache fills as usual.
    sign_in_a(&desk, &world).await;
    desk.sync_now().await.expect("sync");
    assert_eq!(desk.sync_status().expect("status").tickets, 60);
}

/// Issue 15: an attachment download in flight during a sign-out with wipe wrote its file
/// (and its row) back after the wipe.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_with_wipe_stops_an_attachment_download_in_flight() {
    let world = World::start(75, 40).await;
    let desk = Arc::new(signed_out_desk(
        &world,
        "a",
        Arc::new(MemoryVault::default()),
    ));
    sign_in_a(&desk, &world).await;
    desk.sync_now().await.expect("sync");
    let with = desk
        .tickets()
        .expect("cache")
        .into_iter()
        .find(|t| !t.attachments.is_empty())
        .expect("a ticket with an attachment");
    world.sim.hold_requests("/attachments/");
    let download = tokio::spawn({
        let desk = Arc::clone(&desk);
        let (ticket, attachment) = (with.id.clone(), with.attachments[0].id.clone());
        async move { desk.fetch_attachment(&ticket, &attachment).await }
    });
    world.sim.held_arrived(1).await;
    desk.sign_out(true)
        .await
        .expect("signs out while the download waits");
    world.sim.release_held();
    let outcome = download.await.expect("join");
    assert!(outcome.is_err(), "the download was stopped: {outcome:?}");
    assert_wiped(&desk, &with.id);
}

/// Issue 15: signing in at a second server left the first server's token in the keyring
/// after sign-out. Sign-out removes every token this desk saved.
#[tokio::test]
async fn sign_out_removes_every_token_this_desk_kept() {
    let first = World::start(76, 10).await;
    let second = World::start(77, 10).await;
    let vault = Arc::new(MemoryVault::default());
    let desk = signed_out_desk(&first, "a", Arc::clone(&vault));
    let user = district_sim::DEMO_OFFICER_A.0;
    let accounts = [
        desk_app::vault::account(&first.sim.base_url(), user),
        desk_app::vault::account(&second.sim.base_url(), user),
    ];
    sign_in_a(&desk, &first).await;
    // The same unit's officer at another address of the district (a new server).
    desk.sign_in(&second.sim.base_url(), user, &demo_password())
        .await
        .expect("signs in at the second server");
    for account in &accounts {
        assert!(vault.load(account).expect("vault").is_some(), "{account}");
    }
    desk.sign_out(false).await.expect("signs out");
    for account in &accounts {
        assert!(
            vault.load(account).expect("vault").is_none(),
            "{account} is still in the keyring"
        );
    }
    // With wipe too, after signing in again.
    sign_in_a(&desk, &first).await;
    desk.sign_out(true).await.expect("wipes");
    assert!(vault.load(&accounts[0]).expect("vault").is_none());
}

/// Issue 15: two programs on one data directory sync one at a time: the second waits,
/// says why, and reads the cache meanwhile; both end with the district's truth.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_desks_on_one_data_dir_write_one_at_a_time_and_the_second_says_it_waits() {
    let world = World::start(78, 40).await;
    let first = Arc::new(world.desk("A", "shared").await);
    let second = world.desk("A", "shared").await;
    let (tx, mut notices) = tokio::sync::mpsc::unbounded_channel::<String>();
    second.on_cache_busy(Arc::new(move |m: &str| {
        let _ = tx.send(m.to_owned());
    }));
    world.sim.hold_requests("/changes");
    let held = tokio::spawn({
        let first = Arc::clone(&first);
        async move { first.sync_now().await }
    });
    world.sim.held_arrived(1).await;
    // The first desk holds the data directory while its feed request is in flight: the
    // second one's sync must wait for it, and say so (without the lock it would send its
    // own feed request, and that would be held as well).
    let second_sync = second.sync_now();
    tokio::pin!(second_sync);
    let notice = tokio::select! {
        n = notices.recv() => n,
        () = world.sim.held_arrived(2) => panic!("the second sync did not wait"),
        r = &mut second_sync => panic!("the second sync did not wait: {r:?}"),
    };
    assert_eq!(notice.as_deref(), Some(desk_app::data_lock::BUSY_NOTICE));
    // A reader reads meanwhile.
    second
        .tickets()
        .expect("reads while the other program writes");
    world.sim.release_held();
    held.await.expect("join").expect("first sync");
    second_sync.await.expect("second sync after the first");
    assert_eq!(
        to_sorted_values(&second.tickets().expect("cache")),
        world.truth()
    );
}
