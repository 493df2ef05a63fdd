//! The Tauri shell of the liaison desk: window, command registration, event
//! forwarding. Every command is a one-line wrapper around a `desk-app` use case; no
//! logic lives here. `main.rs` only calls [`run`].
//!
//! Without configuration the app is an officer's desk: the sign-in screen, then the
//! token in the OS keyring. Environment: `LIAISON_DEMO=1` runs demo mode against the
//! embedded simulator; `LIAISON_SERVER` + `LIAISON_TOKEN` point the app at a district
//! without signing in (scripts, end-to-end tests); `LIAISON_CA_BUNDLE` adds a district
//! intranet's CA; `LIAISON_DATA_DIR` overrides the data directory; `LIAISON_READY_FILE`
//! is written when the UI has rendered its first list; `LIAISON_LOG` sets the log level.

mod alerts;
mod desktop;
mod report;
mod tray;

use desk_app::ipc::{
    AppInfo, DraftSaved, DraftVersionView, IpcError, LocalAttachment, OutboxEntry, ReplyForm,
    ReplyWorkspace, RevealedContact, SignInOutcome, SyncReport, SyncStatus, TicketDetail,
    TicketPage, TicketQuery, events,
};
use desk_app::{AppError, Desk, DeskEvent, DeskOptions, Sensitive};
use district_api::{CoordinationRequest, Opinion, ReassignmentRequest};
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
async fn list_tickets(shell: State<'_, Shell>, query: TicketQuery) -> Result<TicketPage, IpcError> {
    Ok(shell.desk.ticket_page(&query)?)
}

#[tauri::command]
async fn ticket_detail(shell: State<'_, Shell>, id: String) -> Result<TicketDetail, IpcError> {
    Ok(shell.desk.ticket_detail(&id)?)
}

#[tauri::command]
async fn reveal_phone(shell: State<'_, Shell>, id: String) -> Result<RevealedContact, IpcError> {
    Ok(shell.desk.reveal_phone(&id)?)
}

/// Queues a write, then sends it in the background.
fn queued(shell: &Shell, entry: Result<OutboxEntry, AppError>) -> Result<OutboxEntry, IpcError> {
    let entry = entry?;
    shell.desk.flush_in_background();
    Ok(entry)
}

#[tauri::command]
async fn ack(shell: State<'_, Shell>, id: String) -> Result<OutboxEntry, IpcError> {
    queued(&shell, shell.desk.ack(&id))
}

#[tauri::command]
async fn request_extension(
    shell: State<'_, Shell>,
    id: String,
    reason: String,
    requested_due_ms: i64,
) -> Result<OutboxEntry, IpcError> {
    queued(
        &shell,
        shell
            .desk
            .request_extension_at(&id, reason, requested_due_ms),
    )
}

#[tauri::command]
async fn request_coordination(
    shell: State<'_, Shell>,
    id: String,
    reason: String,
    units: Vec<String>,
) -> Result<OutboxEntry, IpcError> {
    queued(
        &shell,
        shell
            .desk
            .request_coordination(&id, &CoordinationRequest { reason, units }),
    )
}

#[tauri::command]
async fn request_reassignment(
    shell: State<'_, Shell>,
    id: String,
    reason: String,
    suggested_unit: Option<String>,
) -> Result<OutboxEntry, IpcError> {
    let req = ReassignmentRequest {
        reason,
        suggested_unit,
    };
    queued(&shell, shell.desk.request_reassignment(&id, &req))
}

#[tauri::command]
async fn submit_opinion(
    shell: State<'_, Shell>,
    id: String,
    text: String,
    contact_name: String,
    contact_phone: String,
) -> Result<OutboxEntry, IpcError> {
    let opinion = Opinion {
        text,
        contact_name,
        contact_phone,
    };
    queued(&shell, shell.desk.opinion(&id, &opinion))
}

#[tauri::command]
async fn discard_outbox(shell: State<'_, Shell>, entry_id: i64) -> Result<(), IpcError> {
    Ok(shell.desk.discard_outbox_entry(entry_id)?)
}

#[tauri::command]
async fn retry_outbox(shell: State<'_, Shell>, entry_id: i64) -> Result<OutboxEntry, IpcError> {
    queued(&shell, shell.desk.retry_outbox_entry(entry_id))
}

#[tauri::command]
async fn workday_dates(
    shell: State<'_, Shell>,
    from: String,
    to: String,
) -> Result<desk_app::ipc::WorkdayDates, IpcError> {
    Ok(shell.desk.workday_dates(&from, &to)?)
}

#[tauri::command]
async fn unit_directory(shell: State<'_, Shell>) -> Result<Vec<String>, IpcError> {
    Ok(shell.desk.unit_directory()?)
}

