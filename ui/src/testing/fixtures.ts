// Ticket rows and statuses for tests and the browser-only dev backend.
import type {
  AboutInfo,
  ActiveDeadline,
  AlertPrefs,
  AppInfo,
  Choice,
  ContactMethod,
  DesktopPrefs,
  DraftVersionView,
  DutyPanel,
  LintFinding,
  OutboxEntry,
  ReplyForm,
  ReplyOutcome,
  ReplyWorkspace,
  SyncStatus,
  TabCounts,
  TicketDetail,
  TicketPage,
  TicketQuery,
  TicketRow,
} from "../ipc/bindings";

export const DEMO_APP_INFO: AppInfo = {
  demo: true,
  officer_name: "张敏",
  officer_role: "A",
  unit_name: "北园街道办事处",
  server_url: "http://127.0.0.1:18080",
  username: "",
  signed_in: true,
  token_kept: false,
  token_note: null,
  preset_server_url: null,
  policy_problem: null,
};

/** An officer's desk outside demo mode, signed in with the token in the OS keyring. */
export const OFFICER_APP_INFO: AppInfo = {
  ...DEMO_APP_INFO,
  demo: false,
  server_url: "https://12345.example.gov.cn/api/v1",
  username: "liaison-a",
  token_kept: true,
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
    outbox_blocked: 0,
    needs_sign_in: false,
    calendar: { covered: [2026, 2027], estimated: [], source: { "2026": "district", "2027": "district" }, fetched_at: {}, notice: null },
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
    estimated_years: [],
    redo_count: 0,
    supervision: null,
    extension_status: null,
    extension_label: null,
    outbox_state: null,
    ...overrides,
  };
}

export function tabCounts(overrides: Partial<TabCounts> = {}): TabCounts {
  return {
    all: 0,
    pending_ack: 0,
    due_soon: 0,
    overdue: 0,
    redo: 0,
    supervised: 0,
    co_handling: 0,
    extension_pending: 0,
    replied: 0,
    closed: 0,
    ...overrides,
  };
}

/** Whether `row` belongs in `tab` at `nowMs` (a simple model of desk-domain's tabs.rs). */
export function rowInTab(row: TicketRow, tab: TicketQuery["tab"], nowMs: number, dueSoonHours: number): boolean {
  const due = row.deadline?.due_ms ?? null;
  switch (tab) {
    case "all":
      return true;
    case "pending_ack":
      return row.status === "pending_ack";
    case "due_soon":
      return due !== null && due >= nowMs && due <= nowMs + dueSoonHours * 3_600_000;
    case "overdue":
      return due !== null && due < nowMs;
    case "redo":
      return row.status === "redo";
    case "supervised":
      return row.supervision !== null && row.status !== "closed";
    case "co_handling":
      return row.our_role === "co_handler";
    case "extension_pending":
      return row.extension_status === "pending";
    case "replied":
      return row.status === "replied";
    case "closed":
      return row.status === "closed";
  }
}

/** A page of `rows` for `query`, like list_tickets: filtered, searched, sliced, counted. */
export function ticketPage(rows: readonly TicketRow[], query: TicketQuery, nowMs: number): TicketPage {
  const needle = query.search?.trim().toLowerCase() ?? "";
  // Like the backend: a search without a letter or digit matches nothing.
  const searched = needle
    ? /[\p{L}\p{N}]/u.test(needle)
      ? rows.filter((r) => [r.id, r.title, r.location, r.matter].some((f) => f.toLowerCase().includes(needle)))
      : []
    : rows;
  const counts = tabCounts();
  for (const key of Object.keys(counts) as (keyof TabCounts)[]) {
    counts[key] = searched.filter((r) => rowInTab(r, key, nowMs, query.due_soon_hours)).length;
  }
  const inTab = searched.filter((r) => rowInTab(r, query.tab, nowMs, query.due_soon_hours));
  return { rows: inTab.slice(query.offset, query.offset + query.limit), total: inTab.length, counts, counts_over: null };
}

export function outboxEntry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  // What the backend derives from the state (OutboxStateView::needs_attention, can_retry).
  const state = overrides.state ?? "pending";
  return {
    id: 1,
    ticket_id: "BY20261128-0001",
    kind: "ack",
    kind_label: "签收",
    state: "pending",
    state_label: "待发送",
    needs_attention: state === "conflict" || state === "rejected" || state === "blocked",
    can_retry: state === "blocked",
    idempotency_key: "k-1",
    attempts: 0,
    last_error: null,
    status_code: null,
    body: {},
    field_errors: null,
    server_view: null,
    created_ms: Date.UTC(2026, 10, 28, 1, 0, 0),
    updated_ms: Date.UTC(2026, 10, 28, 1, 0, 0),
    sent_ms: null,
    failed_passes: 0,
    blocked_ms: null,
    ...overrides,
  };
}

/** The detail of a ticket in progress where we lead, every action allowed but ack. */
export function ticketDetail(overrides: Partial<TicketDetail> = {}, row: Partial<TicketRow> = {}): TicketDetail {
  const r = ticketRow(row);
  return {
    row: r,
    ack_deadline: activeDeadline("ack", r.ack_due_ms),
    reply_deadline: activeDeadline("reply", r.reply_due_ms),
    content: "小区门口的路灯已经坏了一周，晚上出行很不方便，请尽快维修。",
    channel: "电话",
    citizen_name_masked: "王*",
    citizen_phone_masked: "138****5678",
    citizen_address_masked: "北园街道某小区*号楼",
    lead_unit: "北园街道办事处",
    co_units: [],
    acked_by: "张敏",
    acked_at_ms: r.dispatched_at_ms + 600_000,
    redo_reason: null,
    redo_at_ms: null,
    supervision_note: null,
    extension_reason: null,
    extension_requested_due_ms: null,
    callback_summary: null,
    history: [],
    attachments: [],
    reply_workdays_left: 2,
    reply_workdays_estimated_years: [],
    outbox: [],
    can_ack: false,
    can_reply: true,
    can_opinion: false,
    can_extend: true,
    can_coordinate: true,
    can_reassign: true,
    ...overrides,
  };
}

