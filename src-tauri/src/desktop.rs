//! The app on the desktop (issue 6): single instance (starting it again shows the running
//! window), start with the desktop session (autostart, on unless the officer turned it
//! off), the tray (`tray.rs`), and the commands of the duty panel and the desktop
//! preferences (one-line wrappers around `desk-app`).
//!
//! The plugins are called from Rust only: the webview gets none of their commands
//! (`capabilities/default.json` grants none).

use crate::Shell;
use crate::tray;
use desk_app::Desk;
use desk_app::ipc::{DesktopPrefs, DutyPanel, IpcError, OutboxEntry};
use tauri::{AppHandle, State, Wry};
use tauri_plugin_autostart::{MacosLauncher, ManagerExt};

/// The builder with the desktop plugins and the close-to-tray behaviour. Single instance
/// comes first, so that a second start hands over before anything else is set up.
pub(crate) fn builder() -> tauri::Builder<Wry> {
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            tray::show_main(app)
        }))
        .plugin(tauri_plugin_autostart::init(
            MacosLauncher::LaunchAgent,
            None,
        ))
        .on_window_event(tray::on_window_event)
}

/// After the desk opened: applies the autostart preference and creates the tray. Neither
/// stops the app when the desktop cannot do it (no tray host, a read-only autostart
/// folder): the window and the alerts matter more.
pub(crate) fn setup(app: &tauri::App, desk: &Desk) {
    if let Err(e) = apply_autostart(app.handle(), desk) {
        tracing::warn!(error = %e, "autostart preference not applied");
    }
    if let Err(e) = tray::create(app) {
        tracing::warn!(error = %e, "no tray icon; the app runs without one");
    }
}

/// Why the autostart entry could not follow the preference.
#[derive(Debug, thiserror::Error)]
enum AutostartError {
    #[error(transparent)]
    Desk(#[from] desk_app::AppError),
    #[error(transparent)]
    Plugin(#[from] tauri_plugin_autostart::Error),
}

/// Makes the system's autostart entry follow the desk's preference (on at first start).
fn apply_autostart(app: &AppHandle, desk: &Desk) -> Result<(), AutostartError> {
    let want = desk.autostart_enabled()?;
    let launcher = app.autolaunch();
    let have = launcher.is_enabled()?;
    match (want, have) {
        (true, false) => Ok(launcher.enable()?),
        (false, true) => Ok(launcher.disable()?),
        _ => Ok(()),
    }
}

#[tauri::command]
pub(crate) async fn duty_panel(shell: State<'_, Shell>) -> Result<DutyPanel, IpcError> {
    Ok(shell.desk.duty_panel()?)
}

/// 我要请假/外出: queued, then sent in the background.
#[tauri::command]
pub(crate) async fn hand_over_duty(
    shell: State<'_, Shell>,
    until_ms: i64,
    note: String,
) -> Result<OutboxEntry, IpcError> {
    crate::queued(&shell, shell.desk.hand_over_duty(until_ms, &note).await)
}

/// 我已返岗: queued, then sent in the background.
#[tauri::command]
pub(crate) async fn take_duty_back(shell: State<'_, Shell>) -> Result<OutboxEntry, IpcError> {
    crate::queued(&shell, shell.desk.take_duty_back().await)
}

#[tauri::command]
pub(crate) async fn desktop_prefs(shell: State<'_, Shell>) -> Result<DesktopPrefs, IpcError> {
    Ok(shell.desk.desktop_prefs()?)
}

/// Saves the autostart preference and applies it to the system.
#[tauri::command]
pub(crate) async fn set_autostart(
    app: AppHandle,
    shell: State<'_, Shell>,
    enabled: bool,
) -> Result<DesktopPrefs, IpcError> {
    shell.desk.set_autostart_enabled(enabled)?;
    apply_autostart(&app, &shell.desk).map_err(|e| desk_app::AppError::Internal(e.to_string()))?;
    Ok(shell.desk.desktop_prefs()?)
}