#[tauri::command]
async fn reply_workspace(shell: State<'_, Shell>, id: String) -> Result<ReplyWorkspace, IpcError> {
    Ok(shell.desk.reply_workspace(&id)?)
}

/// Autosave; with `share`, the text is also queued for the unit's shared draft and sent
/// in the background.
#[tauri::command]
async fn save_reply_draft(
    shell: State<'_, Shell>,
    id: String,
    form: ReplyForm,
    share: bool,
) -> Result<DraftSaved, IpcError> {
    let saved = shell.desk.save_reply_draft(&id, &form, share)?;
    if saved.shared_queued {
        shell.desk.flush_in_background();
    }
    Ok(saved)
}

#[tauri::command]
async fn resolve_draft_collision(
    shell: State<'_, Shell>,
    id: String,
    form: ReplyForm,
) -> Result<ReplyWorkspace, IpcError> {
    let workspace = shell.desk.resolve_draft_collision(&id, &form)?;
    shell.desk.flush_in_background();
    Ok(workspace)
}

#[tauri::command]
async fn draft_versions(
    shell: State<'_, Shell>,
    id: String,
) -> Result<Vec<DraftVersionView>, IpcError> {
    Ok(shell.desk.draft_versions(&id)?)
}

#[tauri::command]
async fn restore_draft_version(
    shell: State<'_, Shell>,
    id: String,
    version_id: i64,
) -> Result<ReplyWorkspace, IpcError> {
    Ok(shell.desk.restore_draft_version(&id, version_id)?)
}

#[tauri::command]
async fn send_reply(shell: State<'_, Shell>, id: String) -> Result<OutboxEntry, IpcError> {
    queued(&shell, shell.desk.send_reply(&id))
}

/// Downloads the attachment once (or takes the cached file) and opens it with the system
/// viewer; files that are not documents or media are only shown in their folder.
#[tauri::command]
async fn open_attachment(
    shell: State<'_, Shell>,
    ticket_id: String,
    attachment_id: String,
) -> Result<LocalAttachment, IpcError> {
    let file = shell
        .desk
        .fetch_attachment(&ticket_id, &attachment_id)
        .await?;
    let opened = if file.opens_directly {
        tauri_plugin_opener::open_path(&file.path, None::<&str>)
    } else {
        tauri_plugin_opener::reveal_item_in_dir(&file.path)
    };
    opened.map_err(|e| AppError::OpenFailed(e.to_string()))?;
    Ok(file)
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
    "ticket_detail",
    "reveal_phone",
    "open_attachment",
    "sign_in",
    "sign_out",
    "reply_workspace",
    "save_reply_draft",
    "resolve_draft_collision",
    "draft_versions",
    "restore_draft_version",
    "send_reply",
    "sync_status",
    "sync_now",
    "ack",
    "request_extension",
    "request_coordination",
    "request_reassignment",
    "submit_opinion",
    "discard_outbox",
    "retry_outbox",
    "workday_dates",
    "unit_directory",
    "ui_ready",
    "alert_log",
    "unread_alert_count",
    "mark_alert_read",
    "mark_all_alerts_read",
    "alert_settings",
    "set_alert_settings",
    "duty_panel",
    "hand_over_duty",
    "take_duty_back",
    "desktop_prefs",
    "set_autostart",
    // The assessment (issue 16).
    "assessment_report",
    "assessment_trend",
    "export_assessment_xlsx",
];

