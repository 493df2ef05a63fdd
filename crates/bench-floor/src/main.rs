//! The bench's floor (issue 18): a bare Tauri 2 window — the app's Tauri version and
//! features, a static page, no tray, no state — that `desk-bench` starts beside the app
//! under the same display and session bus. Its start to first paint, memory and idle CPU
//! are the floor the app's figures are divided by. The page reports its first paint the
//! way the desk reports its first list: the `ui_ready` command, which writes
//! `{"rows":N}` and a newline to `LIAISON_READY_FILE`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use serde::ser::SerializeStruct;
use std::path::PathBuf;

/// Why `ui_ready` failed.
#[derive(Debug, thiserror::Error)]
enum FloorError {
    #[error("could not write the ready file {}: {source}", path.display())]
    ReadyFile {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// `{code, message}` across IPC, as the app's errors.
impl serde::Serialize for FloorError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("FloorError", 2)?;
        out.serialize_field("code", "ready_file")?;
        out.serialize_field("message", &self.to_string())?;
        out.end()
    }
}

/// The page painted its `rows` rows.
#[tauri::command]
fn ui_ready(rows: u32) -> Result<(), FloorError> {
    if let Some(path) = std::env::var_os("LIAISON_READY_FILE").map(PathBuf::from) {
        std::fs::write(&path, format!("{{\"rows\":{rows}}}\n"))
            .map_err(|source| FloorError::ReadyFile { path, source })?;
    }
    Ok(())
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("bench-floor: {e}");
        std::process::exit(1);
    }
}
