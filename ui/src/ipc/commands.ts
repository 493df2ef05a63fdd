// Generated from Rust by `cargo xtask bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo, SyncReport, SyncStatus, TicketRow } from "./bindings";
export const commands = {
  appInfo: () => invoke<AppInfo>("app_info"),
  listTickets: () => invoke<TicketRow[]>("list_tickets"),
  syncStatus: () => invoke<SyncStatus>("sync_status"),
  syncNow: () => invoke<SyncReport>("sync_now"),
  uiReady: (rows: number) => invoke<null>("ui_ready", { rows }),
};
export type Commands = typeof commands;
