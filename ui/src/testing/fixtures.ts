// Ticket rows and statuses for tests and the browser-only dev backend.
import type { ActiveDeadline, AppInfo, SyncStatus, TicketRow } from "../ipc/bindings";

export const DEMO_APP_INFO: AppInfo = {
  demo: true,
  officer_name: "张敏",
  officer_role: "A",
  unit_name: "北园街道办事处",
  server_url: "http://127.0.0.1:18080",
};

export function syncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    online: "online",
    syncing: false,
    last_sync_ms: null,
    last_attempt_ms: null,
    last_error: null,
    server_offset_ms: 0,
    tickets: 0,
    outbox_pending: 0,
    outbox_conflicts: 0,
    outbox_rejected: 0,
    needs_sign_in: false,
    ...overrides,
  };
}

const DEADLINE_LABELS: Record<ActiveDeadline["kind"], string> = { ack: "签收", reply: "答复", opinion: "协办意见" };
const DUE_SOON_SECONDS: Record<ActiveDeadline["kind"], number> = { ack: 1800, reply: 86400, opinion: 86400 };

export function activeDeadline(kind: ActiveDeadline["kind"], dueMs: number): ActiveDeadline {
  return { kind, kind_label: DEADLINE_LABELS[kind], due_ms: dueMs, due_soon_seconds: DUE_SOON_SECONDS[kind] };
}

/** A ticket in progress with a reply deadline two days after `baseMs`. */
export function ticketRow(overrides: Partial<TicketRow> = {}, baseMs = Date.UTC(2026, 10, 28, 1, 0, 0)): TicketRow {
  const replyDue = baseMs + 2 * 86_400_000;
  return {
    id: "BY20261128-0001",
    version: 1,
    title: "小区门口路灯不亮",
    category: "help",
    category_label: "求助",
    urgency: "normal",
    urgency_label: "一般",
    status: "in_progress",
    status_label: "办理中",
    our_role: "lead",
    role_label: "牵头",
    matter: "路灯维修",
    location: "北园街道某小区",
    dispatched_at_ms: baseMs - 3_600_000,
    ack_due_ms: baseMs,
    reply_due_ms: replyDue,
    deadline: activeDeadline("reply", replyDue),
    redo_count: 0,
    supervision: null,
    extension_status: null,
    extension_label: null,
    ...overrides,
  };
}
