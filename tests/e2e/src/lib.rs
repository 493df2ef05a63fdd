//! The end-to-end harness: the built app (`target/debug/liaison-desk`) in a real
//! WebKitGTK window on a private X server, driven through WebDriver (`tauri-driver` in
//! front of `WebKitWebDriver`) like an officer would drive it.
//!
//! Each test gets its own district simulator on `127.0.0.1:0`, its own temporary `HOME`
//! and data directory, its own Xvfb display, its own D-Bus session bus with a
//! notification daemon (dunst) and a Secret Service (gnome-keyring, unlocked) on it, and
//! its own `tauri-driver` on free ports. The app
//! is started by the WebDriver session; its environment (the simulator's URL, a token
//! from a real sign-in, the data directory) is set on `tauri-driver`, whose children
//! inherit it. Every process runs in its own process group and is ended when the test
//! ends, whether it passed, failed or panicked.
//!
//! Waits are on conditions with bounded timeouts. Screenshots go to `target/e2e/`, and
//! each test's driver and app output to `target/e2e/<test>.log`.
//!
//! Run with `cargo xtask e2e` (it installs `tauri-driver` and builds the app first).

pub mod procs;
pub mod tabs;
mod ui;

pub use ui::Row;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, FixedOffset};
use district_sim::{SimConfig, SimHandle};
use fantoccini::{Client, ClientBuilder};
use procs::{Guard, free_port, probe, wait_until};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::process::Stdio;
use std::time::Duration;
use test_support::xvfb::Display;

/// The longest a scenario's steps may take, startup excluded.
pub const SCENARIO_TIMEOUT: Duration = Duration::from_secs(180);
/// The usual wait for something to show in the UI.
pub const UI_WAIT: Duration = Duration::from_secs(30);

/// The simulated district of one test.
#[derive(Debug, Clone)]
pub struct Setup {
    pub seed: u64,
    pub tickets: usize,
    /// The simulator's clock at start; `None`: the real time.
    pub now: Option<DateTime<FixedOffset>>,
    /// Start without a token: the officer signs in through the app's sign-in screen
    /// (the token then goes to the gnome-keyring on the test's bus).
    pub sign_in_in_ui: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            seed: 42,
            tickets: 300,
            now: None,
            sign_in_in_ui: false,
        }
    }
}

/// The workspace's target directory.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    workspace_root().join("target")
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(2)
        .map_or(manifest.clone(), Path::to_path_buf)
}

/// Where screenshots and logs go: `target/e2e/`.
pub fn out_dir() -> PathBuf {
    target_dir().join("e2e")
}

/// A binary the suite runs: the path in `var`, or `name` in the debug build.
fn built_binary(var: &str, name: &str) -> Result<PathBuf> {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join(name));
    if !path.is_file() {
        bail!(
            "{} is not built: run `cargo xtask e2e` (it builds the app and the CLI, then runs this suite)",
            path.display()
        );
    }
    Ok(path)
}

/// The app under test: `LIAISON_E2E_APP`, or the debug build.
fn app_binary() -> Result<PathBuf> {
    built_binary("LIAISON_E2E_APP", "liaison-desk")
}

/// The `liaison` CLI (a second officer's desk in scenario 9): `LIAISON_E2E_CLI`, or the
/// debug build.
fn cli_binary() -> Result<PathBuf> {
    built_binary("LIAISON_E2E_CLI", "liaison")
}

/// How long one CLI command may take (a sign-in, a sync of a few hundred tickets).
pub const CLI_TIMEOUT: Duration = Duration::from_secs(60);

/// `tauri-driver`: `TAURI_DRIVER`, cargo's bin directory, or the PATH.
fn tauri_driver() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return Ok(PathBuf::from(path));
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(candidate) = cargo_home.map(|h| h.join("bin/tauri-driver"))
        && candidate.is_file()
    {
        return Ok(candidate);
    }
    let on_path = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("tauri-driver"))
        .find(|p| p.is_file());
    on_path.context(
        "tauri-driver is not installed: run `cargo xtask e2e` (it installs tauri-driver 2.1.0)",
    )
}

