// An in-memory Backend for tests: every command is a vi.fn, and events can be fired.
import { vi, type Mock } from "vitest";
import type { Backend } from "../ipc/backend";
import type {
  AlertEntry,
  AppInfo,
  DraftVersionView,
  LintFinding,
  ReplyForm,
  ReplyWorkspace,
  SyncReport,
  SyncStatus,
  TicketDetail,
  TicketRow,
  UpdateCheck,
  UpdateProgress,
} from "../ipc/bindings";
import type { Commands } from "../ipc/commands";
import {
  aboutInfo,
  alertPrefs,
  DEMO_APP_INFO,
  desktopPrefs,
  dutyPanel,
  outboxEntry,
  replyWorkspace,
  syncStatus,
  ticketDetail,
  ticketPage,
} from "./fixtures";
import { monthRates, reportFor } from "./reportFixtures";

export interface FakeBackend extends Backend {
  commands: { [K in keyof Commands]: Mock<Commands[K]> };
  emitSyncStatus(status: SyncStatus): void;
  emitTicketsChanged(): void;
  emitAlertsChanged(): void;
  emitOpenTicket(ticketId: string): void;
  emitUpdateAvailable(check: UpdateCheck): void;
  emitUpdateProgress(progress: UpdateProgress): void;
  emitOpenAbout(): void;
  emitOpenAlert(entry: AlertEntry): void;
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
    workdaysEstimated?: number[];
    units?: string[];
    /** The reply editor's state: saves, collisions and restores change it; replyWorkspace returns it. */
    workspace?: ReplyWorkspace;
    /** What the linter finds in a saved form (default: nothing). */
    lint?: (form: ReplyForm) => LintFinding[];
    versions?: DraftVersionView[];
  } = {},
): FakeBackend {
  const syncHandlers = new Set<(s: SyncStatus) => void>();
  const changeHandlers = new Set<() => void>();
  const alertHandlers = new Set<() => void>();
  const openHandlers = new Set<(ticketId: string) => void>();
  const updateHandlers = new Set<(check: UpdateCheck) => void>();
  const progressHandlers = new Set<(progress: UpdateProgress) => void>();
  const aboutHandlers = new Set<() => void>();
  const openAlertHandlers = new Set<(entry: AlertEntry) => void>();
  const report: SyncReport = { pages: 1, items: 0, tickets_changed: 0, removed: 0, skipped: 0, sent: 0, refused: 0 };
  const rows = () => init.rows ?? [];
  let reply: ReplyWorkspace = init.workspace ?? replyWorkspace();
  const lint = (form: ReplyForm) => init.lint?.(form) ?? [];

  const commands = {
    appInfo: vi.fn<Commands["appInfo"]>(async () => init.info ?? DEMO_APP_INFO),
    signIn: vi.fn<Commands["signIn"]>(async () => ({ info: init.info ?? DEMO_APP_INFO, token_kept: true, note: null })),
    signOut: vi.fn<Commands["signOut"]>(async () => null),
    listTickets: vi.fn<Commands["listTickets"]>(async (query) => ticketPage(rows(), query, Date.now())),
    ticketDetail: vi.fn<Commands["ticketDetail"]>(async (id) => {
      if (init.detail) return init.detail;
      const row = rows().find((r) => r.id === id);
      if (!row) throw { code: "not_found", message: `未找到工单 ${id}` };
      return ticketDetail({}, row);
    }),
    revealPhone: vi.fn<Commands["revealPhone"]>(async () => ({ phone: "13812345678", address: "北园街道某小区3号楼2单元501" })),
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
    retryOutbox: vi.fn<Commands["retryOutbox"]>(async (entryId) =>
      outboxEntry({ id: entryId, state: "pending", state_label: "待发送" }),
    ),
    workdayDates: vi.fn<Commands["workdayDates"]>(async () => ({
      dates: init.workdays ?? [],
      estimated_years: init.workdaysEstimated ?? [],
    })),
    unitDirectory: vi.fn<Commands["unitDirectory"]>(async () => init.units ?? ["区城管局", "区住建局"]),
    uiReady: vi.fn<Commands["uiReady"]>(async () => null),
    replyWorkspace: vi.fn<Commands["replyWorkspace"]>(async () => ({ ...reply })),
    saveReplyDraft: vi.fn<Commands["saveReplyDraft"]>(async (_id, form, share) => {
      const findings = lint(form);
      const blocked = findings.some((f) => f.blocking);
      reply = { ...reply, form: { ...form }, findings, blocked, saved_ms: Date.now(), unshared: !share };
      return { saved_ms: Date.now(), findings, blocked, shared_queued: share };
    }),
    resolveDraftCollision: vi.fn<Commands["resolveDraftCollision"]>(async (_id, form) => {
      const findings = lint(form);
      reply = { ...reply, form: { ...form }, collision: null, findings, blocked: findings.some((f) => f.blocking) };
      return { ...reply };
    }),
    draftVersions: vi.fn<Commands["draftVersions"]>(async () => init.versions ?? []),
    restoreDraftVersion: vi.fn<Commands["restoreDraftVersion"]>(async (_id, versionId) => {
      const version = (init.versions ?? []).find((v) => v.id === versionId);
      if (!version) throw { code: "invalid_input", message: `草稿没有版本 #${versionId}` };
      reply = { ...reply, form: { ...version.form }, version_count: reply.version_count + 1 };
      return { ...reply };
    }),
    sendReply: vi.fn<Commands["sendReply"]>(async (id) => {
      const entry = outboxEntry({ ticket_id: id, kind: "reply", kind_label: "答复", body: { ...reply.form } });
      reply = { ...reply, reply_entry: entry };
      return entry;
    }),
    // Alerts: minimal answers (no alerts, default settings); tests of the alerts UI override them.
    alertLog: vi.fn<Commands["alertLog"]>(async () => []),
    unreadAlertCount: vi.fn<Commands["unreadAlertCount"]>(async () => 0),
    markAlertRead: vi.fn<Commands["markAlertRead"]>(async () => null),
    markAllAlertsRead: vi.fn<Commands["markAllAlertsRead"]>(async () => null),
    alertSettings: vi.fn<Commands["alertSettings"]>(async () => alertPrefs()),
    setAlertSettings: vi.fn<Commands["setAlertSettings"]>(async () => null),
    // Duty and desktop: A on duty, autostart on; tests of the duty panel override them.
    dutyPanel: vi.fn<Commands["dutyPanel"]>(async () => dutyPanel()),
    handOverDuty: vi.fn<Commands["handOverDuty"]>(async (untilMs, note) =>
      outboxEntry({ ticket_id: null, kind: "duty", kind_label: "值班交接", body: { on_duty: "B", until: untilMs, note } }),
    ),
    takeDutyBack: vi.fn<Commands["takeDutyBack"]>(async () =>
      outboxEntry({ ticket_id: null, kind: "duty", kind_label: "值班交接", body: { on_duty: "A", until: null, note: "" } }),
    ),
    desktopPrefs: vi.fn<Commands["desktopPrefs"]>(async () => desktopPrefs()),
    setAutostart: vi.fn<Commands["setAutostart"]>(async (enabled) => desktopPrefs({ autostart: enabled })),
    // The assessment (issue 16): November 2026 with a projection, other periods without.
    assessmentReport: vi.fn<Commands["assessmentReport"]>(async (query) => reportFor(query)),
    assessmentTrend: vi.fn<Commands["assessmentTrend"]>(async () => ["2026-09", "2026-10", "2026-11"].map((m) => monthRates(m))),
    exportAssessmentXlsx: vi.fn<Commands["exportAssessmentXlsx"]>(async (query) => ({
      path: `/home/officer/下载/考核报表_${query.from}_${query.to}.xlsx`,
      tickets: 52,
    })),
    // Updates (issue 17): this is the newest version unless a test says otherwise.
    checkForUpdate: vi.fn<Commands["checkForUpdate"]>(async () => ({
      current_version: "0.1.0",
      offer: null,
      in_app: true,
      ask: null,
    })),
    installUpdate: vi.fn<Commands["installUpdate"]>(async () => null),
    about: vi.fn<Commands["about"]>(async () => aboutInfo()),
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
      onAlertsChanged: async (handler) => {
        alertHandlers.add(handler);
        return () => alertHandlers.delete(handler);
      },
      onOpenTicket: async (handler) => {
        openHandlers.add(handler);
        return () => openHandlers.delete(handler);
      },
      onUpdateAvailable: async (handler) => {
        updateHandlers.add(handler);
        return () => updateHandlers.delete(handler);
      },
      onUpdateProgress: async (handler) => {
        progressHandlers.add(handler);
        return () => progressHandlers.delete(handler);
      },
      onOpenAbout: async (handler) => {
        aboutHandlers.add(handler);
        return () => aboutHandlers.delete(handler);
      },
      onOpenAlert: async (handler) => {
        openAlertHandlers.add(handler);
        return () => openAlertHandlers.delete(handler);
      },
    },
    emitSyncStatus: (status) => syncHandlers.forEach((h) => h(status)),
    emitTicketsChanged: () => changeHandlers.forEach((h) => h()),
    emitAlertsChanged: () => alertHandlers.forEach((h) => h()),
    emitOpenTicket: (ticketId) => openHandlers.forEach((h) => h(ticketId)),
    emitUpdateAvailable: (check) => updateHandlers.forEach((h) => h(check)),
    emitUpdateProgress: (progress) => progressHandlers.forEach((h) => h(progress)),
    emitOpenAbout: () => aboutHandlers.forEach((h) => h()),
    listenerCount: () =>
      syncHandlers.size +
      changeHandlers.size +
      alertHandlers.size +
      openHandlers.size +
      updateHandlers.size +
      progressHandlers.size +
      aboutHandlers.size +
      openAlertHandlers.size,
    emitOpenAlert: (entry) => openAlertHandlers.forEach((h) => h(entry)),
  };
}
