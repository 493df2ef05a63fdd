//! Alerts in the shell: the scheduler started with the desk, whose delivery shows each alert on the desktop
//! (`desk-notify`) and tells the webview to reload the notification centre; a click on
//! a notification (Linux: daemons with actions) opens the app on the alert's ticket, or a
//! digest's on the list filtered to its tickets. The
//! scheduling itself is `Desk::run_alert_scheduler`.

use crate::emit;
use desk_app::Desk;
use desk_app::alerts::AlertDelivery;
use desk_app::ipc::{AlertEntry, events};
use std::sync::Arc;
use tauri::{AppHandle, Runtime};
use tokio::sync::Notify;

/// Wakes the alert scheduler early (a sync changed the cache, the settings changed).
pub(crate) struct AlertWake(pub(crate) Arc<Notify>);

/// A click on an alert's desktop notification (where the platform reports clicks):
/// marks it read, shows the window and asks the UI to open the alert's (first) ticket.
fn on_click<R: Runtime>(handle: &AppHandle<R>, desk: &Desk, alert: &AlertEntry) {
    if let Err(e) = desk.mark_alert_read(alert.id) {
        tracing::info!(error = %e, "clicked alert not marked read");
    }
    crate::tray::show_main(handle);
    emit::<events::AlertsChanged, R>(handle, ());
    if alert.ticket_ids.len() > 1 {
        // A digest opens the list filtered to exactly its tickets.
        emit::<events::OpenAlert, R>(handle, alert.clone());
    } else if let Some(id) = alert.ticket_ids.first() {
        emit::<events::OpenTicket, R>(handle, id.clone());
    }
}

/// Starts the scheduler for `desk`; `wake` makes it re-plan at once.
pub(crate) fn start<R: Runtime>(handle: AppHandle<R>, desk: Arc<Desk>, wake: Arc<Notify>) {
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
        emit::<events::AlertsChanged, R>(&handle, ());
    });
    tauri::async_runtime::spawn(desk.run_alert_scheduler(wake, deliver));
}
