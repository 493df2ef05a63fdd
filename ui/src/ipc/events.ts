// Generated from Rust by `cargo xtask bindings`. Do not edit.
// The only place that subscribes to Tauri events. Components and stores reach these
// through the Backend (see backend.ts), so tests can inject fakes.
import { listen } from "@tauri-apps/api/event";
import type { AlertEntry, SyncStatus } from "./bindings";

export type Unlisten = () => void;

export const EVENT_SYNC_STATUS = "sync-status";
export const EVENT_TICKETS_CHANGED = "tickets-changed";
export const EVENT_ALERTS_CHANGED = "alerts-changed";
export const EVENT_OPEN_TICKET = "open-ticket";
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
  /** `open-alert`: The officer clicked a digest's desktop notification: show the list filtered to exactly its tickets (payload: the notification; the window is already shown). */
  onOpenAlert(handler: (payload: AlertEntry) => void): Promise<Unlisten>;
}

export const events: DeskEvents = {
  onSyncStatus: (handler) => listen<SyncStatus>(EVENT_SYNC_STATUS, (event) => handler(event.payload)),
  onTicketsChanged: (handler) => listen<null>(EVENT_TICKETS_CHANGED, () => handler()),
  onAlertsChanged: (handler) => listen<null>(EVENT_ALERTS_CHANGED, () => handler()),
  onOpenTicket: (handler) => listen<string>(EVENT_OPEN_TICKET, (event) => handler(event.payload)),
  onOpenAlert: (handler) => listen<AlertEntry>(EVENT_OPEN_ALERT, (event) => handler(event.payload)),
};