/// Signs in at the simulator as demo officer A, as the app's sign-in would.
async fn sign_in(sim: &SimHandle) -> Result<String> {
    let client = desk_sync::DistrictClient::new(&sim.base_url())?;
    let (user, password) = district_sim::DEMO_OFFICER_A;
    let login = client
        .login(user, &desk_sync::Sensitive::new(password.to_owned()))
        .await
        .context("signing in at the simulator")?;
    Ok(login.token)
}

/// Everything a test needs up to the app itself: the simulator, the display, the bus
/// with its notification daemon and Secret Service, and `tauri-driver` waiting for a
/// session.
pub struct Env {
    pub name: String,
    // Teardown order is declaration order: the driver (and with it the app) first.
    driver: Guard,
    _keyring: Guard,
    _dunst: Guard,
    _bus: Guard,
    _xvfb: Display,
    pub sim: SimHandle,
    display: String,
    bus_address: String,
    driver_url: String,
    log: PathBuf,
    scratch: tempfile::TempDir,
}

impl Env {
    /// Starts the simulator (and signs in at it), Xvfb, a D-Bus session bus with dunst and
    /// gnome-keyring on it, and `tauri-driver` with the app's environment.
    pub async fn start(name: &str, setup: Setup) -> Result<Env> {
        let out = out_dir();
        std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
        let log = out.join(format!("{name}.log"));
        let log_file = std::fs::File::create(&log)?;
        let scratch = tempfile::Builder::new().prefix("liaison-e2e-").tempdir()?;
        let home = scratch.path().join("home");
        let runtime = scratch.path().join("runtime");
        for dir in [&home, &runtime] {
            std::fs::create_dir_all(dir)?;
        }
        set_private(&runtime)?;

        let sim = district_sim::spawn(SimConfig {
            seed: setup.seed,
            tickets: setup.tickets,
            now: setup.now,
            control_api: true,
            ..SimConfig::default()
        })
        .await
        .context("starting the simulator")?;
        let token = sign_in(&sim).await?;

        // Xvfb picks a free display itself and prints its number once it accepts clients.
        let xvfb_log = log_file.try_clone()?;
        let xvfb = tokio::task::spawn_blocking(move || Display::start(xvfb_log.into()))
            .await
            .context("starting Xvfb panicked")??;
        let display = xvfb.name.clone();

        // A private session bus, its socket in the scratch directory.
        let mut bus = Guard::spawn(
            "dbus-daemon",
            Command::new("dbus-daemon")
                .arg("--session")
                .arg("--nofork")
                .arg("--print-address=1")
                .arg(format!(
                    "--address=unix:path={}",
                    scratch.path().join("bus").display()
                ))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(log_file.try_clone()?),
        )
        .context("dbus-daemon (Debian package dbus)")?;
        let bus_address = bus.first_line_async(Duration::from_secs(20)).await?;

        let dunst = Guard::spawn(
            "dunst",
            Command::new("dunst")
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("DISPLAY", &display)
                .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
                .env("HOME", &home)
                .env("XDG_CONFIG_HOME", home.join(".config"))
                .env("XDG_RUNTIME_DIR", &runtime)
                .stdin(Stdio::null())
                .stdout(log_file.try_clone()?)
                .stderr(log_file.try_clone()?),
        )
        .context("dunst (Debian package dunst)")?;
        let mut dunst = dunst;
        wait_until(
            "dunst to own org.freedesktop.Notifications",
            Duration::from_secs(20),
            async || {
                if let Some(status) = dunst.exited() {
                    bail!("dunst exited ({status}); see {}", log.display());
                }
                name_owned(&bus_address, "org.freedesktop.Notifications").await
            },
        )
        .await?;

        // The Secret Service a desktop has (the app keeps its sign-in there), with a
        // login keyring created and unlocked with a throwaway password.
        let mut keyring = Guard::spawn(
            "gnome-keyring-daemon",
            Command::new("gnome-keyring-daemon")
                .args(["--foreground", "--components=secrets", "--unlock"])
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
                .env("HOME", &home)
                .env("XDG_DATA_HOME", home.join(".local/share"))
                .env("XDG_RUNTIME_DIR", &runtime)
                .stdin(Stdio::piped())
                .stdout(log_file.try_clone()?)
                .stderr(log_file.try_clone()?),
        )
        .context("gnome-keyring-daemon (Debian package gnome-keyring)")?;
        keyring.write_stdin_and_close(b"e2e-keyring")?;
        wait_until(
            "gnome-keyring-daemon to own org.freedesktop.secrets",
            Duration::from_secs(20),
            async || {
                if let Some(status) = keyring.exited() {
                    bail!(
                        "gnome-keyring-daemon exited ({status}); see {}",
                        log.display()
                    );
                }
                name_owned(&bus_address, "org.freedesktop.secrets").await
            },
        )
        .await?;

        let port = free_port()?;
        let native_port = free_port()?;
        let data_dir = scratch.path().join("data");
        let mut driver = Guard::spawn(
            "tauri-driver",
            Command::new(tauri_driver()?)
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                // Only what the app and WebKit need: nothing of the caller's session
                // (no other display, bus, home or LIAISON_* settings) leaks in.
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("LANG", "C.UTF-8")
                .env("DISPLAY", &display)
                .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
                .env("HOME", &home)
                .env("XDG_CONFIG_HOME", home.join(".config"))
                .env("XDG_DATA_HOME", home.join(".local/share"))
                .env("XDG_CACHE_HOME", home.join(".cache"))
                .env("XDG_RUNTIME_DIR", &runtime)
                .env("LIAISON_SERVER", sim.base_url())
                .env(
                    if setup.sign_in_in_ui {
                        "LIAISON_NO_TOKEN"
                    } else {
                        "LIAISON_TOKEN"
                    },
                    &token,
                )
                .env("LIAISON_DATA_DIR", &data_dir)
                .env("LIAISON_LOG", "info")
                .stdin(Stdio::null())
                .stdout(log_file.try_clone()?)
                .stderr(log_file),
        )?;
        let driver_url = format!("http://127.0.0.1:{port}");
        let status_url = format!("{driver_url}/status");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()?;
        wait_until(
            "tauri-driver to answer /status",
            Duration::from_secs(30),
            async || {
                if let Some(status) = driver.exited() {
                    bail!("tauri-driver exited ({status}):\n{}", tail(&log, 20));
                }
                let Ok(response) = http.get(&status_url).send().await else {
                    return Ok(None);
                };
                let ready = response.status().is_success()
                    && response
                        .json::<serde_json::Value>()
                        .await
                        .is_ok_and(|v| v["value"]["ready"] != serde_json::Value::Bool(false));
                Ok(ready.then_some(()))
            },
        )
        .await?;
        if let Some(status) = dunst.exited() {
            bail!("dunst exited ({status})");
        }
        Ok(Env {
            name: name.to_owned(),
            driver,
            _keyring: keyring,
            _dunst: dunst,
            _bus: bus,
            _xvfb: xvfb,
            sim,
            display,
            bus_address,
            driver_url,
            log,
            scratch,
        })
    }

