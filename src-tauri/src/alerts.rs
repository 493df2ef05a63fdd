//! Alerts in the shell: the notification centre's commands (one-line wrappers), and the
//! scheduler started with the desk, whose delivery shows each alert on the desktop
//! (`desk-notify`) and tells the webview to reload the notification centre; a click on
//! a notification (Linux: daemons with actions) opens the app on the alert's ticket. The
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

/// A click on an alert's desktop notification (where the platform reports clicks):
/// marks it read, shows the window and asks the UI to open the alert's (first) ticket.
fn on_click(handle: &tauri::AppHandle, desk: &Desk, alert: &AlertEntry) {
    if let Err(e) = desk.mark_alert_read(alert.id) {
        tracing::info!(error = %e, "clicked alert not marked read");
    }
    crate::tray::show_main(handle);
    let mut sent = handle.emit(events::ALERTS_CHANGED, ());
    if let Some(id) = alert.ticket_ids.first() {
        sent = sent.and(handle.emit(events::OPEN_TICKET, id));
    }
    if let Err(e) = sent {
        tracing::warn!(error = %e, "could not emit event to the webview");
    }
}

/// Starts the scheduler for `desk`; `wake` makes it re-plan at once.
pub(crate) fn start(handle: tauri::AppHandle, desk: Arc<Desk>, wake: Arc<Notify>) {
    let clicks = Arc::clone(&desk);
    let deliver: AlertDelivery = Arc::new(move |alerts: Vec<AlertEntry>| {
        for a in &alerts {
            let (handle, desk, clicked) = (handle.clone(), Arc::clone(&clicks), a.clone());
            let shown = desk_notify::deliver_clickable(
                &desk_notify::DesktopAlert {
                    title: a.title.clone(),
                    body: a.body.clone(),
                    urgency: a.urgency,
                },
                move || on_click(&handle, &desk, &clicked),
            );
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
