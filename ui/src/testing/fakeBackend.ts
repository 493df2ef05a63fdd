// An in-memory Backend for tests: every command is a vi.fn, and events can be fired.
import { vi, type Mock } from "vitest";
import type { Backend } from "../ipc/backend";
import type { AppInfo, SyncReport, SyncStatus, TicketDetail, TicketRow } from "../ipc/bindings";
import type { Commands } from "../ipc/commands";
import { DEMO_APP_INFO, outboxEntry, syncStatus, ticketDetail, ticketPage } from "./fixtures";

export interface FakeBackend extends Backend {
  commands: { [K in keyof Commands]: Mock<Commands[K]> };
  emitSyncStatus(status: SyncStatus): void;
  emitTicketsChanged(): void;
  listenerCount(): number;
}

export function fakeBackend(
  init: {
    /** All cached rows: list_tickets pages, filters and counts them (see fixtures.ticketPage). */
    rows?: TicketRow[];
    status?: SyncStatus;
    info?: AppInfo;
    /** What ticket_detail returns (by default a detail built from the row with that id). */
    detail?: TicketDetail;
    workdays?: string[];
    units?: string[];
  } = {},
): FakeBackend {
  const syncHandlers = new Set<(s: SyncStatus) => void>();
  const changeHandlers = new Set<() => void>();
  const report: SyncReport = { pages: 1, items: 0, tickets_changed: 0, removed: 0, skipped: 0, sent: 0, refused: 0 };
  const rows = () => init.rows ?? [];

  const commands = {
    appInfo: vi.fn<Commands["appInfo"]>(async () => init.info ?? DEMO_APP_INFO),
    listTickets: vi.fn<Commands["listTickets"]>(async (query) => ticketPage(rows(), query, Date.now())),
    ticketDetail: vi.fn<Commands["ticketDetail"]>(async (id) => {
      if (init.detail) return init.detail;
      const row = rows().find((r) => r.id === id);
      if (!row) throw { code: "not_found", message: `未找到工单 ${id}` };
      return ticketDetail({}, row);
    }),
    revealPhone: vi.fn<Commands["revealPhone"]>(async () => "13812345678"),
    openAttachment: vi.fn<Commands["openAttachment"]>(async (_ticketId, attachmentId) => ({
      path: `/data/attachments/${attachmentId}/file.jpg`,
      opens_directly: true,
      downloaded_now: true,
    })),
    syncStatus: vi.fn<Commands["syncStatus"]>(async () => init.status ?? syncStatus()),
    syncNow: vi.fn<Commands["syncNow"]>(async () => report),
    ack: vi.fn<Commands["ack"]>(async (id) => outboxEntry({ ticket_id: id })),
    requestExtension: vi.fn<Commands["requestExtension"]>(async (id) =>
      outboxEntry({ ticket_id: id, kind: "extension", kind_label: "延期申请" }),
    ),
    requestCoordination: vi.fn<Commands["requestCoordination"]>(async (id) =>
      outboxEntry({ ticket_id: id, kind: "coordination", kind_label: "协调申请" }),
    ),
    requestReassignment: vi.fn<Commands["requestReassignment"]>(async (id) =>
      outboxEntry({ ticket_id: id, kind: "reassignment", kind_label: "改派申请" }),
    ),
    submitOpinion: vi.fn<Commands["submitOpinion"]>(async (id) =>
      outboxEntry({ ticket_id: id, kind: "opinion", kind_label: "协办意见" }),
    ),
    discardOutbox: vi.fn<Commands["discardOutbox"]>(async () => null),
    workdayDates: vi.fn<Commands["workdayDates"]>(async () => init.workdays ?? []),
    unitDirectory: vi.fn<Commands["unitDirectory"]>(async () => init.units ?? ["区城管局", "区住建局"]),
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
