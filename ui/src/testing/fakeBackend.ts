// An in-memory Backend for tests: every command is a vi.fn, and events can be fired.
import { vi, type Mock } from "vitest";
import type { Backend } from "../ipc/backend";
import type { AppInfo, SyncReport, SyncStatus, TicketRow } from "../ipc/bindings";
import type { Commands } from "../ipc/commands";
import { DEMO_APP_INFO, syncStatus } from "./fixtures";

export interface FakeBackend extends Backend {
  commands: { [K in keyof Commands]: Mock<Commands[K]> };
  emitSyncStatus(status: SyncStatus): void;
  emitTicketsChanged(): void;
  listenerCount(): number;
}

export function fakeBackend(
  init: { rows?: TicketRow[]; status?: SyncStatus; info?: AppInfo } = {},
): FakeBackend {
  const syncHandlers = new Set<(s: SyncStatus) => void>();
  const changeHandlers = new Set<() => void>();
  const report: SyncReport = { pages: 1, items: 0, tickets_changed: 0, removed: 0, skipped: 0, sent: 0, refused: 0 };

  const commands = {
    appInfo: vi.fn<Commands["appInfo"]>(async () => init.info ?? DEMO_APP_INFO),
    listTickets: vi.fn<Commands["listTickets"]>(async () => init.rows ?? []),
    syncStatus: vi.fn<Commands["syncStatus"]>(async () => init.status ?? syncStatus()),
    syncNow: vi.fn<Commands["syncNow"]>(async () => report),
    uiReady: vi.fn<Commands["uiReady"]>(async () => null),
  };

  return {
    commands,
    events: {
      onSyncStatus: async (handler) => {
        syncHandlers.add(handler);
        return () => syncHandlers.delete(handler);
      },
      onTicketsChanged: async (handler) => {
        changeHandlers.add(handler);
        return () => changeHandlers.delete(handler);
      },
    },
    emitSyncStatus: (status) => syncHandlers.forEach((h) => h(status)),
    emitTicketsChanged: () => changeHandlers.forEach((h) => h()),
    listenerCount: () => syncHandlers.size + changeHandlers.size,
  };
}
