//! Issue 15's network and sync defects (found against an independent district), one
//! regression test each, against the simulator with its fault control.

use desk_app::ipc::{Connectivity, ErrorCode};
use desk_app::{AppError, Desk, DeskOptions, Sensitive};
use desk_sync::{DistrictClient, PassLimits, SyncError};
use district_sim::{DEMO_OFFICER_A, DEMO_UNIT_ID, FaultPlan, ReassignFault, RedirectFault};
use liaison_tests::{World, fast_retry, sync_until_settled, to_sorted_values};
use pretty_assertions::assert_eq;
use std::time::Duration;

fn password() -> Sensitive<String> {
    Sensitive::new(DEMO_OFFICER_A.1.to_owned())
}

/// A desk with no server configured yet and the test retry policy.
fn blank_desk(world: &World, name: &str) -> Desk {
    Desk::open(DeskOptions {
        data_dir: world.data_dir(name),
        retry: fast_retry(),
        ..DeskOptions::default()
    })
    .expect("desk opens")
}

/// Item 3: plain http is refused for any machine but this one, before anything is sent,
/// with a typed error the officer can read; the address is not remembered.
#[tokio::test]
async fn plain_http_to_another_machine_is_refused_at_sign_in() {
    let world = World::start(51, 5).await;
    let desk = blank_desk(&world, "http");
    let err = desk
        .sign_in("http://12345.example.gov.cn/api/v1", "a", &password())
        .await
        .expect_err("plain http to another machine");
    assert!(
        matches!(err, AppError::Sync(SyncError::InsecureUrl(_))),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("https://"), "{err}");
    assert_eq!(desk.server_url(), None, "not remembered");

    let opened = Desk::open(DeskOptions {
        data_dir: world.data_dir("http-cli"),
        server_url: Some("http://10.20.30.40/api/v1".to_owned()),
        ..DeskOptions::default()
    });
    match opened {
        Err(e) => assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}"),
        Ok(_) => panic!("a configured plain-http address is refused"),
    }

    // The simulator on loopback still works over http.
    desk.sign_in(&world.sim.base_url(), DEMO_OFFICER_A.0, &password())
        .await
        .expect("loopback http is allowed");
}

/// Item 3: a redirect of the sign-in to another origin (here: `localhost` instead of
/// `127.0.0.1`) is not followed, so the password is not sent there.
#[tokio::test]
async fn a_sign_in_redirected_to_another_origin_is_not_followed() {
    let world = World::start_controlled(52, 5).await;
    let port = world.sim.addr().port();
    world.sim.set_faults(FaultPlan {
        redirect: Some(RedirectFault {
            status: 307,
            location_base: format!("http://localhost:{port}/api/v1"),
            requests: vec![0],
        }),
        ..FaultPlan::default()
    });
    let desk = blank_desk(&world, "redirect");
    let err = desk
        .sign_in(&world.sim.base_url(), DEMO_OFFICER_A.0, &password())
        .await
        .expect_err("the redirect is refused");
    assert!(
        matches!(
            err,
            AppError::Sync(SyncError::Redirected { status: 307, .. })
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("localhost"), "{err}");
}

/// Item 3: a 307/308 of a request with a body is never followed, not even within the
/// origin (the login body would be sent again); a `GET` follows one within the origin.
#[tokio::test]
async fn a_body_is_never_resent_and_a_get_follows_only_its_own_origin() {
    let world = World::start_controlled(53, 5).await;
    world.sim.set_faults(FaultPlan {
        redirect: Some(RedirectFault {
            status: 308,
            location_base: world.sim.base_url(),
            requests: vec![0],
        }),
        ..FaultPlan::default()
    });
    let desk = blank_desk(&world, "same-origin");
    let err = desk
        .sign_in(&world.sim.base_url(), DEMO_OFFICER_A.0, &password())
        .await
        .expect_err("the login is not sent twice");
    assert!(
        matches!(
            err,
            AppError::Sync(SyncError::Redirected { status: 308, .. })
        ),
        "{err:?}"
    );

    // A GET (/me, the first request of a sync) redirected within the origin is followed.
    let desk = world.fast_desk("A", "get").await;
    world.sim.set_faults(FaultPlan {
        redirect: Some(RedirectFault {
            status: 301,
            location_base: world.sim.base_url(),
            requests: vec![0],
        }),
        ..FaultPlan::default()
    });
    desk.sync_now().await.expect("same-origin GET redirect");
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth()
    );
}

