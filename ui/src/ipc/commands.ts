// Generated from Rust by `cargo xtask bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { AlertEntry, AlertPrefs, AppInfo, DraftSaved, DraftVersionView, LocalAttachment, OutboxEntry, ReplyForm, ReplyWorkspace, SyncReport, SyncStatus, TicketDetail, TicketPage, TicketQuery } from "./bindings";
export const commands = {
  appInfo: () => invoke<AppInfo>("app_info"),
  listTickets: (query: TicketQuery) => invoke<TicketPage>("list_tickets", { query }),
  ticketDetail: (id: string) => invoke<TicketDetail>("ticket_detail", { id }),
  revealPhone: (id: string) => invoke<string>("reveal_phone", { id }),
  openAttachment: (ticketId: string, attachmentId: string) => invoke<LocalAttachment>("open_attachment", { ticketId, attachmentId }),
  replyWorkspace: (id: string) => invoke<ReplyWorkspace>("reply_workspace", { id }),
  saveReplyDraft: (id: string, form: ReplyForm, share: boolean) => invoke<DraftSaved>("save_reply_draft", { id, form, share }),
  resolveDraftCollision: (id: string, form: ReplyForm) => invoke<ReplyWorkspace>("resolve_draft_collision", { id, form }),
  draftVersions: (id: string) => invoke<DraftVersionView[]>("draft_versions", { id }),
  restoreDraftVersion: (id: string, versionId: number) => invoke<ReplyWorkspace>("restore_draft_version", { id, versionId }),
  sendReply: (id: string) => invoke<OutboxEntry>("send_reply", { id }),
  syncStatus: () => invoke<SyncStatus>("sync_status"),
  syncNow: () => invoke<SyncReport>("sync_now"),
  ack: (id: string) => invoke<OutboxEntry>("ack", { id }),
  requestExtension: (id: string, reason: string, requestedDueMs: number) => invoke<OutboxEntry>("request_extension", { id, reason, requestedDueMs }),
  requestCoordination: (id: string, reason: string, units: string[]) => invoke<OutboxEntry>("request_coordination", { id, reason, units }),
  requestReassignment: (id: string, reason: string, suggestedUnit: string | null) => invoke<OutboxEntry>("request_reassignment", { id, reason, suggestedUnit }),
  submitOpinion: (id: string, text: string, contactName: string, contactPhone: string) => invoke<OutboxEntry>("submit_opinion", { id, text, contactName, contactPhone }),
  discardOutbox: (entryId: number) => invoke<null>("discard_outbox", { entryId }),
  workdayDates: (from: string, to: string) => invoke<string[]>("workday_dates", { from, to }),
  unitDirectory: () => invoke<string[]>("unit_directory"),
  uiReady: (rows: number) => invoke<null>("ui_ready", { rows }),
  alertLog: () => invoke<AlertEntry[]>("alert_log"),
  unreadAlertCount: () => invoke<number>("unread_alert_count"),
  markAlertRead: (id: number) => invoke<null>("mark_alert_read", { id }),
  markAllAlertsRead: () => invoke<null>("mark_all_alerts_read"),
  alertSettings: () => invoke<AlertPrefs>("alert_settings"),
  setAlertSettings: (settings: AlertPrefs) => invoke<null>("set_alert_settings", { settings }),
};
export type Commands = typeof commands;
