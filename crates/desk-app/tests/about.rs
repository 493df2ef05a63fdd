//! 关于 (issue 17) names the folders this run really uses: the data directory the desk
//! opened, and the folder its log files go to, or none once they are closed. Its own
//! test binary: the logger is process-wide.

use desk_app::about::BuildStamp;
use desk_app::{Desk, DeskOptions};

const STAMP: BuildStamp = BuildStamp {
    version: "9.8.7",
    build_date: "2026-12-06 10:15 UTC",
    commit: "1eb1231d4b2a",
};

#[test]
fn about_names_the_build_the_contract_and_the_folders_in_use() {
    let dir = tempfile::tempdir().expect("tmp");
    let logs = dir.path().join("logs");
    let guard = desk_app::logging::init(&logs, "info").expect("logger");
    let data = dir.path().join("data");
    let desk = Desk::open(DeskOptions {
        data_dir: data.clone(),
        ..DeskOptions::default()
    })
    .expect("desk");

    let about = desk.about(STAMP);
    assert_eq!(about.version, "9.8.7");
    assert_eq!(about.build_date, "2026-12-06 10:15 UTC");
    assert_eq!(about.commit, "1eb1231d4b2a");
    assert_eq!(about.contract_version, "1");
    assert_eq!(about.data_dir, data.display().to_string());
    assert_eq!(about.log_dir, Some(logs.display().to_string()));

    // After the log files are closed (a sign-out with wipe), none are named.
    desk_app::logging::close_files();
    assert_eq!(desk.about(STAMP).log_dir, None);
    drop(guard);
}