/// Keeps the log file writer alive.
struct LogFiles(#[allow(dead_code)] desk_app::logging::LogGuard);

/// The OS keyring, or memory for this run (with the reason) when there is none.
fn open_vault() -> (Arc<dyn desk_app::vault::TokenVault>, Option<String>) {
    match desk_app::vault::KeyringVault::open() {
        Ok(v) => (Arc::new(v), None),
        Err(e) => {
            tracing::warn!(error = %e, "no OS keyring: tokens are kept for this run only");
            (
                Arc::new(desk_app::vault::MemoryVault::default()),
                Some(e.to_string()),
            )
        }
    }
}

#[tauri::command]
async fn sign_in(
    shell: State<'_, Shell>,
    server_url: String,
    username: String,
    password: String,
) -> Result<SignInOutcome, IpcError> {
    let outcome = shell
        .desk
        .sign_in(&server_url, &username, &Sensitive::new(password))
        .await?;
    shell.desk.flush_in_background();
    Ok(outcome)
}

#[tauri::command]
async fn sign_out(shell: State<'_, Shell>, wipe: bool) -> Result<(), IpcError> {
    Ok(shell.desk.sign_out(wipe).await?)
}

async fn open_desk(data_dir: PathBuf) -> Result<Shell, desk_app::AppError> {
    let ready_file = std::env::var_os("LIAISON_READY_FILE").map(PathBuf::from);
    let server = std::env::var("LIAISON_SERVER")
        .ok()
        .filter(|s| !s.is_empty());
    let token = std::env::var("LIAISON_TOKEN")
        .ok()
        .filter(|s| !s.is_empty());
    let demo = std::env::var("LIAISON_DEMO").is_ok_and(|v| v == "1");
    match (demo, server, token) {
        (false, Some(server), Some(token)) => {
            let desk = Desk::open(DeskOptions {
                data_dir,
                server_url: Some(server),
                token: Some(Sensitive::new(token)),
                demo: false,
                ca_bundle: std::env::var_os("LIAISON_CA_BUNDLE").map(PathBuf::from),
                ready_file,
                ..DeskOptions::default()
            })?;
            Ok(Shell {
                desk: Arc::new(desk),
                _sim: None,
            })
        }
        (false, server, _) => {
            // An officer's desk: the token from the last sign-in is in the OS keyring.
            let (vault, vault_problem) = open_vault();
            let desk = Desk::open(DeskOptions {
                data_dir,
                server_url: server,
                ready_file,
                vault: Some(vault),
                vault_problem,
                ca_bundle: std::env::var_os("LIAISON_CA_BUNDLE").map(PathBuf::from),
                ..DeskOptions::default()
            })?;
            Ok(Shell {
                desk: Arc::new(desk),
                _sim: None,
            })
        }
        (true, _, _) => {
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
    // Logs go to the data directory (rotated daily); the guard lives as long as the app.
    match desk_app::logging::init(&data_dir.join("logs"), "info") {
        Ok(guard) => {
            app.manage(LogFiles(guard));
        }
        Err(e) => eprintln!("liaison-desk: logs only on standard error: {e}"),
    }
    let shell = tauri::async_runtime::block_on(open_desk(data_dir))?;
    let handle = app.handle().clone();
    let alert_wake = Arc::new(tokio::sync::Notify::new());
    let wake_on_change = Arc::clone(&alert_wake);
    shell.desk.set_listener(Arc::new(move |event| {
        let sent = match event {
            DeskEvent::SyncStatus(status) => handle.emit(events::SYNC_STATUS, *status),
            DeskEvent::TicketsChanged => {
                // New or changed tickets may make alerts due: re-plan now.
                wake_on_change.notify_one();
                tray::refresh(&handle);
                handle.emit(events::TICKETS_CHANGED, ())
            }
        };
        if let Err(e) = sent {
            tracing::warn!(error = %e, "could not emit event to the webview");
        }
    }));
    tauri::async_runtime::spawn(shell.desk.clone().run_background_sync(SYNC_INTERVAL));
    alerts::start(
        app.handle().clone(),
        shell.desk.clone(),
        Arc::clone(&alert_wake),
    );
    app.manage(alerts::AlertWake(alert_wake));
    app.manage(shell);
    desktop::setup(app, &app.state::<Shell>().desk);
    Ok(())
}

/// Starts the app.
pub fn run() {
    let result = desktop::builder()
        .setup(setup)
        .invoke_handler(tauri::generate_handler![
            app_info,
            list_tickets,
            ticket_detail,
            reveal_phone,
            open_attachment,
            sign_in,
            sign_out,
            reply_workspace,
            save_reply_draft,
            resolve_draft_collision,
            draft_versions,
            restore_draft_version,
            send_reply,
            sync_status,
            sync_now,
            ack,
            request_extension,
            request_coordination,
            request_reassignment,
            submit_opinion,
            discard_outbox,
            retry_outbox,
            workday_dates,
            unit_directory,
            ui_ready,
            alerts::alert_log,
            alerts::unread_alert_count,
            alerts::mark_alert_read,
            alerts::mark_all_alerts_read,
            alerts::alert_settings,
            alerts::set_alert_settings,
            desktop::duty_panel,
            desktop::hand_over_duty,
            desktop::take_duty_back,
            desktop::desktop_prefs,
            desktop::set_autostart,
            // The assessment (issue 16).
            report::assessment_report,
            report::assessment_trend,
            report::export_assessment_xlsx
        ])
        .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(|handle, event| {
            // Decrypted copies of opened attachments do not outlive the app (issue 15).
            if let tauri::RunEvent::Exit = event
                && let Some(shell) = handle.try_state::<Shell>()
            {
                shell.desk.remove_opened_attachments();
            }
        }),
        Err(e) => {
            tracing::error!(error = %e, "the app stopped with an error");
            std::process::exit(1);
        }
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
