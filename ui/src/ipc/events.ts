// The only place that subscribes to Tauri events. Components and stores reach these
// through the Backend (see backend.ts), so tests can inject fakes.
import { listen } from "@tauri-apps/api/event";
import type { SyncStatus } from "./bindings";

export type Unlisten = () => void;

export const EVENT_SYNC_STATUS = "sync-status";
export const EVENT_TICKETS_CHANGED = "tickets-changed";
export const EVENT_ALERTS_CHANGED = "alerts-changed";
export const EVENT_OPEN_TICKET = "open-ticket";

export interface DeskEvents {
  /** `sync-status`: the backend's sync state changed (payload: SyncStatus). */
  onSyncStatus(handler: (status: SyncStatus) => void): Promise<Unlisten>;
  /** `tickets-changed`: the local ticket cache changed; reload the list. */
  onTicketsChanged(handler: () => void): Promise<Unlisten>;
  /** `alerts-changed`: alerts fired; reload the notification centre. */
  onAlertsChanged(handler: () => void): Promise<Unlisten>;
  /** `open-ticket`: the officer clicked an alert's desktop notification (payload: ticket id). */
  onOpenTicket(handler: (ticketId: string) => void): Promise<Unlisten>;
}

export const events: DeskEvents = {
  onSyncStatus: (handler) => listen<SyncStatus>(EVENT_SYNC_STATUS, (event) => handler(event.payload)),
  onTicketsChanged: (handler) => listen<unknown>(EVENT_TICKETS_CHANGED, () => handler()),
  onAlertsChanged: (handler) => listen<unknown>(EVENT_ALERTS_CHANGED, () => handler()),
  onOpenTicket: (handler) =>
    listen<unknown>(EVENT_OPEN_TICKET, (event) => {
      if (typeof event.payload === "string" && event.payload !== "") handler(event.payload);
    }),
};
