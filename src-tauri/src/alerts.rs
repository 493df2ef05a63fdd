//! Alerts in the shell: the notification centre's commands (one-line wrappers), and the
//! scheduler started with the desk, whose delivery shows each alert on the desktop
//! (`desk-notify`) and tells the webview to reload the notification centre. The
//! scheduling itself is `Desk::run_alert_scheduler`.

use crate::Shell;
use desk_app::Desk;
use desk_app::alerts::AlertDelivery;
use desk_app::ipc::{AlertEntry, AlertPrefs, IpcError, events};
use std::sync::Arc;
use tauri::{Emitter, State};
use tokio::sync::Notify;

/// Wakes the alert scheduler early (a sync changed the cache, the settings changed).
pub(crate) struct AlertWake(pub(crate) Arc<Notify>);

#[tauri::command]
pub(crate) async fn alert_log(shell: State<'_, Shell>) -> Result<Vec<AlertEntry>, IpcError> {
    Ok(shell.desk.alert_log()?)
}

#[tauri::command]
pub(crate) async fn unread_alert_count(shell: State<'_, Shell>) -> Result<i64, IpcError> {
    Ok(shell.desk.unread_alert_count()?)
}

#[tauri::command]
pub(crate) async fn mark_alert_read(shell: State<'_, Shell>, id: i64) -> Result<(), IpcError> {
    Ok(shell.desk.mark_alert_read(id)?)
}

#[tauri::command]
pub(crate) async fn mark_all_alerts_read(shell: State<'_, Shell>) -> Result<(), IpcError> {
    Ok(shell.desk.mark_all_alerts_read()?)
}

#[tauri::command]
pub(crate) async fn alert_settings(shell: State<'_, Shell>) -> Result<AlertPrefs, IpcError> {
    Ok(shell.desk.alert_settings()?)
}

#[tauri::command]
pub(crate) async fn set_alert_settings(
    shell: State<'_, Shell>,
    wake: State<'_, AlertWake>,
    settings: AlertPrefs,
) -> Result<(), IpcError> {
    shell.desk.set_alert_settings(&settings)?;
    wake.0.notify_one();
    Ok(())
}

/// Starts the scheduler for `desk`; `wake` makes it re-plan at once.
pub(crate) fn start(handle: tauri::AppHandle, desk: Arc<Desk>, wake: Arc<Notify>) {
    let deliver: AlertDelivery = Arc::new(move |alerts: Vec<AlertEntry>| {
        for a in &alerts {
            let shown = desk_notify::deliver(&desk_notify::DesktopAlert {
                title: a.title.clone(),
                body: a.body.clone(),
                urgency: a.urgency,
            });
            // Not shown on the desktop is not lost: it is in the notification centre.
            if let Err(e) = shown {
                tracing::warn!(error = %e, "desktop notification not shown");
            }
        }
        if let Err(e) = handle.emit(events::ALERTS_CHANGED, ()) {
            tracing::warn!(error = %e, "could not emit event to the webview");
        }
    });
    tauri::async_runtime::spawn(desk.run_alert_scheduler(wake, deliver));
}
