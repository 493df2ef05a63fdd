//! `desk-notify`: shows one notification given as JSON on standard input
//! (`{"title": "...", "body": "...", "urgency": "low" | "normal" | "critical"}`), the way
//! the app shows alerts. For checking a desktop's notification setup, and for the
//! delivery test, which runs it on a private session bus. With `--wait-click` it prints
//! `shown`, then `clicked` once the notification is clicked (exit 3 when it is closed
//! unclicked or the daemon reports no clicks).

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("desk-notify: {e}");
        return ExitCode::from(2);
    }
    let alert: desk_notify::DesktopAlert = match serde_json::from_str(&input) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("desk-notify: 输入不是有效的通知 JSON: {e}");
            return ExitCode::from(2);
        }
    };
    if std::env::args().skip(1).any(|a| a == "--wait-click") {
        return wait_click(&alert);
    }
    match desk_notify::deliver(&alert) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("desk-notify: {e}");
            ExitCode::from(1)
        }
    }
}

/// Shows `alert` clickable and waits until it is clicked or closed.
fn wait_click(alert: &desk_notify::DesktopAlert) -> ExitCode {
    use std::io::Write;
    let (tx, rx) = std::sync::mpsc::channel();
    let shown = desk_notify::deliver_clickable(alert, move || {
        let _ = tx.send(());
    });
    if let Err(e) = shown {
        eprintln!("desk-notify: {e}");
        return ExitCode::from(1);
    }
    let mut out = std::io::stdout();
    let _ = writeln!(out, "shown").and_then(|()| out.flush());
    match rx.recv() {
        Ok(()) => {
            let _ = writeln!(out, "clicked").and_then(|()| out.flush());
            ExitCode::SUCCESS
        }
        Err(_) => {
            eprintln!("desk-notify: 通知已关闭，未被点击");
            ExitCode::from(3)
        }
    }
}
