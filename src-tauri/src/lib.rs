//! The Tauri shell of the liaison desk: window, command registration, event
//! forwarding. Every command is a one-line wrapper around a `desk-app` use case; no
//! logic lives here. `main.rs` only calls [`run`].
//!
//! Configuration (environment, until the sign-in screen lands):
//! `LIAISON_SERVER` + `LIAISON_TOKEN` point the app at a district; without them it runs
//! in demo mode against the embedded simulator. `LIAISON_DATA_DIR` overrides the data
//! directory; `LIAISON_READY_FILE` is written when the UI has rendered its first list.

use desk_app::ipc::{AppInfo, IpcError, SyncReport, SyncStatus, TicketRow, events};
use desk_app::{Desk, DeskEvent, DeskOptions, Sensitive};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{Emitter, Manager, State};

/// How often the background sync runs.
const SYNC_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

struct Shell {
    desk: Arc<Desk>,
    /// Keeps the embedded simulator alive in demo mode.
    _sim: Option<district_sim::SimHandle>,
}

#[tauri::command]
async fn app_info(shell: State<'_, Shell>) -> Result<AppInfo, IpcError> {
    Ok(shell.desk.app_info())
}

#[tauri::command]
async fn list_tickets(shell: State<'_, Shell>) -> Result<Vec<TicketRow>, IpcError> {
    Ok(shell.desk.ticket_rows()?)
}

#[tauri::command]
async fn sync_status(shell: State<'_, Shell>) -> Result<SyncStatus, IpcError> {
    Ok(shell.desk.sync_status()?)
}

#[tauri::command]
async fn sync_now(shell: State<'_, Shell>) -> Result<SyncReport, IpcError> {
    Ok(shell.desk.sync_now().await?)
}

#[tauri::command]
async fn ui_ready(shell: State<'_, Shell>, rows: u32) -> Result<(), IpcError> {
    Ok(shell.desk.ui_ready(rows)?)
}

/// The handler names registered below; a test checks them against `desk_app::ipc::COMMANDS`.
#[cfg(test)]
const REGISTERED: &[&str] = &[
    "app_info",
    "list_tickets",
    "sync_status",
    "sync_now",
    "ui_ready",
];

async fn open_desk(data_dir: PathBuf) -> Result<Shell, desk_app::AppError> {
    let ready_file = std::env::var_os("LIAISON_READY_FILE").map(PathBuf::from);
    let server = std::env::var("LIAISON_SERVER")
        .ok()
        .filter(|s| !s.is_empty());
    let token = std::env::var("LIAISON_TOKEN")
        .ok()
        .filter(|s| !s.is_empty());
    match (server, token) {
        (Some(server), Some(token)) => {
            let desk = Desk::open(DeskOptions {
                data_dir,
                server_url: Some(server),
                token: Some(Sensitive::new(token)),
                demo: false,
                ready_file,
                ..DeskOptions::default()
            })?;
            Ok(Shell {
                desk: Arc::new(desk),
                _sim: None,
            })
        }
        _ => {
            let (sim, desk) = desk_app::demo::start(data_dir, ready_file).await?;
            // The simulator is local: sync once before the window loads, so the demo
            // opens on a full list instead of an empty one that fills a moment later.
            if let Err(e) = desk.sync_now().await {
                tracing::error!(error = %e, "first demo sync failed");
            }
            Ok(Shell {
                desk: Arc::new(desk),
                _sim: Some(sim),
            })
        }
    }
}

fn setup(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = match std::env::var_os("LIAISON_DATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => app.path().app_data_dir()?,
    };
    let shell = tauri::async_runtime::block_on(open_desk(data_dir))?;
    let handle = app.handle().clone();
    shell.desk.set_listener(Arc::new(move |event| {
        let sent = match event {
            DeskEvent::SyncStatus(status) => handle.emit(events::SYNC_STATUS, status),
            DeskEvent::TicketsChanged => handle.emit(events::TICKETS_CHANGED, ()),
        };
        if let Err(e) = sent {
            tracing::warn!(error = %e, "could not emit event to the webview");
        }
    }));
    tauri::async_runtime::spawn(shell.desk.clone().run_background_sync(SYNC_INTERVAL));
    app.manage(shell);
    Ok(())
}

/// Starts the app.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LIAISON_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let result = tauri::Builder::default()
        .setup(setup)
        .invoke_handler(tauri::generate_handler![
            app_info,
            list_tickets,
            sync_status,
            sync_now,
            ui_ready
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "the app stopped with an error");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn registered_commands_match_the_generated_bindings() {
        let mut expected: Vec<&str> = desk_app::ipc::COMMANDS.iter().map(|c| c.name).collect();
        let mut registered = super::REGISTERED.to_vec();
        expected.sort_unstable();
        registered.sort_unstable();
        assert_eq!(registered, expected);
    }
}
