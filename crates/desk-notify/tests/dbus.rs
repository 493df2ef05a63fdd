//! A real notification on a private D-Bus session bus: a notification daemon (dunst, on
//! its own virtual display) receives it with the title, body and urgency the officer
//! would see. Needs `Xvfb`, `dbus-daemon` and `dunst` (installed by `cargo xtask test`).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Child processes killed (by their own handle) when the test ends, pass or fail.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for c in self.0.iter_mut().rev() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Starts `cmd` and returns its first line of standard output (what it prints once it
/// is ready: the display number, the bus address).
fn start_and_read_line(mut cmd: Command, children: &mut Children) -> String {
    let program = format!("{:?}", cmd.get_program());
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} starts (install it: cargo xtask test does): {e}"));
    let stdout = child.stdout.take().expect("piped stdout");
    children.0.push(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("reads the ready line");
    assert!(!line.trim().is_empty(), "{program} printed nothing");
    line.trim().to_owned()
}

fn bus_command(program: &str, bus: &str, config: &std::path::Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config);
    cmd
}

/// A private desktop: a virtual display, a session bus and dunst owning the
/// notifications name on it (each urgency formats differently, so the daemon's own
/// rendering tells which level it received).
struct Desktop {
    // Dropped first (fields drop in order): the children go before their config.
    _children: Children,
    home: tempfile::TempDir,
    bus: String,
}

impl Desktop {
    fn start() -> Desktop {
        let mut children = Children(Vec::new());
        let home = tempfile::tempdir().expect("temp home");
        std::fs::create_dir_all(home.path().join("dunst")).expect("config dir");
        std::fs::write(
            home.path().join("dunst/dunstrc"),
            "[urgency_low]\n    format = \"LOW %s\"\n\
             [urgency_normal]\n    format = \"NORMAL %s\"\n\
             [urgency_critical]\n    format = \"CRITICAL %s\"\n",
        )
        .expect("dunstrc");

        let mut xvfb = Command::new("Xvfb");
        xvfb.args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "640x480x24",
            "-nolisten",
            "tcp",
        ]);
        let display = format!(":{}", start_and_read_line(xvfb, &mut children));

        let mut daemon = Command::new("dbus-daemon");
        daemon.args(["--session", "--nofork", "--print-address=1"]);
        let bus = start_and_read_line(daemon, &mut children);

        let dunst = bus_command("dunst", &bus, home.path())
            .env("DISPLAY", &display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst starts");
        children.0.push(dunst);

        // Wait (bounded) until the daemon owns the notifications name on our bus.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let out = bus_command("dbus-send", &bus, home.path())
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.Notifications",
                ])
                .output()
                .expect("dbus-send runs");
            if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "dunst never took org.freedesktop.Notifications"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Desktop {
            _children: children,
            home,
            bus,
        }
    }

    fn command(&self, program: &str) -> Command {
        bus_command(program, &self.bus, self.home.path())
    }

    /// `dunstctl` on this desktop's bus.
    fn ctl(&self, args: &[&str]) -> std::process::Output {
        self.command("dunstctl")
            .args(args)
            .output()
            .expect("dunstctl runs")
    }
}

#[test]
fn an_alert_reaches_the_notification_daemon_with_its_title_body_and_urgency() {
    let desktop = Desktop::start();
    let title = "工单已超时";
    let body = "TQ20261128000123  小区门口路灯不亮  已超时 2小时";
    let mut send = desktop
        .command(env!("CARGO_BIN_EXE_desk-notify"))
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("desk-notify starts");
    let input = serde_json::json!({"title": title, "body": body, "urgency": "critical"});
    send.stdin
        .take()
        .expect("piped stdin")
        .write_all(input.to_string().as_bytes())
        .expect("writes the alert");
    let sent = send.wait_with_output().expect("desk-notify ends");
    assert!(
        sent.status.success(),
        "delivery failed: {}",
        String::from_utf8_lossy(&sent.stderr)
    );

    // What the daemon received: close it, then read the daemon's history (JSON).
    assert!(desktop.ctl(&["close-all"]).status.success());
    let history = desktop.ctl(&["history"]);
    let history: serde_json::Value =
        serde_json::from_slice(&history.stdout).expect("dunstctl history is JSON");
    let shown = history["data"][0]
        .as_array()
        .expect("a list of notifications");
    assert_eq!(shown.len(), 1, "{history:#}");
    let n = &shown[0];
    assert_eq!(n["summary"]["data"], title, "{n:#}");
    assert_eq!(n["body"]["data"], body, "{n:#}");
    assert_eq!(n["message"]["data"], format!("CRITICAL {title}"), "{n:#}");
    assert_eq!(n["appname"]["data"], desk_notify::APP_NAME);
}

#[test]
fn a_click_on_the_notification_reaches_the_app() {
    let desktop = Desktop::start();
    let mut send = desktop
        .command(env!("CARGO_BIN_EXE_desk-notify"))
        .arg("--wait-click")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("desk-notify starts");
    let input = serde_json::json!({
        "title": "工单即将超时",
        "body": "TQ20261128000123  小区门口路灯不亮  剩余 1小时",
        "urgency": "normal"
    });
    send.stdin
        .take()
        .expect("piped stdin")
        .write_all(input.to_string().as_bytes())
        .expect("writes the alert");
    let mut out = BufReader::new(send.stdout.take().expect("piped stdout"));
    let mut line = String::new();
    out.read_line(&mut line).expect("reads");
    assert_eq!(line.trim(), "shown");

    // The officer clicks it (dunst's default action on the topmost notification).
    let clicked = desktop.ctl(&["action", "0"]);
    assert!(
        clicked.status.success(),
        "{}",
        String::from_utf8_lossy(&clicked.stderr)
    );
    line.clear();
    out.read_line(&mut line).expect("reads");
    assert_eq!(line.trim(), "clicked");
    assert!(send.wait().expect("desk-notify ends").success());
}