    /// The X display the app runs on.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// The address of the private session bus (notifications go there).
    pub fn bus_address(&self) -> &str {
        &self.bus_address
    }

    /// The app's data directory.
    pub fn data_dir(&self) -> PathBuf {
        self.scratch.path().join("data")
    }

    /// Runs the `liaison` CLI as another desk against this test's simulator, on its bus
    /// (so `login` keeps the token in the test's keyring) with its own data directory
    /// (`cli-<desk>`), `stdin` fed to it. Bounded by [`CLI_TIMEOUT`]; the process group
    /// is ended if it overruns. Returns what it printed on stdout; a failure exit is an
    /// error carrying both outputs.
    pub async fn cli(&self, desk: &str, args: &[&str], stdin: &str) -> Result<String> {
        let dir = self.scratch.path().join(format!("cli-{desk}"));
        let out_path = dir.with_extension("out");
        let err_path = dir.with_extension("err");
        let runtime = self.scratch.path().join("runtime");
        let home = self.scratch.path().join("home");
        let mut guard = Guard::spawn(
            &format!("liaison {}", args.join(" ")),
            Command::new(cli_binary()?)
                .arg("--server")
                .arg(self.sim.base_url())
                .args(args)
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("LANG", "C.UTF-8")
                .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
                .env("HOME", &home)
                .env("XDG_DATA_HOME", home.join(".local/share"))
                .env("XDG_RUNTIME_DIR", &runtime)
                .env("LIAISON_DATA_DIR", &dir)
                .stdin(Stdio::piped())
                .stdout(std::fs::File::create(&out_path)?)
                .stderr(std::fs::File::create(&err_path)?),
        )?;
        guard.write_stdin_and_close(stdin.as_bytes())?;
        let what = format!("`liaison {}` to finish", args.join(" "));
        let status = wait_until(&what, CLI_TIMEOUT, async || Ok(guard.exited())).await?;
        let out = std::fs::read_to_string(&out_path).unwrap_or_default();
        if !status.success() {
            let err = std::fs::read_to_string(&err_path).unwrap_or_default();
            bail!(
                "`liaison {}` failed ({status}):\n{out}\n{err}",
                args.join(" ")
            );
        }
        Ok(out)
    }

