//! Tauri's build step, and the build stamp for 关于 (`build_stamp.rs`): exported to the
//! crate as `LIAISON_BUILD_DATE` and `LIAISON_BUILD_COMMIT`.

#[path = "build_stamp.rs"]
mod build_stamp;

use build_stamp::UNKNOWN;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    tauri_build::build();
    stamp();
}

fn stamp() {
    println!("cargo:rerun-if-changed=build_stamp.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    println!("cargo:rerun-if-env-changed=LIAISON_BUILD_COMMIT");
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let built = match build_stamp::source_date_epoch(epoch.as_deref()) {
        Ok(Some(secs)) => Some(secs),
        Ok(None) => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_secs()).ok()),
        Err(message) => {
            // A build script fails by panicking; the message names the variable.
            panic!("{message}");
        }
    };
    let date = built.map_or_else(|| UNKNOWN.to_owned(), build_stamp::utc_minute);
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let given = std::env::var("LIAISON_BUILD_COMMIT").ok();
    let commit = match build_stamp::commit_override(given.as_deref()) {
        Some(commit) => commit,
        None => {
            for file in build_stamp::git_watch_files(&dir) {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            build_stamp::git_commit(&dir).unwrap_or_else(|| UNKNOWN.to_owned())
        }
    };
    println!("cargo:rustc-env=LIAISON_BUILD_DATE={date}");
    println!("cargo:rustc-env=LIAISON_BUILD_COMMIT={commit}");
}
