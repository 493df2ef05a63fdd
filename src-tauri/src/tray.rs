//! The tray icon (issue 6): the counts (待签收 / 即将超时 / 已超时 / 重办) as tooltip,
//! first menu line and label beside the icon, and the menu 打开 / 立即同步 / 暂停提醒
//! 1 小时 / 关于 / 退出. Closing the window hides it here: alerts keep coming until 退出.
//!
//! The text and the pause are `desk_app::desktop`'s; this file only wires them. Without
//! a tray host (a headless display, a desktop without StatusNotifier support) the icon
//! is simply not seen; the app runs the same, and starting it again shows the window
//! (single instance).

use crate::Shell;
use crate::alerts::AlertWake;
use desk_app::ipc::events;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime, Window, WindowEvent};

const TRAY_ID: &str = "liaison-desk";
const MAIN_WINDOW: &str = "main";

/// How often the counts are refreshed besides after each change of the cache: 即将超时
/// and 已超时 move with the clock alone.
const REFRESH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

/// The menu items whose text changes.
struct TrayItems<R: Runtime> {
    counts: MenuItem<R>,
    pause: MenuItem<R>,
}

/// Shows, unminimizes and focuses the main window (tray 打开, a second start).
pub(crate) fn show_main<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        return;
    };
    let shown = window
        .show()
        .and_then(|()| window.unminimize())
        .and_then(|()| window.set_focus());
    if let Err(e) = shown {
        tracing::warn!(error = %e, "could not show the main window");
    }
}

/// Closing the main window hides it to the tray; the app (and its alerts) keep running.
pub(crate) fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event
        && window.label() == MAIN_WINDOW
    {
        api.prevent_close();
        if let Err(e) = window.hide() {
            tracing::warn!(error = %e, "could not hide the main window");
        }
    }
}

/// Creates the tray icon and keeps its counts fresh.
pub(crate) fn create<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    let counts = MenuItem::with_id(app, "counts", "正在统计工单…", false, None::<&str>)?;
    let open = MenuItem::with_id(app, "open", "打开", true, None::<&str>)?;
    let sync = MenuItem::with_id(app, "sync", "立即同步", true, None::<&str>)?;
    let pause = MenuItem::with_id(app, "pause", "暂停提醒 1 小时", true, None::<&str>)?;
    let about = MenuItem::with_id(app, "about", "关于", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "退出", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &counts,
            &PredefinedMenuItem::separator(app)?,
            &open,
            &sync,
            &pause,
            &PredefinedMenuItem::separator(app)?,
            &about,
            &quit,
        ],
    )?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .menu(&menu)
        .tooltip("12345 联络员工作台")
        .show_menu_on_left_click(false)
        .on_menu_event(on_menu_event)
        .on_tray_icon_event(on_tray_icon_event);
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    app.manage(TrayItems { counts, pause });
    let handle = app.handle().clone();
    tauri::async_runtime::spawn(async move {
        let mut ticker = tokio::time::interval(REFRESH_INTERVAL);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            refresh(&handle);
        }
    });
    Ok(())
}

/// Re-reads the counts and the pause and shows them (after the cache changed, after a
/// pause was toggled, each minute).
pub(crate) fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let (Some(shell), Some(items), Some(tray)) = (
        app.try_state::<Shell>(),
        app.try_state::<TrayItems<R>>(),
        app.tray_by_id(TRAY_ID),
    ) else {
        return;
    };
    let status = match shell.desk.tray_status() {
        Ok(s) => s,
        Err(e) => {
            tracing::info!(error = %e, "tray counts not refreshed");
            return;
        }
    };
    let badge = Some(status.badge.as_str()).filter(|b| !b.is_empty());
    let shown = items
        .counts
        .set_text(&status.counts)
        .and_then(|()| items.pause.set_text(&status.pause_label))
        // A no-op on Linux, whose tray icons have no tooltip (the counts are in the menu).
        .and_then(|()| tray.set_tooltip(Some(&status.tooltip)))
        .and_then(|()| tray.set_title(badge));
    if let Err(e) = shown {
        tracing::info!(error = %e, "tray not updated");
    }
}

fn on_menu_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    match event.id().as_ref() {
        "open" => show_main(app),
        "sync" => {
            if let Some(shell) = app.try_state::<Shell>() {
                let desk = shell.desk.clone();
                tauri::async_runtime::spawn(async move {
                    // The outcome reaches the status bar through the desk's events.
                    let _ = desk.sync_now().await;
                });
            }
        }
        "pause" => {
            if let Some(shell) = app.try_state::<Shell>() {
                match shell.desk.toggle_alert_pause() {
                    Ok(paused) => tracing::info!(paused, "alert pause toggled from the tray"),
                    Err(e) => tracing::warn!(error = %e, "alert pause not changed"),
                }
            }
            // Re-plan now: a resume releases what the pause held.
            if let Some(wake) = app.try_state::<AlertWake>() {
                wake.0.notify_one();
            }
            refresh(app);
        }
        "about" => {
            show_main(app);
            crate::emit::<events::OpenAbout, R>(app, ());
        }
        "quit" => app.exit(0),
        _ => {}
    }
}

/// A left click on the icon opens the window (Windows, macOS; Linux shows the menu).
fn on_tray_icon_event<R: Runtime>(tray: &TrayIcon<R>, event: TrayIconEvent) {
    if let TrayIconEvent::Click {
        button: MouseButton::Left,
        button_state: MouseButtonState::Up,
        ..
    } = event
    {
        show_main(tray.app_handle());
    }
}
