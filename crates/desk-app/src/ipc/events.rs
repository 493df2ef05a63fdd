//! Events the backend emits to the webview, declared once: each has a name (the
//! constant), a marker type implementing [`DeskEvent`] that ties the name to its payload
//! (the shell emits through it, so a wrong payload does not compile), and an entry in
//! [`EVENTS`], from which `ui/src/ipc/events.ts` is generated (`cargo xtask bindings`).
//!
//! Adding an event: one line in the `declare_events!` list below, then
//! `cargo xtask bindings`; the UI subscribes with `events.on<Marker>(handler)`.

use serde::Serialize;

/// An event the webview can listen to.
pub trait DeskEvent {
    /// The event name on the wire.
    const NAME: &'static str;
    /// What it carries (`()`: nothing).
    type Payload: Serialize + Clone;
}

/// One event as the UI sees it (for the generated `events.ts`).
pub struct EventSpec {
    /// The marker type's name: the UI's handler is `on<Marker>`.
    pub marker: &'static str,
    /// The Rust constant's name: the UI's constant is `EVENT_<CONST>`.
    pub constant: &'static str,
    pub name: &'static str,
    pub doc: &'static str,
    /// The payload's TypeScript type (`null`: none).
    pub payload: fn(&ts_rs::Config) -> String,
}

macro_rules! declare_events {
    ($(
        $(#[doc = $doc:literal])+
        $marker:ident($constant:ident = $name:literal): $payload:ty;
    )*) => {
        $(
            $(#[doc = $doc])+
            pub const $constant: &str = $name;

            $(#[doc = $doc])+
            pub struct $marker;

            impl DeskEvent for $marker {
                const NAME: &'static str = $constant;
                type Payload = $payload;
            }
        )*

        /// Every event, in declaration order.
        pub const EVENTS: &[EventSpec] = &[$(
            EventSpec {
                marker: stringify!($marker),
                constant: stringify!($constant),
                name: $name,
                doc: concat!($($doc, "\n",)+),
                payload: <$payload as ts_rs::TS>::name,
            },
        )*];
    };
}

declare_events! {
    /// The backend's sync state changed (payload: the status bar's `SyncStatus`).
    SyncStatus(SYNC_STATUS = "sync-status"): super::SyncStatus;
    /// The cached tickets changed: reload the list.
    TicketsChanged(TICKETS_CHANGED = "tickets-changed"): ();
    /// Alerts fired or were read: reload the notification centre.
    AlertsChanged(ALERTS_CHANGED = "alerts-changed"): ();
    /// The officer clicked an alert's desktop notification: open that ticket (payload:
    /// its id; the window is already shown).
    OpenTicket(OPEN_TICKET = "open-ticket"): String;
    /// The daily check found a newer version (payload: what the check said).
    UpdateAvailable(UPDATE_AVAILABLE = "update-available"): crate::updates::UpdateCheck;
    /// An install in progress: downloading, verifying, installing, installed.
    UpdateProgress(UPDATE_PROGRESS = "update-progress"): crate::updates::UpdateProgress;
    /// The officer chose 关于 in the tray menu: show the 关于 dialog (the window is
    /// already shown).
    OpenAbout(OPEN_ABOUT = "open-about"): ();
    /// The officer clicked a digest's desktop notification: show the list filtered to
    /// exactly its tickets (payload: the notification; the window is already shown).
    OpenAlert(OPEN_ALERT = "open-alert"): super::AlertEntry;
}
