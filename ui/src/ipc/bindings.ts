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
server_offset_ms: number, tickets: number, 
/**
 * Writes waiting to reach the district.
 */
outbox_pending: number, 
/**
 * Writes the district refused because the object changed (412).
 */
outbox_conflicts: number, 
/**
 * Writes the district refused for good (409, 422, ...).
 */
outbox_rejected: number, 
/**
 * The sign-in expired or was revoked: writes wait until the officer signs in.
 */
needs_sign_in: boolean, };
export type AppInfo = { demo: boolean, officer_name: string, officer_role: string, unit_name: string, server_url: string, };
export type SyncReport = { pages: number, items: number, tickets_changed: number, removed: number, skipped: number, 
/**
 * Outbox rows the district confirmed in this sync.
 */
sent: number, 
/**
 * Outbox rows that ended in conflict or were refused in this sync.
 */
refused: number, };
export type OutboxEntry = { id: number, ticket_id: string | null, 
/**
 * ack, reply, opinion, extension, coordination, reassignment, draft, duty.
 */
kind: string, kind_label: string, 
/**
 * pending, sent, conflict, rejected, discarded.
 */
state: string, state_label: string, idempotency_key: string, attempts: number, last_error: string | null, status_code: number | null, 
/**
 * What the officer wrote (the request body).
 */
body: unknown, 
/**
 * 422: the server's messages per field.
 */
field_errors: Record<string, string[]> | null, 
/**
 * 409/412: the server's current object.
 */
server_current: unknown, created_ms: number, updated_ms: number, sent_ms: number | null, };
export type ErrorCode = "offline" | "unauthorized" | "server" | "storage" | "invalid_input" | "not_found" | "internal";
export type IpcError = { code: ErrorCode, message: string, };
