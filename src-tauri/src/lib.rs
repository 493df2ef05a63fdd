//! The Tauri shell of the liaison desk: window, command registration, event
//! forwarding. Every command is a one-line wrapper around a `desk-app` use case; no
//! logic lives here. `main.rs` only calls [`run`].
//!
//! Without configuration the app is an officer's desk: the sign-in screen, then the
//! token in the OS keyring. Environment: `LIAISON_DEMO=1` runs demo mode against the
//! embedded simulator; `LIAISON_SERVER` + `LIAISON_TOKEN` point the app at a district
//! without signing in (scripts, end-to-end tests); `LIAISON_CA_BUNDLE` adds a district
//! intranet's CA; `LIAISON_DATA_DIR` overrides the data directory; `LIAISON_READY_FILE`
//! is written when the UI has rendered its first list; `LIAISON_LOG` sets the log level;
//! `LIAISON_POLICY` names the system policy file (default `/etc/liaison-desk/policy.json`,
//! see `desk_app::policy`).

mod alerts;
#[cfg(test)]
#[path = "../build_stamp.rs"]
mod build_stamp;
mod commands;
mod desktop;
#[cfg(test)]
mod shell_tests;
mod tray;
mod updater;
#[cfg(test)]
mod updater_tests;

use desk_app::ipc::events;
use desk_app::ipc::events::DeskEvent as IpcEvent;
use desk_app::{Desk, DeskEvent, DeskOptions, Sensitive};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// This binary's build stamp for 关于: the version, and the date and commit `build.rs`
/// captured (`unknown` when it could not tell).
const BUILD: desk_app::about::BuildStamp = desk_app::about::BuildStamp {
    version: env!("CARGO_PKG_VERSION"),
    build_date: env!("LIAISON_BUILD_DATE"),
    commit: env!("LIAISON_BUILD_COMMIT"),
};

/// How often the background sync runs.
const SYNC_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

struct Shell {
    desk: Arc<Desk>,
    /// Keeps the embedded simulator alive in demo mode.
    _sim: Option<district_sim::SimHandle>,
}

/// How the app was started: read from the environment by [`run`], built by hand in the
/// shell's tests.
#[derive(Debug, Clone, Default)]
struct Launch {
    /// `LIAISON_DATA_DIR`; else the platform's app data directory.
    data_dir: Option<PathBuf>,
    /// `LIAISON_DEMO=1`.
    demo: bool,
    /// `LIAISON_SERVER`.
    server: Option<String>,
    /// `LIAISON_TOKEN`.
    token: Option<String>,
    /// `LIAISON_CA_BUNDLE`.
    ca_bundle: Option<PathBuf>,
    /// `LIAISON_READY_FILE`.
    ready_file: Option<PathBuf>,
    /// Tokens in the OS keyring; without it, in memory for this run (the tests).
    keyring: bool,
    /// The system policy (`/etc/liaison-desk/policy.json`, or `LIAISON_POLICY`).
    policy: desk_app::policy::Policy,
    /// Why the policy file is unusable: the app starts and says so instead of the
    /// sign-in form.
    policy_problem: Option<String>,
    /// The updater's public key (built in; the tests give their test key).
    updater_pubkey: String,
    /// The desktop's side of setup: autostart and the tray (not in the tests, whose
    /// builder has no desktop plugins).
    desktop: bool,
}

impl Launch {
    fn from_env() -> Launch {
        let non_empty = |name: &str| std::env::var(name).ok().filter(|s| !s.is_empty());
        let policy_file = desk_app::policy::path_from_env();
        let (policy, policy_problem) = match desk_app::policy::load(&policy_file) {
            Ok(p) => (p, None),
            Err(e) => {
                eprintln!("liaison-desk: {e}");
                (desk_app::policy::Policy::default(), Some(e.for_officer()))
            }
        };
        Launch {
            policy,
            policy_problem,
            updater_pubkey: updater::BUILT_IN_PUBKEY.unwrap_or_default().to_owned(),
            data_dir: std::env::var_os("LIAISON_DATA_DIR").map(PathBuf::from),
            demo: std::env::var("LIAISON_DEMO").is_ok_and(|v| v == "1"),
            server: non_empty("LIAISON_SERVER"),
            token: non_empty("LIAISON_TOKEN"),
            ca_bundle: std::env::var_os("LIAISON_CA_BUNDLE").map(PathBuf::from),
            ready_file: std::env::var_os("LIAISON_READY_FILE").map(PathBuf::from),
            keyring: true,
            desktop: true,
        }
    }
}

/// Emits event `E` to the webview; the payload's type is the event's declared one.
fn emit<E: IpcEvent, R: Runtime>(app: &AppHandle<R>, payload: E::Payload) {
    if let Err(e) = app.emit(E::NAME, payload) {
        tracing::warn!(error = %e, event = E::NAME, "could not emit event to the webview");
    }
}

