// Generated from Rust by `cargo xtask bindings`. Do not edit.
export type ActiveDeadline = { kind: "ack" | "reply" | "opinion", kind_label: string, 
/**
 * Epoch milliseconds (UTC).
 */
due_ms: number, 
/**
 * Within this many seconds the countdown turns amber.
 */
due_soon_seconds: number, };
export type SupervisionBadge = { level: string, label: string, };
export type TicketRow = { id: string, version: number, title: string, category: string, category_label: string, urgency: string, urgency_label: string, status: string, status_label: string, our_role: string, role_label: string, matter: string, location: string, dispatched_at_ms: number, ack_due_ms: number, reply_due_ms: number, deadline: ActiveDeadline | null, redo_count: number, supervision: SupervisionBadge | null, extension_status: string | null, extension_label: string | null, };
export type Connectivity = "online" | "offline" | "degraded" | "unknown";
export type SyncStatus = { online: Connectivity, syncing: boolean, last_sync_ms: number | null, last_attempt_ms: number | null, last_error: string | null, 
/**
 * Server clock minus PC clock.
 */
server_offset_ms: number, tickets: number, };
export type AppInfo = { demo: boolean, officer_name: string, officer_role: string, unit_name: string, server_url: string, };
export type SyncReport = { pages: number, items: number, tickets_changed: number, removed: number, skipped: number, };
export type ErrorCode = "offline" | "unauthorized" | "server" | "storage" | "invalid_input" | "not_found" | "internal";
export type IpcError = { code: ErrorCode, message: string, };
