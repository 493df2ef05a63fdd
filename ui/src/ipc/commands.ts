// Generated from Rust by `cargo xtask bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo, LocalAttachment, OutboxEntry, SyncReport, SyncStatus, TicketDetail, TicketPage, TicketQuery } from "./bindings";
export const commands = {
  appInfo: () => invoke<AppInfo>("app_info"),
  listTickets: (query: TicketQuery) => invoke<TicketPage>("list_tickets", { query }),
  ticketDetail: (id: string) => invoke<TicketDetail>("ticket_detail", { id }),
  revealPhone: (id: string) => invoke<string>("reveal_phone", { id }),
  openAttachment: (ticketId: string, attachmentId: string) => invoke<LocalAttachment>("open_attachment", { ticketId, attachmentId }),
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
};
export type Commands = typeof commands;
