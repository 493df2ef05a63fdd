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
export type TicketRow = { id: string, version: number, title: string, category: string, category_label: string, urgency: string, urgency_label: string, status: string, status_label: string, our_role: string, role_label: string, matter: string, location: string, dispatched_at_ms: number, ack_due_ms: number, reply_due_ms: number, deadline: ActiveDeadline | null, redo_count: number, supervision: SupervisionBadge | null, extension_status: string | null, extension_label: string | null, 
/**
 * The newest unresolved write of this ticket: pending, conflict or rejected.
 */
outbox_state: string | null, };
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
export type TicketQuery = { tab: "all" | "pending_ack" | "due_soon" | "overdue" | "redo" | "supervised" | "co_handling" | "extension_pending" | "replied" | "closed", 
/**
 * Substring search (any length); `null` or blank for none.
 */
search: string | null, offset: number, limit: number, 
/**
 * The 即将超时 window in hours (default 24).
 */
due_soon_hours: number, };
export type TabCounts = { all: number, pending_ack: number, due_soon: number, overdue: number, redo: number, supervised: number, co_handling: number, extension_pending: number, replied: number, closed: number, };
export type TicketPage = { rows: Array<TicketRow>, 
/**
 * Rows in the selected tab (for scrolling).
 */
total: number, counts: TabCounts, };
export type CoUnitView = { id: string, name: string, opinion_due_ms: number | null, };
export type HistoryView = { at_ms: number, actor: string, action: string, note: string, };
export type AttachmentView = { id: string, name: string, size: number, content_type: string, 
/**
 * Downloaded before: opens offline too.
 */
cached: boolean, };
export type LocalAttachment = { path: string, 
/**
 * A document or media file the system viewer may open; otherwise the app only shows
 * it in its folder.
 */
opens_directly: boolean, 
/**
 * Fetched from the district by this call (not from the cache).
 */
downloaded_now: boolean, };
export type TicketDetail = { row: TicketRow, 
/**
 * The citizen's words: untrusted, shown as text only.
 */
content: string, channel: string, citizen_name_masked: string, citizen_phone_masked: string, citizen_address: string, lead_unit: string, co_units: Array<CoUnitView>, acked_by: string | null, acked_at_ms: number | null, redo_reason: string | null, redo_at_ms: number | null, supervision_note: string | null, extension_reason: string | null, extension_requested_due_ms: number | null, callback_summary: string | null, history: Array<HistoryView>, attachments: Array<AttachmentView>, 
/**
 * Working days left until the reply deadline (剩余 N 个工作日); `null` when the
 * calendar does not cover the dates or nothing is due.
 */
reply_workdays_left: number | null, outbox: Array<OutboxEntry>, can_ack: boolean, can_reply: boolean, can_opinion: boolean, can_extend: boolean, can_coordinate: boolean, 
/**
 * Only before the ack deadline (首接负责制: re-dispatch is for true mis-dispatch).
 */
can_reassign: boolean, };
export type ErrorCode = "offline" | "unauthorized" | "server" | "storage" | "invalid_input" | "not_found" | "internal";
export type IpcError = { code: ErrorCode, message: string, };
