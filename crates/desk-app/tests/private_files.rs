//! What the desk creates is its user's only from the start, even under a permissive
//! umask, and a sign-out with wipe removes the log files and stops writing them.
//! (Its own test binary: it changes the process umask and installs the logger.)

#![cfg(unix)]

use desk_app::{Desk, DeskOptions};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn data_dir_cache_and_logs_are_private_from_the_start_and_a_wipe_removes_the_logs() {
    // Anything goes: files would be world-writable unless created otherwise.
    rustix::process::umask(rustix::fs::Mode::empty());
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("nested").join("data");
    let desk = Desk::open(DeskOptions {
        data_dir: data.clone(),
        // A write, so that SQLite's -wal and -shm files exist.
        server_url: Some("http://127.0.0.1:9/api/v1".into()),
        ..DeskOptions::default()
    })
    .expect("opens");
    assert_eq!(mode(&data), 0o700, "data dir");
    assert_eq!(
        mode(&tmp.path().join("nested")),
        0o700,
        "a parent it created"
    );
    for file in ["cache.db", "cache.db-wal", "cache.db-shm"] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }

    let logs = data.join("logs");
    let guard = desk_app::logging::init(&logs, "info").expect("logger");
    tracing::info!("a line");
    assert_eq!(mode(&logs), 0o700, "logs dir");
    let files: Vec<_> = std::fs::read_dir(&logs)
        .expect("logs")
        .map(|e| e.expect("entry").path())
        .collect();
    assert!(!files.is_empty(), "a log file");
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }

    desk.sign_out(true).await.expect("wipe");
    assert!(!logs.exists(), "the log files are gone");
    tracing::warn!("after the wipe");
    drop(guard);
    assert!(
        !logs.exists(),
        "nothing is written to log files until the next start"
    );
    assert!(data.join("cache.db").exists(), "the emptied cache stays");
}
