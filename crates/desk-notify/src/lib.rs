//! Shows the desk's alerts as native desktop notifications, through notify-rust
//! (freedesktop notifications over D-Bus on Linux). Kept out of `src-tauri` so that it
//! can be tested against a real notification daemon without a webview, and out of
//! `desk-app` so that the CLI and the headless crates do not link a D-Bus client.
//!
//! The text is plain: when the daemon renders markup (it advertises `body-markup`),
//! `<`, `>` and `&` are escaped, so a citizen's words can never become markup.

use desk_domain::alerts::AlertUrgency;

/// The application name daemons show and group by.
pub const APP_NAME: &str = "12345 联络员工作台";

/// A notification to show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DesktopAlert {
    /// Plain text.
    pub title: String,
    /// Plain text.
    pub body: String,
    /// Mapped to the platform's levels (freedesktop: low, normal, critical).
    pub urgency: AlertUrgency,
}

/// Why a notification could not be shown.
#[derive(Debug, thiserror::Error)]
#[error("无法显示桌面通知: {0}")]
pub struct NotifyError(String);

/// Escapes the three characters that markup-rendering daemons interpret.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether the session's notification daemon renders markup in what it shows.
#[cfg(all(unix, not(target_os = "macos")))]
fn daemon_renders_markup() -> bool {
    // Unknown capabilities: escape, since showing `&lt;` beats rendering a citizen's tag.
    notify_rust::get_capabilities().map_or(true, |caps| caps.iter().any(|c| c == "body-markup"))
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn daemon_renders_markup() -> bool {
    false
}

/// The action a click on a notification invokes (freedesktop's "default" action: a click
/// on the notification's body).
pub const OPEN_ACTION: &str = "default";

/// Shows `alert` on the desktop. Returns once the notification daemon accepted it.
pub fn deliver(alert: &DesktopAlert) -> Result<(), NotifyError> {
    notification(alert)
        .show()
        .map(|_| ())
        .map_err(|e| NotifyError(e.to_string()))
}

/// Shows `alert` like [`deliver`]; where the platform reports clicks (a freedesktop
/// daemon that advertises `actions`), a background thread waits for one and calls
/// `on_click` (opening the app on the alert's ticket). Without action support the
/// notification is shown the same and `on_click` is dropped unused. Returns once the
/// daemon accepted the notification, never waiting for the click.
pub fn deliver_clickable<F>(alert: &DesktopAlert, on_click: F) -> Result<(), NotifyError>
where
    F: FnOnce() + Send + 'static,
{
    #[cfg(all(unix, not(target_os = "macos")))]
    if notify_rust::get_capabilities().is_ok_and(|caps| caps.iter().any(|c| c == "actions")) {
        let handle = notification(alert)
            .action(OPEN_ACTION, "打开工单")
            .show()
            .map_err(|e| NotifyError(e.to_string()))?;
        // Blocks until the notification is clicked or closed (a critical one stays until
        // dismissed): a thread of its own, so deliveries never wait on the officer.
        let waiting = std::thread::Builder::new()
            .name("notification-click".to_owned())
            .spawn(move || {
                handle.wait_for_action(|action| {
                    if action == OPEN_ACTION {
                        on_click();
                    }
                });
            });
        if let Err(e) = waiting {
            return Err(NotifyError(format!("通知已显示，但无法等待点击: {e}")));
        }
        return Ok(());
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    drop(on_click);
    deliver(alert)
}

/// The notification for `alert`: plain text (escaped where the daemon renders markup),
/// the app's name, urgency.
fn notification(alert: &DesktopAlert) -> notify_rust::Notification {
    let (title, body) = if daemon_renders_markup() {
        (escape_markup(&alert.title), escape_markup(&alert.body))
    } else {
        (alert.title.clone(), alert.body.clone())
    };
    let mut n = notify_rust::Notification::new();
    n.appname(APP_NAME).summary(&title).body(&body);
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        n.urgency(match alert.urgency {
            AlertUrgency::Low => notify_rust::Urgency::Low,
            AlertUrgency::Normal => notify_rust::Urgency::Normal,
            AlertUrgency::Critical => notify_rust::Urgency::Critical,
        });
        // Critical ones stay until dismissed (the daemon decides for the others).
        if alert.urgency == AlertUrgency::Critical {
            n.timeout(notify_rust::Timeout::Never);
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_chinese_is_kept() {
        assert_eq!(
            escape_markup("TQ1 <b>路灯</b> & 噪音"),
            "TQ1 &lt;b&gt;路灯&lt;/b&gt; &amp; 噪音"
        );
        assert_eq!(escape_markup("已超时 剩余 0分钟"), "已超时 剩余 0分钟");
    }
}