/// Item 4: answers are read with a limit and the error names the answer: a feed page,
/// a JSON answer, and a problem document (which keeps its status).
#[tokio::test]
async fn oversized_answers_are_cut_off_and_named() {
    let world = World::start_controlled(54, 30).await;
    let client = DistrictClient::new(&world.sim.base_url())
        .expect("client")
        .with_token(world.token("A").await);
    world.sim.set_faults(FaultPlan {
        pad_answers_to_bytes: desk_sync::MAX_FEED_PAGE_BYTES + 1,
        ..FaultPlan::default()
    });
    match client.changes(DEMO_UNIT_ID, None, 25).await {
        Err(e @ SyncError::AnswerTooLarge { .. }) => {
            let text = e.to_string();
            assert!(
                text.contains("/changes") && text.contains("32 MB"),
                "{text}"
            );
        }
        other => panic!("feed page: {other:?}"),
    }
    match client.me().await {
        Err(SyncError::AnswerTooLarge { context, limit }) => {
            assert!(context.ends_with("/me"), "{context}");
            assert_eq!(limit, desk_sync::MAX_JSON_BYTES);
        }
        other => panic!("/me: {other:?}"),
    }
    world.sim.set_faults(FaultPlan {
        error_rate: 1.0,
        pad_answers_to_bytes: desk_sync::MAX_PROBLEM_BYTES * 16,
        ..FaultPlan::default()
    });
    match client.me().await {
        Err(SyncError::Http {
            status, problem, ..
        }) => {
            assert!((500..=599).contains(&status), "{status}");
            assert!(problem.detail.contains("64 KB"), "{problem:?}");
        }
        other => panic!("problem document: {other:?}"),
    }

    // Through the desk: the officer is told which answer was too large.
    world.sim.clear_faults();
    let desk = world.fast_desk("A", "big").await;
    world.sim.set_faults(FaultPlan {
        pad_answers_to_bytes: desk_sync::MAX_FEED_PAGE_BYTES + 1,
        ..FaultPlan::default()
    });
    let err = desk.sync_now().await.expect_err("too large");
    assert!(err.to_string().contains("/me"), "{err}");
    assert_eq!(
        desk.sync_status().expect("status").online,
        Connectivity::Degraded
    );
}

/// Item 5: a district stuck on one non-empty page with `has_more: true` ends the pass
/// (部分可用), keeps what arrived and frees the sync for the next pass.
#[tokio::test]
async fn a_feed_stuck_on_one_page_ends_the_pass_and_keeps_what_arrived() {
    let world = World::start_controlled(55, 80).await;
    let desk = world.fast_desk("A", "stuck").await;
    world.sim.set_faults(FaultPlan {
        stuck_feed: true,
        ..FaultPlan::default()
    });
    let err = tokio::time::timeout(Duration::from_secs(60), desk.sync_now())
        .await
        .expect("the pass ends")
        .expect_err("the feed never ends");
    assert!(
        matches!(err, AppError::Sync(SyncError::NoProgress { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("已保存"), "{err}");
    let status = desk.sync_status().expect("status");
    assert_eq!(status.online, Connectivity::Degraded);
    assert_eq!(status.tickets, 25, "the first page is kept");

    world.sim.clear_faults();
    sync_until_settled(&desk, 2).await;
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth()
    );
}

/// Item 5: the wall-time bound of a pass, with the page bound out of the way.
#[tokio::test]
async fn a_pass_that_takes_too_long_ends_and_keeps_what_arrived() {
    let world = World::start_controlled(56, 80).await;
    let client = DistrictClient::new(&world.sim.base_url())
        .expect("client")
        .with_token(world.token("A").await);
    let store = std::sync::Mutex::new(desk_store::Store::open_in_memory().expect("store"));
    world.sim.set_faults(FaultPlan {
        stuck_feed: true,
        ..FaultPlan::default()
    });
    let limits = PassLimits {
        unproductive_pages: u32::MAX,
        max_duration: Duration::from_millis(300),
    };
    let err = tokio::time::timeout(
        Duration::from_secs(60),
        desk_sync::pull_feed(&client, &store, DEMO_UNIT_ID, 25, &fast_retry(), &limits),
    )
    .await
    .expect("the pass ends")
    .expect_err("the feed never ends");
    assert!(
        matches!(err, SyncError::PassTooLong { .. }) && err.is_pass_bound(),
        "{err:?}"
    );
    let kept = store.lock().expect("lock").ticket_count().expect("count");
    assert_eq!(kept, 25, "the first page is kept");
}

/// Item 10: the very first pass reads a page, the district then reassigns 7 of its
/// tickets and expires the cursor; the restarted feed must take those 7 out.
#[tokio::test]
async fn a_410_during_the_first_sync_removes_the_tickets_reassigned_meanwhile() {
    let world = World::start_controlled(57, 80).await;
    let desk = world.fast_desk("A", "first-410").await;
    world.sim.set_faults(FaultPlan {
        reassign_after_first_page: Some(ReassignFault {
            count: 7,
            to_unit: "tq-cgj".to_owned(),
        }),
        ..FaultPlan::default()
    });
    let report = desk.sync_now().await.expect("the restarted feed completes");
    assert_eq!(report.removed, 7, "{report:?}");
    let truth = world.truth();
    assert_eq!(truth.len(), 73);
    assert_eq!(to_sorted_values(&desk.tickets().expect("cache")), truth);
}

/// Item 11: a 503 with `Retry-After: 1` on the first `GET /me` is retried like any
/// other request, in a sync and in a sign-in (login and /me).
#[tokio::test]
async fn a_503_on_me_and_on_the_login_is_retried() {
    let world = World::start_controlled(58, 30).await;
    let desk = world.fast_desk("A", "me-503").await;
    world.sim.set_faults(FaultPlan {
        maintenance_requests: vec![0],
        retry_after_seconds: 1,
        ..FaultPlan::default()
    });
    desk.sync_now().await.expect("the 503 on /me is retried");
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth()
    );

    let desk = blank_desk(&world, "login-503");
    world.sim.set_faults(FaultPlan {
        maintenance_requests: vec![0, 2],
        retry_after_seconds: 0,
        ..FaultPlan::default()
    });
    desk.sign_in(&world.sim.base_url(), DEMO_OFFICER_A.0, &password())
        .await
        .expect("login and /me are retried");
}
