//! Logs and the cache never hold a token or a password, and logs never hold a citizen's
//! name or phone: a full sync, sign-in attempts, a phone reveal and attachment downloads
//! run at debug level, then a district that sends malformed items and problem documents
//! quoting a citizen; then every log file and the cache file are scanned.

use desk_app::{Desk, DeskOptions, Sensitive};
use desk_sync::DistrictClient;
use district_sim::SimConfig;

fn contains(haystack: &[u8], needle: &str) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_and_cache_hold_no_secret_and_logs_no_personal_data() {
    let dir = tempfile::tempdir().expect("tmp");
    let logs = dir.path().join("logs");
    // This test binary holds only this test, so the process-wide logger is ours.
    let guard = desk_app::logging::init(&logs, "debug").expect("logger");

    let sim = district_sim::spawn(SimConfig {
        seed: 81,
        tickets: 120,
        ..SimConfig::default()
    })
    .await
    .expect("sim");
    let (user, password) = district_sim::DEMO_OFFICER_A;
    let token = DistrictClient::new(&sim.base_url())
        .expect("client")
        .login(user, &Sensitive::new(password.to_owned()))
        .await
        .expect("login")
        .token;
    let desk = Desk::open(DeskOptions {
        data_dir: dir.path().join("data"),
        server_url: Some(sim.base_url()),
        token: Some(Sensitive::new(token.clone())),
        retry: desk_sync::RetryPolicy {
            min_delay: std::time::Duration::from_millis(5),
            max_delay: std::time::Duration::from_millis(20),
            max_retries: 4,
            max_retry_after: std::time::Duration::from_secs(1),
        },
        ..DeskOptions::default()
    })
    .expect("desk");
    desk.sync_now().await.expect("sync");
    let tickets = desk.tickets().expect("cache");

    // A refused sign-in with a distinctive password, then a good one.
    let wrong = "W!x9-错误口令-7731";
    assert!(
        desk.sign_in(&sim.base_url(), user, &Sensitive::new(wrong.to_owned()))
            .await
            .is_err()
    );
    desk.sign_in(&sim.base_url(), user, &Sensitive::new(password.to_owned()))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync again");
    for t in tickets.iter().take(20) {
        desk.reveal_phone(&t.id).expect("reveal");
        if let Some(a) = t.attachments.first() {
            desk.fetch_attachment(&t.id, &a.id)
                .await
                .expect("attachment");
        }
    }

    // A careless district: malformed items holding a citizen's name and phone (as a
    // number, which the parser would quote), and errors whose problem documents quote
    // them. The desk logs the kind, the JSON path and the status only.
    sim.set_faults(district_sim::FaultPlan {
        seed: 3,
        error_rate: 0.4,
        citizen_data_in_faults: true,
        ..district_sim::FaultPlan::default()
    });
    for _ in 0..4 {
        // Some passes fail: that is what is logged.
        let _ = desk.sync_now().await;
    }
    sim.clear_faults();
    desk.sync_now().await.expect("sync after the faults");
    drop(desk);
    drop(guard); // flushes the file writer

    let mut log_bytes = Vec::new();
    for entry in std::fs::read_dir(&logs).expect("logs dir") {
        log_bytes.extend(std::fs::read(entry.expect("entry").path()).expect("read log"));
    }
    assert!(
        contains(&log_bytes, "sync finished"),
        "the logs are written at all"
    );
    for (what, needle) in [
        ("a malformed item", "skipping malformed feed item"),
        ("its JSON path", "ticket.citizen.phone"),
        ("a retried district error", "retrying"),
        ("its status", "district answered HTTP 5"),
    ] {
        assert!(contains(&log_bytes, needle), "{what} is logged");
    }
    for (what, needle) in [
        ("leaked name", district_sim::LEAKED_CITIZEN_NAME),
        ("leaked phone", district_sim::LEAKED_CITIZEN_PHONE),
        ("problem text", "工单处理失败"),
    ] {
        assert!(!contains(&log_bytes, needle), "{what} in the logs");
    }
    let db = std::fs::read(dir.path().join("data/cache.db")).expect("db");
    let wal = std::fs::read(dir.path().join("data/cache.db-wal")).unwrap_or_default();
    for (what, needle) in [("token", token.as_str()), ("password", wrong)] {
        assert!(!contains(&log_bytes, needle), "{what} in the logs");
        assert!(
            !contains(&db, needle) && !contains(&wal, needle),
            "{what} in the cache"
        );
    }
    let mut checked = 0;
    for t in &tickets {
        let citizen = [
            ("name", &t.citizen.name),
            ("phone", &t.citizen.phone),
            ("address", &t.citizen.address),
        ];
        for (what, value) in citizen {
            // Even what the district already masked (`张**`, `138****5678`) stays out.
            if value.chars().count() >= 3 {
                assert!(
                    !contains(&log_bytes, value),
                    "citizen {what} of {} in the logs",
                    t.id
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 50,
        "too few unmasked values to mean anything: {checked}"
    );
}
