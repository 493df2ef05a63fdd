//! Starting the real app under a display: the smoke test (`xtask test`) and the
//! interactive launch (`xtask run`).

use crate::util::{have, root};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use test_support::wait::{POLL, poll_for};
use test_support::xvfb::Display;
use test_support::{Guard, PrivateHome};

/// The debug build of the app.
pub fn app_binary() -> PathBuf {
    debug_binary("liaison-desk")
}

/// A binary of the workspace's debug build.
pub fn debug_binary(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("debug").join(name)
}

/// A private X server on a free display number.
fn start_xvfb() -> Result<Display> {
    if !have("Xvfb") {
        bail!("Xvfb is missing (Debian package xvfb)");
    }
    Display::start(Stdio::null())
}

struct RunningApp {
    app: Guard,
    ready_file: PathBuf,
    home: PrivateHome,
}

/// Where the started app keeps its data.
#[derive(Clone, Copy)]
pub enum DataDir {
    /// `<scratch>/data` (`LIAISON_DATA_DIR`).
    Scratch,
    /// The app's default, inside the private HOME (`$XDG_DATA_HOME/<app id>`): what an
    /// installed app uses.
    Default,
}

fn start_app(
    binary: &Path,
    display: &str,
    scratch: &Path,
    log: &Path,
    data_dir: DataDir,
) -> Result<RunningApp> {
    if !binary.exists() {
        bail!(
            "{} is not built (cargo build -p liaison-desk)",
            binary.display()
        );
    }
    let home = PrivateHome::create(scratch)?;
    let ready_file = scratch.join("ui-ready.json");
    let _ = std::fs::remove_file(&ready_file);
    let log_file = std::fs::File::create(log)?;
    let mut command = Command::new("dbus-run-session");
    command.arg("--").arg(binary);
    home.set_dirs(&mut command);
    match data_dir {
        DataDir::Scratch => command.env("LIAISON_DATA_DIR", scratch.join("data")),
        DataDir::Default => command.env_remove("LIAISON_DATA_DIR"),
    };
    let app = Guard::spawn(
        "liaison-desk",
        command
            .env("DISPLAY", display)
            .env("LIAISON_READY_FILE", &ready_file)
            .env("LIAISON_DEMO", "1")
            .env_remove("LIAISON_SERVER")
            .env_remove("LIAISON_TOKEN")
            .stdout(log_file.try_clone()?)
            .stderr(log_file),
    )?;
    Ok(RunningApp {
        app,
        ready_file,
        home,
    })
}

/// The smoke test: [`show`] the built app with its data in the scratch directory;
/// returns the screenshot (`target/smoke/list.png`).
pub fn run(binary: &Path) -> Result<PathBuf> {
    show(
        binary,
        &root().join("target/smoke"),
        "list.png",
        DataDir::Scratch,
    )
    .map(|s| s.screenshot)
}

/// What [`show`] saw.
pub struct Shown {
    /// Rows the UI reported rendered.
    pub rows: u64,
    /// The screenshot of the display.
    pub screenshot: PathBuf,
    /// The private HOME's root the app ran in (`<out>/run`); left for inspection.
    pub home: PrivateHome,
    /// The window's `WM_CLASS` as `xprop` prints it (instance and class).
    pub wm_class: String,
}

/// Starts the app in demo mode under Xvfb in a private HOME (`<out>/run`), waits until
/// the UI reports a rendered list of tickets and the window exists, and saves a
/// screenshot as `<out>/<shot>`. Fails if the app dies, the list stays empty, or nothing
/// shows within the time limit.
pub fn show(binary: &Path, out: &Path, shot: &str, data_dir: DataDir) -> Result<Shown> {
    let scratch = out.join("run");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)?;
    let log = out.join("app.log");
    let display = start_xvfb()?;
    let mut app = start_app(binary, &display.name, &scratch, &log, data_dir)?;
    let rows = poll_for(Duration::from_secs(180), POLL, || {
        if let Some(status) = app.app.exited() {
            bail!(
                "the app exited early ({status}); log: {}\n{}",
                log.display(),
                tail(&log)
            );
        }
        Ok(std::fs::read_to_string(&app.ready_file)
            .ok()
            .filter(|s| s.ends_with('\n')))
    })?
    .with_context(|| {
        format!(
            "the UI never reported a rendered list; log:\n{}",
            tail(&log)
        )
    })?;
    let rows: u64 = rows
        .trim()
        .trim_start_matches("{\"rows\":")
        .trim_end_matches('}')
        .parse()
        .with_context(|| format!("unexpected ready marker {rows:?}"))?;
    if rows == 0 {
        bail!(
            "the list rendered with no tickets: demo sync failed; log:\n{}",
            tail(&log)
        );
    }
    let window = Command::new("xdotool")
        .args(["search", "--name", "热线联络员工作台"])
        .env("DISPLAY", &display.name)
        .output()
        .context("xdotool")?;
    let window = String::from_utf8_lossy(&window.stdout);
    let Some(window) = window.split_whitespace().next() else {
        bail!("no window titled 热线联络员工作台 on {}", display.name);
    };
    let wm_class = Command::new("xprop")
        .args(["-id", window, "WM_CLASS"])
        .env("DISPLAY", &display.name)
        .output()
        .context("xprop (x11-utils)")?;
    let wm_class = String::from_utf8_lossy(&wm_class.stdout)
        .split_once(" = ")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    // The countdowns tick and fonts settle; one second later the picture is stable.
    std::thread::sleep(Duration::from_secs(1));
    let shot = out.join(shot);
    let status = Command::new("import")
        .args(["-display", &display.name, "-window", "root"])
        .arg(&shot)
        .status()
        .context("import (imagemagick)")?;
    if !status.success() {
        bail!("screenshot failed: {status}");
    }
    if let Some(status) = app.app.exited() {
        bail!(
            "the app died after rendering ({status}); log:\n{}",
            tail(&log)
        );
    }
    eprintln!(
        "{rows} tickets rendered; window found ({wm_class}); screenshot {}",
        shot.display()
    );
    Ok(Shown {
        rows,
        screenshot: shot,
        home: app.home.clone(),
        wm_class,
    })
}

/// `xtask run`: on a desktop, start the app on the user's display; headless, start it
/// under Xvfb and keep a screenshot fresh so there is something to look at.
pub fn launch_interactive(binary: &Path) -> Result<()> {
    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if has_display {
        let status = Command::new(binary)
            .env("LIAISON_DEMO", "1")
            .status()
            .context("starting the app")?;
        if !status.success() {
            bail!("the app exited with {status}");
        }
        return Ok(());
    }
    eprintln!("no DISPLAY: starting the app on a virtual display (Xvfb)");
    let out = root().join("target/run");
    std::fs::create_dir_all(&out)?;
    let display = start_xvfb()?;
    let log = out.join("app.log");
    let mut app = start_app(binary, &display.name, &out, &log, DataDir::Scratch)?;
    let shot = out.join("screen.png");
    let mut announced = false;
    loop {
        if let Some(status) = app.app.exited() {
            bail!("the app exited ({status}); log:\n{}", tail(&log));
        }
        if app.ready_file.exists() {
            let _ = Command::new("import")
                .args(["-display", &display.name, "-window", "root"])
                .arg(&shot)
                .status();
            if !announced {
                eprintln!(
                    "the app is running in demo mode on display {}; screenshot refreshed every 5 s at {}. Ctrl-C stops it.",
                    display.name,
                    shot.display()
                );
                announced = true;
            }
        }
        std::thread::sleep(Duration::from_secs(5));
    }
}

fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}