    /// Opens a WebDriver session, which starts the app, and returns once the window
    /// shows the workbench.
    pub async fn launch(mut self) -> Result<App> {
        let app = app_binary()?;
        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app, "args": [] },
        });
        let serde_json::Value::Object(caps) = caps else {
            bail!("capabilities are not an object");
        };
        let connect = async {
            ClientBuilder::rustls()
                .context("WebDriver client")?
                .capabilities(caps)
                .connect(&self.driver_url)
                .await
                .context("starting a WebDriver session (the app)")
        };
        let client = match tokio::time::timeout(Duration::from_secs(90), connect).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => return Err(e.context(tail(&self.log, 30))),
            Err(_) => bail!(
                "no WebDriver session within 90 s; log:\n{}",
                tail(&self.log, 30)
            ),
        };
        if let Some(status) = self.driver.exited() {
            bail!("tauri-driver exited ({status})");
        }
        let app = App { client, env: self };
        let opened = app
            .wait_text(
                ".ticket-tabs",
                "the workbench's filter tabs",
                UI_WAIT,
                |_| true,
            )
            .await;
        if let Err(e) = opened {
            let log = tail(&app.env.log, 30);
            return Err(e.context(format!("the app did not open; log:\n{log}")));
        }
        Ok(app)
    }
}

/// Desktop notifications sent on a test's bus, as `dbus-monitor` prints the
/// `org.freedesktop.Notifications.Notify` calls; the monitor ends with this value.
pub struct Notifications {
    _monitor: Guard,
    out: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Notifications {
    /// Everything the monitor printed so far.
    pub fn printed(&self) -> String {
        self.out.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The `Notify` calls seen so far, each as `dbus-monitor` printed it (the call line
    /// and its arguments: app name, id, icon, summary, body, ...).
    pub fn notify_calls(&self) -> Vec<String> {
        let printed = self.printed();
        let mut calls = Vec::new();
        let mut current: Option<String> = None;
        for line in printed.lines() {
            if !line.starts_with(' ') && !line.starts_with('\t') {
                calls.extend(current.take());
                if line.contains("member=Notify") {
                    current = Some(String::new());
                }
            }
            if let Some(call) = current.as_mut() {
                call.push_str(line);
                call.push('\n');
            }
        }
        calls.extend(current);
        calls
    }

    /// Waits until a `Notify` call satisfies `accept`, and returns it.
    pub async fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        accept: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let waited = wait_until(what, timeout, async || {
            Ok(self.notify_calls().into_iter().find(|c| accept(c)))
        })
        .await;
        waited
            .with_context(|| format!("the bus saw these notifications: {:?}", self.notify_calls()))
    }
}

impl Env {
    /// Starts watching the bus for desktop notifications; returns once the monitor is
    /// known to see calls to the notification daemon (a `Ping` sent to it came through).
    pub async fn watch_notifications(&self) -> Result<Notifications> {
        let mut monitor = Guard::spawn(
            "dbus-monitor",
            Command::new("dbus-monitor")
                .arg("--address")
                .arg(&self.bus_address)
                .arg("type='method_call',interface='org.freedesktop.Notifications',member='Notify'")
                .arg("type='method_call',interface='org.freedesktop.DBus.Peer',member='Ping',path='/e2e/ready'")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .context("dbus-monitor (Debian package dbus-bin)")?;
        let stdout = monitor.take_stdout()?;
        let out = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = std::sync::Arc::clone(&out);
        // A blocking reader on a thread of its own; it ends when the monitor is ended.
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Ok(mut s) = sink.lock() {
                    s.push_str(&line);
                    s.push('\n');
                }
            }
        });
        let notifications = Notifications {
            _monitor: monitor,
            out,
        };
        wait_until(
            "dbus-monitor to see calls",
            Duration::from_secs(20),
            async || {
                let mut cmd = Command::new("dbus-send");
                cmd.arg(format!("--bus={}", self.bus_address)).args([
                    "--print-reply",
                    "--reply-timeout=1000",
                    "--dest=org.freedesktop.Notifications",
                    "/e2e/ready",
                    "org.freedesktop.DBus.Peer.Ping",
                ]);
                let _ = probe(cmd, Duration::from_secs(5)).await?;
                Ok(notifications.printed().contains("/e2e/ready").then_some(()))
            },
        )
        .await?;
        Ok(notifications)
    }
}