// --- Replies (the reply editor) ---

export function replyForm(overrides: Partial<ReplyForm> = {}): ReplyForm {
  return {
    outcome: null,
    text: "",
    citizen_contacted_ms: null,
    contact_method: null,
    contact_name: "张敏",
    contact_phone: "010-12345678",
    policy_basis: "",
    addresses_redo_reason: "",
    ...overrides,
  };
}

export function lintFinding(overrides: Partial<LintFinding> = {}): LintFinding {
  return {
    code: "missing_field",
    field: "text",
    blocking: true,
    message: "请填写答复内容",
    matched: null,
    start: null,
    end: null,
    ...overrides,
  };
}

export const REPLY_OUTCOMES: Choice<ReplyOutcome>[] = [
  { value: "resolved", label: "已解决" },
  { value: "partially_resolved", label: "部分解决" },
  { value: "unresolved_explained", label: "未解决已说明" },
  { value: "information_provided", label: "已答复咨询" },
];

export const CONTACT_METHODS: Choice<ContactMethod>[] = [
  { value: "phone", label: "电话" },
  { value: "visit", label: "上门" },
  { value: "sms", label: "短信" },
  { value: "other", label: "其他" },
];

/** The reply editor of a ticket in progress that we lead, with an empty draft. */
export function replyWorkspace(overrides: Partial<ReplyWorkspace> = {}): ReplyWorkspace {
  return {
    ticket_id: "BY20261128-0001",
    title: "小区门口路灯不亮",
    can_reply: true,
    is_redo: false,
    redo_reason: null,
    callback_comment: null,
    form: replyForm(),
    saved_ms: null,
    unshared: false,
    shared: null,
    collision: null,
    findings: [],
    blocked: false,
    templates: [
      { id: "t-resolved", name: "已解决通用", outcome: "resolved", body: "您好，您反映的路灯问题已于11月28日修复。" },
      { id: "t-partial", name: "部分解决", outcome: "partially_resolved", body: "您好，经核实，{{原因}}，已部分处理。" },
      { id: "t-info", name: "咨询答复", outcome: "information_provided", body: "您好，关于您咨询的事项，答复如下：" },
    ],
    outcomes: REPLY_OUTCOMES,
    contact_methods: CONTACT_METHODS,
    rules_revision: 1,
    reply_entry: null,
    version_count: 0,
    ...overrides,
  };
}

export function draftVersion(overrides: Partial<DraftVersionView> = {}): DraftVersionView {
  const form = overrides.form ?? replyForm({ text: "早先写的答复内容" });
  return {
    id: 1,
    saved_ms: Date.UTC(2026, 10, 28, 2, 30, 0),
    source_label: "自动保存",
    preview: form.text.slice(0, 60),
    form,
    ...overrides,
  };
}

/** desk-domain's default alert settings (AlertSettings::default). */
export function alertPrefs(overrides: Partial<AlertPrefs> = {}): AlertPrefs {
  const beforeDeadline = [{ working_days: 1 }, { minutes: 240 }, { minutes: 60 }];
  return {
    ack_leads: [{ minutes: 30 }, { minutes: 10 }],
    reply_leads: beforeDeadline,
    opinion_leads: beforeDeadline,
    overdue_repeat_daily: true,
    work_start: "08:30",
    work_end: "17:30",
    hold_outside_working_hours: true,
    digest_min: 2,
    off_duty_mode: "none",
    enabled: ["new_ticket", "ack_due", "reply_due", "overdue", "redo", "supervision", "extension_decided", "opinion_due", "outbox_problem"],
    ...overrides,
  };
}

/** The demo unit's roster in its standing arrangement (A on duty), seen by A. */
export function dutyPanel(overrides: Partial<DutyPanel> = {}): DutyPanel {
  return {
    known: true,
    a: { role: "A", name: "张敏", phone: "13905318801" },
    b: { role: "B", name: "王磊", phone: "13705318802" },
    on_duty: "A",
    since_ms: Date.UTC(2026, 10, 27, 1, 0, 0),
    until_ms: null,
    note: "",
    me: "A",
    i_am_on_duty: true,
    can_hand_over: true,
    can_take_back: false,
    pending: null,
    ...overrides,
  };
}

/** Autostart on (the default), alerts not paused. */
export function desktopPrefs(overrides: Partial<DesktopPrefs> = {}): DesktopPrefs {
  return { autostart: true, alerts_paused_until_ms: null, ...overrides };
}

/** 关于: a release build's facts. */
export function aboutInfo(over: Partial<AboutInfo> = {}): AboutInfo {
  return {
    version: "0.1.0",
    build_date: "2026-12-06 10:15 UTC",
    commit: "1eb1231d4b2a",
    contract_version: "1",
    data_dir: "/home/officer/.local/share/cn.gov.tianqiao.liaison-desk",
    log_dir: "/home/officer/.local/share/cn.gov.tianqiao.liaison-desk/logs",
    ...over,
  };
}
