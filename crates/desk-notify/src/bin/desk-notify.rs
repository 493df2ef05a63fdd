//! `desk-notify`: shows one notification given as JSON on standard input
//! (`{"title": "...", "body": "...", "urgency": "low" | "normal" | "critical"}`), the way
//! the app shows alerts. For checking a desktop's notification setup, and for the
//! delivery test, which runs it on a private session bus.

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
    match desk_notify::deliver(&alert) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("desk-notify: {e}");
            ExitCode::from(1)
        }
    }
}
