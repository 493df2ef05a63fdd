//! Signing in and out with the desk (tokens in memory here; the OS keyring is tested
//! through the CLI on a real Secret Service).

use desk_app::ipc::ErrorCode;
use desk_app::{Desk, DeskOptions, Sensitive};
use liaison_tests::World;

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
    desk.sign_out(false).expect("signs out");
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
    desk.sign_out(true).expect("wiped");
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
