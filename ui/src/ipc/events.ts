// Generated from Rust by `cargo xtask bindings`. Do not edit.
// The only place that subscribes to Tauri events. Components and stores reach these
// through the Backend (see backend.ts), so tests can inject fakes.
import { listen } from "@tauri-apps/api/event";
import type { AlertEntry, SyncStatus, UpdateCheck, UpdateProgress } from "./bindings";

export type Unlisten = () => void;

export const EVENT_SYNC_STATUS = "sync-status";
export const EVENT_TICKETS_CHANGED = "tickets-changed";
export const EVENT_ALERTS_CHANGED = "alerts-changed";
export const EVENT_OPEN_TICKET = "open-ticket";
export const EVENT_UPDATE_AVAILABLE = "update-available";
export const EVENT_UPDATE_PROGRESS = "update-progress";
export const EVENT_OPEN_ABOUT = "open-about";
export const EVENT_OPEN_ALERT = "open-alert";

export interface DeskEvents {
  /** `sync-status`: The backend's sync state changed (payload: the status bar's `SyncStatus`). */
  onSyncStatus(handler: (payload: SyncStatus) => void): Promise<Unlisten>;
  /** `tickets-changed`: The cached tickets changed: reload the list. */
  onTicketsChanged(handler: () => void): Promise<Unlisten>;
  /** `alerts-changed`: Alerts fired or were read: reload the notification centre. */
  onAlertsChanged(handler: () => void): Promise<Unlisten>;
  /** `open-ticket`: The officer clicked an alert's desktop notification: open that ticket (payload: its id; the window is already shown). */
  onOpenTicket(handler: (payload: string) => void): Promise<Unlisten>;
  /** `update-available`: The daily check found a newer version (payload: what the check said). */
  onUpdateAvailable(handler: (payload: UpdateCheck) => void): Promise<Unlisten>;
  /** `update-progress`: An install in progress: downloading, verifying, installing, installed. */
  onUpdateProgress(handler: (payload: UpdateProgress) => void): Promise<Unlisten>;
  /** `open-about`: The officer chose 关于 in the tray menu: show the 关于 dialog (the window is already shown). */
  onOpenAbout(handler: () => void): Promise<Unlisten>;
  /** `open-alert`: The officer clicked a digest's desktop notification: show the list filtered to exactly its tickets (payload: the notification; the window is already shown). */
  onOpenAlert(handler: (payload: AlertEntry) => void): Promise<Unlisten>;
}

export const events: DeskEvents = {
  onSyncStatus: (handler) => listen<SyncStatus>(EVENT_SYNC_STATUS, (event) => handler(event.payload)),
  onTicketsChanged: (handler) => listen<null>(EVENT_TICKETS_CHANGED, () => handler()),
  onAlertsChanged: (handler) => listen<null>(EVENT_ALERTS_CHANGED, () => handler()),
  onOpenTicket: (handler) => listen<string>(EVENT_OPEN_TICKET, (event) => handler(event.payload)),
  onUpdateAvailable: (handler) => listen<UpdateCheck>(EVENT_UPDATE_AVAILABLE, (event) => handler(event.payload)),
  onUpdateProgress: (handler) => listen<UpdateProgress>(EVENT_UPDATE_PROGRESS, (event) => handler(event.payload)),
  onOpenAbout: (handler) => listen<null>(EVENT_OPEN_ABOUT, () => handler()),
  onOpenAlert: (handler) => listen<AlertEntry>(EVENT_OPEN_ALERT, (event) => handler(event.payload)),
};