/// The processes of the app binary whose environment names `data_dir` as the app's
/// data directory (this test's app, not another test's or the officer's own).
fn app_pids(data_dir: &Path) -> Result<Vec<u32>> {
    let binary = app_binary()?;
    let binary = binary.canonicalize().unwrap_or(binary);
    let wanted = format!("LIAISON_DATA_DIR={}", data_dir.display()).into_bytes();
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc")?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(exe) = std::fs::read_link(entry.path().join("exe")) else {
            continue;
        };
        // The same file (after a rebuild, the old one shows as "... (deleted)").
        let same = exe == binary
            || (exe.parent() == binary.parent()
                && exe.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    binary
                        .file_name()
                        .and_then(|b| b.to_str())
                        .is_some_and(|b| n.starts_with(b))
                }));
        if !same {
            continue;
        }
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if environ
            .split(|b| *b == 0)
            .any(|var| var == wanted.as_slice())
        {
            pids.push(pid);
        }
    }
    Ok(pids)
}

/// Whether process `pid` is gone (or a zombie no one reaped yet).
fn process_gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

/// Whether `name` has an owner on the bus at `address`.
async fn name_owned(address: &str, name: &str) -> Result<Option<()>> {
    let mut cmd = Command::new("dbus-send");
    cmd.arg(format!("--bus={address}")).args([
        "--print-reply",
        "--reply-timeout=2000",
        "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus.NameHasOwner",
    ]);
    cmd.arg(format!("string:{name}"));
    let (ok, out) = probe(cmd, Duration::from_secs(5)).await?;
    Ok((ok && out.contains("boolean true")).then_some(()))
}

fn set_private(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    Ok(())
}

/// The last `lines` lines of a log file.
pub fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// The running app with its WebDriver session, and everything around it.
pub struct App {
    pub client: Client,
    pub env: Env,
}

impl App {
    /// The simulator this app talks to.
    pub fn sim(&self) -> &SimHandle {
        &self.env.sim
    }

    /// Saves a screenshot of the window as `target/e2e/<stem>.png`, once the page has
    /// painted what the DOM holds now (WebKitGTK's snapshot is the last painted frame,
    /// which can lag the DOM: two animation frames later it does not).
    pub async fn screenshot(&self, stem: &str) -> Result<PathBuf> {
        let painted = self.client.execute_async(
            "const done = arguments[arguments.length - 1]; \
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            Vec::new(),
        );
        tokio::time::timeout(Duration::from_secs(10), painted)
            .await
            .context("the page painted no frame within 10 s")?
            .context("waiting for the page to paint")?;
        let png = self.client.screenshot().await.context("screenshot")?;
        let path = out_dir().join(format!("{stem}.png"));
        std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("e2e: screenshot {}", path.display());
        Ok(path)
    }

