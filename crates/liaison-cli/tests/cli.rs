//! The `liaison` binary against the simulator, as a script or another program uses it.

use desk_sync::{DistrictClient, Sensitive};
use district_sim::SimConfig;
use pretty_assertions::assert_eq;
use std::process::{Command, Output};

fn liaison(args: &[&str], token: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_liaison"));
    cmd.args(args)
        .env_remove("LIAISON_TOKEN")
        .env_remove("LIAISON_DATA_DIR");
    if let Some(t) = token {
        cmd.env("LIAISON_TOKEN", t);
    }
    cmd.output().expect("liaison runs")
}

fn sorted(mut v: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    v.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_then_tickets_json_equals_the_district() {
    let sim = district_sim::spawn(SimConfig {
        seed: 5,
        tickets: 120,
        ..SimConfig::default()
    })
    .await
    .expect("sim");
    let (user, password) = district_sim::DEMO_OFFICER_A;
    let login = DistrictClient::new(&sim.base_url())
        .expect("client")
        .login(user, &Sensitive::new(password.to_owned()))
        .await
        .expect("login");
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf-8 path").to_owned();
    let url = sim.base_url();

    let out = tokio::task::spawn_blocking(move || {
        liaison(
            &["--data-dir", &data, "--server", &url, "sync"],
            Some(&login.token),
        )
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "sync failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("本地共 120 件工单"));

    // The server URL was remembered; reading the cache needs neither server nor token.
    let data = dir.path().to_str().expect("utf-8 path").to_owned();
    let out = tokio::task::spawn_blocking(move || {
        liaison(&["--data-dir", &data, "tickets", "--json"], None)
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON array");
    let truth: Vec<serde_json::Value> = sim
        .unit_tickets()
        .expect("truth")
        .iter()
        .map(|t| serde_json::to_value(t).expect("json"))
        .collect();
    assert_eq!(sorted(printed), sorted(truth));
}

#[test]
fn missing_token_is_a_usage_error_with_exit_code_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf-8 path");
    let out = liaison(
        &[
            "--data-dir",
            data,
            "--server",
            "http://127.0.0.1:9/api/v1",
            "sync",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LIAISON_TOKEN"));
}

#[test]
fn unreachable_district_exits_3_and_says_the_cache_is_intact() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf-8 path");
    // Port 9 (discard) on loopback: nothing listens there.
    let out = liaison(
        &[
            "--data-dir",
            data,
            "--server",
            "http://127.0.0.1:9/api/v1",
            "sync",
        ],
        Some("t"),
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("本地缓存未受影响"));
}

#[test]
fn missing_data_dir_is_a_usage_error() {
    let out = liaison(&["tickets"], None);
    assert_eq!(out.status.code(), Some(2));
}