/// The updater's public key as given to the plugin (empty: none built in).
struct UpdaterKey(String);

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

async fn open_desk(data_dir: PathBuf, launch: &Launch) -> Result<Shell, desk_app::AppError> {
    let ready_file = launch.ready_file.clone();
    let ca_bundle = launch.ca_bundle.clone();
    match (launch.demo, launch.server.clone(), launch.token.clone()) {
        (false, Some(server), Some(token)) => {
            let desk = Desk::open(DeskOptions {
                data_dir,
                server_url: Some(server),
                token: Some(Sensitive::new(token)),
                demo: false,
                ca_bundle,
                ready_file,
                policy: launch.policy.clone(),
                policy_problem: launch.policy_problem.clone(),
                ..DeskOptions::default()
            })?;
            Ok(Shell {
                desk: Arc::new(desk),
                _sim: None,
            })
        }
        (false, server, _) => {
            // An officer's desk: the token from the last sign-in is in the OS keyring.
            let (vault, vault_problem) = if launch.keyring {
                open_vault()
            } else {
                let memory: Arc<dyn desk_app::vault::TokenVault> =
                    Arc::new(desk_app::vault::MemoryVault::default());
                (memory, None)
            };
            let desk = Desk::open(DeskOptions {
                data_dir,
                server_url: server,
                ready_file,
                vault: Some(vault),
                vault_problem,
                ca_bundle,
                policy: launch.policy.clone(),
                policy_problem: launch.policy_problem.clone(),
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

fn setup<R: Runtime>(
    app: &mut tauri::App<R>,
    launch: &Launch,
) -> Result<(), Box<dyn std::error::Error>> {
    let data_dir = match &launch.data_dir {
        Some(dir) => dir.clone(),
        None => app.path().app_data_dir()?,
    };
    // Logs go to the data directory (rotated daily); the guard lives as long as the app.
    match desk_app::logging::init(&data_dir.join("logs"), "info") {
        Ok(guard) => {
            app.manage(LogFiles(guard));
        }
        Err(e) => eprintln!("liaison-desk: logs only on standard error: {e}"),
    }
    let shell = tauri::async_runtime::block_on(open_desk(data_dir, launch))?;
    let handle = app.handle().clone();
    let alert_wake = Arc::new(tokio::sync::Notify::new());
    let wake_on_change = Arc::clone(&alert_wake);
    shell.desk.set_listener(Arc::new(move |event| match event {
        DeskEvent::SyncStatus(status) => emit::<events::SyncStatus, R>(&handle, *status),
        DeskEvent::TicketsChanged => {
            // New or changed tickets may make alerts due: re-plan now.
            wake_on_change.notify_one();
            tray::refresh(&handle);
            emit::<events::TicketsChanged, R>(&handle, ());
        }
    }));
    tauri::async_runtime::spawn(shell.desk.clone().run_background_sync(SYNC_INTERVAL));
    alerts::start(
        app.handle().clone(),
        shell.desk.clone(),
        Arc::clone(&alert_wake),
    );
    app.manage(alerts::AlertWake(alert_wake));
    if let Some(problem) = &launch.policy_problem {
        tracing::error!(problem = %problem, "the system policy is unusable");
    }
    if !launch.demo {
        updater::start_daily(app.handle().clone(), shell.desk.clone());
    }
    app.manage(shell);
    if launch.desktop {
        desktop::setup(app, &app.state::<Shell>().desk);
    }
    Ok(())
}

/// The app on any runtime (the real one in [`run`], the mock one in the tests): setup
/// and every declared command.
fn app<R: Runtime>(builder: tauri::Builder<R>, launch: Launch) -> tauri::Builder<R> {
    let pubkey = launch.updater_pubkey.clone();
    builder
        .plugin(updater::plugin(&pubkey))
        .manage(UpdaterKey(pubkey))
        .manage(updater::Pending::default())
        .setup(move |app| setup(app, &launch))
        .invoke_handler(commands::handler())
}

/// Decrypted copies of opened attachments do not outlive the app (issue 15).
fn on_run_event<R: Runtime>(handle: &AppHandle<R>, event: tauri::RunEvent) {
    if let tauri::RunEvent::Exit = event
        && let Some(shell) = handle.try_state::<Shell>()
    {
        shell.desk.remove_opened_attachments();
    }
}

/// Starts the app.
pub fn run() {
    let result = app(
        desktop::builder(tauri::Builder::default()),
        Launch::from_env(),
    )
    .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(on_run_event),
        Err(e) => {
            tracing::error!(error = %e, "the app stopped with an error");
            std::process::exit(1);
        }
    }
}
