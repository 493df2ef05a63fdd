//! The app on the desktop (issue 6): single instance (starting it again shows the running
//! window), start with the desktop session (autostart, on unless the officer turned it
//! off) and the tray (`tray.rs`). The duty panel's and the desktop preferences'
//! commands are in `commands.rs`.
//!
//! The plugins are called from Rust only: the webview gets none of their commands
//! (`capabilities/default.json` grants none).

use crate::tray;
use desk_app::Desk;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::{AutoLaunchManager, MacosLauncher};

/// The builder with the desktop plugins and the close-to-tray behaviour. Single instance
/// comes first, so that a second start hands over before anything else is set up.
pub(crate) fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
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
pub(crate) fn setup<R: Runtime>(app: &tauri::App<R>, desk: &Desk) {
    if let Err(e) = apply_autostart(app.handle(), desk) {
        tracing::warn!(error = %e, "autostart preference not applied");
    }
    if let Err(e) = tray::create(app) {
        tracing::warn!(error = %e, "no tray icon; the app runs without one");
    }
}

/// Why the autostart entry could not follow the preference.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AutostartError {
    #[error("the autostart plugin is not installed")]
    NoPlugin,
    #[error(transparent)]
    Desk(#[from] desk_app::AppError),
    #[error(transparent)]
    Plugin(#[from] tauri_plugin_autostart::Error),
}

/// Makes the system's autostart entry follow the desk's preference (on at first start).
pub(crate) fn apply_autostart<R: Runtime>(
    app: &AppHandle<R>,
    desk: &Desk,
) -> Result<(), AutostartError> {
    let want = desk.autostart_enabled()?;
    let launcher = app
        .try_state::<AutoLaunchManager>()
        .ok_or(AutostartError::NoPlugin)?;
    let have = launcher.is_enabled()?;
    match (want, have) {
        (true, false) => Ok(launcher.enable()?),
        (false, true) => Ok(launcher.disable()?),
        _ => Ok(()),
    }
}