    /// Kills the app with SIGKILL, as a crash or a power cut would end it (nothing of its
    /// own runs on the way out), and returns once it is gone.
    pub async fn kill_app(&self) -> Result<()> {
        let data_dir = self.env.data_dir();
        let pids = app_pids(&data_dir)?;
        if pids.len() != 1 {
            bail!(
                "expected one app process on {}, found {pids:?}",
                data_dir.display()
            );
        }
        let pid = pids[0];
        let mut kill = Command::new("kill");
        kill.args(["-KILL", &pid.to_string()]);
        let (ok, _) = probe(kill, Duration::from_secs(5)).await?;
        if !ok {
            bail!("could not SIGKILL the app (pid {pid})");
        }
        wait_until(
            &format!("the app (pid {pid}) to die"),
            UI_WAIT,
            async || Ok(process_gone(pid).then_some(())),
        )
        .await?;
        eprintln!("e2e: killed the app (pid {pid}) with SIGKILL");
        Ok(())
    }

    /// Ends this WebDriver session (its app may be gone) and starts the app again in a
    /// new one: same data directory, simulator, display and bus.
    pub async fn relaunch(self) -> Result<App> {
        let App { client, env } = self;
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        env.launch().await
    }

    /// Ends the session and everything around it. On failure, keeps a screenshot
    /// (`target/e2e/<test>-failed.png`) and adds the end of the log to the error.
    pub async fn finish(self, outcome: Result<()>) -> Result<()> {
        let outcome = match outcome {
            Ok(()) => Ok(()),
            Err(e) => {
                let shot = self.screenshot(&format!("{}-failed", self.env.name)).await;
                let shot = shot.map_or_else(
                    |e| format!("no screenshot: {e:#}"),
                    |p| format!("screenshot: {}", p.display()),
                );
                Err(e.context(format!(
                    "{shot}; log {}:\n{}",
                    self.env.log.display(),
                    tail(&self.env.log, 30)
                )))
            }
        };
        let App { client, env } = self;
        // Ending the session closes the app; the guards then end what is left.
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        drop(env);
        outcome
    }
}

/// Runs one scenario: starts everything, lets `prepare` change the district before the
/// app starts, launches the app, runs `body` within [`SCENARIO_TIMEOUT`], and ends
/// everything whatever happened.
pub async fn scenario<P, B>(name: &str, setup: Setup, prepare: P, body: B) -> Result<()>
where
    P: AsyncFnOnce(&SimHandle) -> Result<()>,
    B: AsyncFnOnce(&App) -> Result<()>,
{
    let env = Env::start(name, setup).await?;
    prepare(&env.sim).await?;
    let app = env.launch().await?;
    let outcome = match tokio::time::timeout(SCENARIO_TIMEOUT, body(&app)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(anyhow!("{name}: not done within {SCENARIO_TIMEOUT:?}")),
    };
    app.finish(outcome).await
}

/// Runs a scenario across a crash: `before` runs on the app, which is then killed with
/// SIGKILL and started again on the same data directory; `after` runs on the new app
/// with what `before` returned. Each part within [`SCENARIO_TIMEOUT`]; everything ends
/// whatever happened.
pub async fn scenario_across_kill<T, B, A>(
    name: &str,
    setup: Setup,
    before: B,
    after: A,
) -> Result<()>
where
    B: AsyncFnOnce(&App) -> Result<T>,
    A: AsyncFnOnce(&App, T) -> Result<()>,
{
    let env = Env::start(name, setup).await?;
    let app = env.launch().await?;
    let first = match tokio::time::timeout(SCENARIO_TIMEOUT, before(&app)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(anyhow!(
            "{name}: not done before the kill within {SCENARIO_TIMEOUT:?}"
        )),
    };
    let value = match first {
        Ok(value) => value,
        Err(e) => return app.finish(Err(e)).await,
    };
    if let Err(e) = app.kill_app().await {
        return app.finish(Err(e)).await;
    }
    let app = app
        .relaunch()
        .await
        .context("starting the app again after the kill")?;
    let outcome = match tokio::time::timeout(SCENARIO_TIMEOUT, after(&app, value)).await {
        Ok(outcome) => outcome,
        Err(_) => Err(anyhow!(
            "{name}: not done after the restart within {SCENARIO_TIMEOUT:?}"
        )),
    };
    app.finish(outcome).await
}
