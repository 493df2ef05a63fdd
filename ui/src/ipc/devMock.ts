// A fake backend for `npm run dev` in a plain browser (no Tauri). main.ts loads it only
// when import.meta.env.DEV, so it never reaches a build. Query parameters:
//   ?rows=N (default 120)  ?offset=MS (server minus PC)  ?online=offline|degraded|unknown
import type { Backend } from "./backend";
import type {
  Category,
  Connectivity,
  DraftVersionView,
  FindingCode,
  LintFinding,
  OutboxEntry,
  OutboxKind,
  ReplyForm,
  ReplyWorkspace,
  SyncStatus,
  TicketDetail,
  TicketRow,
} from "./bindings";
import type { DeskEvents } from "./events";
import { POLICY_BASIS_OUTCOMES } from "../domain/reply";
import {
  activeDeadline,
  alertPrefs,
  DEMO_APP_INFO,
  desktopPrefs,
  dutyPanel,
  outboxEntry,
  replyForm,
  replyWorkspace,
  syncStatus,
  ticketDetail,
  ticketPage,
  ticketRow,
} from "../testing/fixtures";
import { monthRates, reportFor } from "../testing/reportFixtures";
import type { Commands } from "./commands";

type ReportCommands = Pick<Commands, "assessmentReport" | "assessmentTrend" | "exportAssessmentXlsx">;

/** The 考核 page's commands: fixed figures (November 2026 with a projection), a 12-month trend. */
function reportMock(): ReportCommands {
  return {
    assessmentReport: async (query) => reportFor(query),
    assessmentTrend: async (endMonth, months) => {
      const [y, m] = endMonth.split("-").map(Number) as [number, number];
      return Array.from({ length: months }, (_, i) => {
        const idx = y * 12 + (m - 1) - (months - 1 - i);
        const month = `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, "0")}`;
        const wobble = Math.sin(i) * 0.03;
        return monthRates(month, { on_time_rate: 0.93 + wobble, redo_rate: 0.05 - wobble / 2, process_satisfaction_rate: 0.92 + wobble / 2 });
      });
    },
    exportAssessmentXlsx: async (query) => ({ path: `/tmp/demo/考核报表_${query.from}_${query.to}.xlsx`, tickets: 52 }),
  };
}

const TITLES = [
  "小区门口路灯不亮",
  "楼道堆放杂物存在消防隐患",
  "夜间施工噪音扰民",
  "<img src=x onerror=alert(1)>",
  "反映小区供暖温度不达标",
  "道路井盖破损",
  "商户占道经营",
  "咨询老年人优待证办理流程",
];
const CATEGORIES: [Category, string][] = [
  ["complaint", "投诉"],
  ["help", "求助"],
  ["inquiry", "咨询"],
  ["suggestion", "建议"],
  ["report", "举报"],
];

function makeDetail(row: TicketRow, outbox: OutboxEntry[]): TicketDetail {
  const open = row.status === "in_progress" || row.status === "redo";
  const lead = row.our_role === "lead";
  return ticketDetail(
    {
      content: `${row.title}\n市民反映：问题已持续多日，<b>希望</b>尽快处理。\n\n（此为模拟数据）`,
      co_units: lead ? [{ id: "u-cg", name: "区城管局", opinion_due_ms: row.reply_due_ms - 86_400_000 }] : [],
      lead_unit: lead ? DEMO_APP_INFO.unit_name : "区住建局",
      acked_by: row.status === "pending_ack" ? null : "张敏",
      acked_at_ms: row.status === "pending_ack" ? null : row.dispatched_at_ms + 600_000,
      redo_reason: row.redo_count > 0 ? "市民回访不满意：称路灯仍未修复，答复内容与实际不符。" : null,
      redo_at_ms: row.redo_count > 0 ? row.dispatched_at_ms + 86_400_000 : null,
      supervision_note: row.supervision ? "请于今日下班前报送办理进展。" : null,
      extension_reason: row.extension_status ? "需协调供电公司更换线路" : null,
      extension_requested_due_ms: row.extension_status ? row.reply_due_ms + 3 * 86_400_000 : null,
      history: [
        { at_ms: row.dispatched_at_ms, actor: "区热线办", action: "派单", note: "按属地派至北园街道" },
        { at_ms: row.dispatched_at_ms + 600_000, actor: "张敏", action: "签收", note: "" },
      ],
      attachments: [{ id: "a1", name: "现场照片<1>.jpg", size: 245_760, content_type: "image/jpeg", cached: false }],
      outbox,
      can_ack: row.status === "pending_ack",
      can_reply: lead && open,
      can_opinion: !lead && open,
      can_extend: open && row.extension_status !== "pending",
      can_coordinate: open,
      can_reassign: row.status === "pending_ack" || row.status === "in_progress",
    },
    row,
  );
}

/** A small stand-in for desk-domain's reply linter (the real one runs in Rust). */
function devLint(form: ReplyForm, row: TicketRow, now: number): LintFinding[] {
  const out: LintFinding[] = [];
  const f = (field: string, code: FindingCode, message: string, blocking = true, at?: [string, number]) =>
    out.push({ code, field, blocking, message, matched: at?.[0] ?? null, start: at?.[1] ?? null, end: at ? at[1] + [...at[0]].length : null });
  if (!form.outcome) f("outcome", "missing_field", "请选择答复结果");
  if (!form.text.trim()) f("text", "missing_field", "请填写答复内容");
  else if ([...form.text.trim()].length < 30) f("text", "text_too_short", `答复内容至少 30 字（已写 ${[...form.text.trim()].length} 字）`);
  for (const phrase of ["不归我们管", "无法处理", "自行解决"]) {
    const i = form.text.indexOf(phrase);
    if (i >= 0) f("text", "forbidden_phrase", `含有禁用语“${phrase}”`, true, [phrase, [...form.text.slice(0, i)].length]);
  }
  for (const m of form.text.matchAll(/\{\{[^}]*\}\}/g)) {
    f("text", "unfilled_placeholder", `有未填写的占位符 ${m[0]}`, true, [m[0], [...form.text.slice(0, m.index)].length]);
  }
  if (form.citizen_contacted_ms === null) f("citizen_contacted_at", "missing_field", "请填写联系市民的时间");
  else if (form.citizen_contacted_ms > now) f("citizen_contacted_at", "contacted_in_future", "联系市民的时间晚于当前时间");
  else if (form.citizen_contacted_ms < row.dispatched_at_ms) f("citizen_contacted_at", "contacted_before_dispatch", "联系市民的时间早于派单时间");
  if (!form.contact_method) f("contact_method", "missing_field", "请选择联系方式");
  if (!form.contact_name.trim()) f("contact_name", "missing_field", "请填写联系人");
  if (!form.contact_phone.trim()) f("contact_phone", "missing_field", "请填写联系电话");
  else if (!/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(form.contact_phone.trim())) f("contact_phone", "invalid_phone", "联系电话须为手机号或带区号的固定电话");
  if (form.outcome !== null && POLICY_BASIS_OUTCOMES.includes(form.outcome) && !form.policy_basis.trim()) {
    f("policy_basis", "policy_basis_missing", "答复结果为“部分解决”或“未解决已说明”时须写明政策依据");
  }
  if (row.status === "redo" && !form.addresses_redo_reason.trim()) {
    f("addresses_redo_reason", "redo_reason_not_addressed", "重办工单须说明针对重办原因的办理情况");
  }
  return out;
}

function makeRows(count: number, now: number): TicketRow[] {
  const rows: TicketRow[] = [];
  for (let i = 0; i < count; i++) {
    const [category, category_label] = CATEGORIES[i % CATEGORIES.length]!;
    const pending = i % 7 === 0;
    const co = i % 9 === 4;
    const dueIn = (i - 6) * 47 * 60_000 + 15_000;
    const due = now + dueIn;
    const deadline = pending ? activeDeadline("ack", due) : i % 13 === 12 ? null : activeDeadline(co ? "opinion" : "reply", due);
    rows.push(
      ticketRow({
        id: `BY2026112${8 - (i % 3)}${String(1000 + i).padStart(5, "0")}`,
        title: `${TITLES[i % TITLES.length]!}（${i + 1}）`,
        category,
        category_label,
        urgency: i % 5 === 0 ? "urgent" : "normal",
        urgency_label: i % 5 === 0 ? "紧急" : "一般",
        status: pending ? "pending_ack" : deadline === null ? "replied" : i % 11 === 3 ? "redo" : "in_progress",
        status_label: pending ? "待签收" : deadline === null ? "已答复待回访" : i % 11 === 3 ? "重办" : "办理中",
        our_role: co ? "co_handler" : "lead",
        role_label: co ? "协办" : "牵头",
        dispatched_at_ms: now - (i + 1) * 3_100_000,
        deadline,
        redo_count: i % 11 === 3 ? 1 + (i % 2) : 0,
        supervision:
          i % 8 === 1
            ? { level: "red", label: "红牌督办" }
            : i % 8 === 5
              ? { level: "yellow", label: "黄牌督办" }
              : i % 10 === 6
                ? { level: "reminder", label: "催办" }
                : null,
        extension_status: i % 12 === 2 ? "pending" : null,
        extension_label: i % 12 === 2 ? "延期审核中" : null,
        outbox_state:
          i % 17 === 5
            ? { state: "pending", label: "待发送" }
            : i % 17 === 9
              ? { state: "conflict", label: "冲突" }
              : i % 23 === 7
                ? { state: "rejected", label: "被退回" }
                : null,
      }),
    );
  }
  return rows;
}

export function devMockBackend(): Backend {
  const params = new URLSearchParams(window.location.search);
  const count = Number(params.get("rows") ?? 120);
  const offset = Number(params.get("offset") ?? 0);
  const online = (params.get("online") ?? "online") as Connectivity;
  const rows = makeRows(count, Date.now() + offset);
  let status: SyncStatus = syncStatus({
    online,
    last_sync_ms: Date.now() - 180_000,
    last_attempt_ms: Date.now() - 60_000,
    last_error: online === "online" ? null : "连接区热线平台超时（10 秒）",
    server_offset_ms: offset,
    tickets: rows.length,
  });
  const syncHandlers = new Set<(s: SyncStatus) => void>();
  const events: DeskEvents = {
    onSyncStatus: async (h) => {
      syncHandlers.add(h);
      return () => syncHandlers.delete(h);
    },
    onTicketsChanged: async () => () => undefined,
    onAlertsChanged: async () => () => undefined,
    onOpenTicket: async () => () => undefined,
    onUpdateAvailable: async () => () => undefined,
    onUpdateProgress: async () => () => undefined,
    onOpenAbout: async () => () => undefined,
    onOpenAlert: async () => () => undefined,
  };
  const outbox: OutboxEntry[] = [];
  let nextOutboxId = 1;
  function queue(id: string, kind: OutboxKind, kind_label: string, body: unknown): OutboxEntry {
    const entry = outboxEntry({
      id: nextOutboxId++,
      ticket_id: id,
      kind,
      kind_label,
      body,
      idempotency_key: `dev-${Date.now()}`,
      created_ms: Date.now(),
      updated_ms: Date.now(),
    });
    outbox.push(entry);
    return entry;
  }
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  let prefs = alertPrefs();
  let duty = dutyPanel();
  let desktop = desktopPrefs();

  // Reply drafts, per ticket; every tenth redo ticket shows a collision with B's draft.
  const replies = new Map<string, ReplyWorkspace>();
  const versions = new Map<string, DraftVersionView[]>();
  let nextVersionId = 1;
  function rowOf(id: string): TicketRow {
    const row = rows.find((r) => r.id === id);
    if (!row) throw { code: "not_found", message: `未找到工单 ${id}` };
    return row;
  }
  function linted(ws: ReplyWorkspace, row: TicketRow): ReplyWorkspace {
    const findings = devLint(ws.form, row, Date.now() + offset);
    return { ...ws, findings, blocked: findings.some((x) => x.blocking), version_count: versions.get(ws.ticket_id)?.length ?? 0 };
  }
  function workspaceOf(id: string): ReplyWorkspace {
    const row = rowOf(id);
    let ws = replies.get(id);
    if (!ws) {
      const redo = row.status === "redo";
      ws = replyWorkspace({
        ticket_id: id,
        title: row.title,
        can_reply: row.our_role === "lead" && (row.status === "in_progress" || row.status === "redo"),
        is_redo: redo,
        redo_reason: redo ? "市民回访不满意：称路灯仍未修复，答复内容与实际不符。<b>请核实</b>" : null,
        callback_comment: redo ? "晚上还是黑的，根本没人来修。" : null,
        form: replyForm({ contact_phone: "13800001111" }),
        shared: redo ? { revision: 3, updated_by: "王五", updated_at_ms: Date.now() - 600_000, mine: false } : null,
        collision: redo
          ? {
              theirs: replyForm({ outcome: "resolved", text: "经核实，路灯线路已由供电公司更换，<script>x</script> 现已恢复照明。" }),
              by: "王五",
              at_ms: Date.now() - 600_000,
              summary: `B角 王五 ${new Date(Date.now() - 600_000).toTimeString().slice(0, 5)} 更新了草稿`,
            }
          : null,
      });
      replies.set(id, ws);
    }
    ws = linted(ws, row);
    replies.set(id, ws);
    return { ...ws };
  }
  function keepVersion(id: string, form: ReplyForm, label: string): void {
    if (!form.text.trim()) return;
    const list = versions.get(id) ?? [];
    list.unshift({ id: nextVersionId++, saved_ms: Date.now(), source_label: label, preview: form.text.slice(0, 60), form: { ...form } });
    versions.set(id, list);
  }
  return {
    events,
    commands: {
      appInfo: async () => DEMO_APP_INFO,
      signIn: async () => ({ info: DEMO_APP_INFO, token_kept: false, note: "浏览器开发模式：没有系统钥匙串" }),
      signOut: async () => null,
      listTickets: async (query) => ticketPage(rows, query, Date.now() + offset),
      ticketDetail: async (id) => {
        const row = rows.find((r) => r.id === id);
        if (!row) throw { code: "not_found", message: `未找到工单 ${id}` };
        const entries = outbox.filter((e) => e.ticket_id === id && e.state !== "discarded");
        if (row.outbox_state?.state === "conflict" && entries.length === 0) {
          entries.push(
            outboxEntry({
              id: nextOutboxId++,
              ticket_id: id,
              kind: "reply",
              kind_label: "答复",
              state: "conflict",
              state_label: "冲突",
              attempts: 1,
              status_code: 412,
              last_error: "工单已被修改（版本 3），请核对后重新提交",
              body: { text: "已联系市民，<script>x</script> 路灯已修复。", contact: "张敏" },
              field_errors: { text: ["答复内容须包含办理结果"] },
            }),
          );
          outbox.push(...entries);
        }
        return makeDetail(row, entries);
      },
      revealPhone: async () => ({ phone: "13812345678", address: "天桥区北园街道幸福小区3号楼2单元501" }),
      openAttachment: async (_ticketId, attachmentId) => {
        if (online === "offline") throw { code: "offline", message: "附件尚未下载，当前无法连接区热线平台：联网后即可打开" };
        await wait(300);
        return { path: `/tmp/demo/attachments/${attachmentId}`, opens_directly: true, downloaded_now: true };
      },
      ack: async (id) => queue(id, "ack", "签收", {}),
      requestExtension: async (id, reason, requestedDueMs) =>
        queue(id, "extension", "延期申请", { reason, requested_due_ms: requestedDueMs }),
      requestCoordination: async (id, reason, units) => queue(id, "coordination", "协调申请", { reason, units }),
      requestReassignment: async (id, reason, suggestedUnit) =>
        queue(id, "reassignment", "改派申请", { reason, suggested_unit: suggestedUnit }),
      submitOpinion: async (id, text, contactName, contactPhone) =>
        queue(id, "opinion", "协办意见", { text, contact_name: contactName, contact_phone: contactPhone }),
      discardOutbox: async (entryId) => {
        const e = outbox.find((x) => x.id === entryId);
        if (e) Object.assign(e, { state: "discarded", state_label: "已放弃", needs_attention: false, can_retry: false });
        return null;
      },
      retryOutbox: async (entryId) => {
        const e = outbox.find((x) => x.id === entryId);
        if (!e || e.state !== "blocked") throw { code: "invalid_input", message: `#${entryId} 不是发送受阻状态，无需重试` };
        Object.assign(e, { state: "pending", state_label: "待发送", needs_attention: false, can_retry: false, blocked_ms: null });
        return { ...e };
      },
      workdayDates: async (from, to) => {
        const out: string[] = [];
        for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
          const wd = d.getUTCDay();
          if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
        }
        return { dates: out, estimated_years: [] };
      },
      unitDirectory: async () => ["区城管局", "区住建局", "区市场监管局", "供电公司北园所"],
      syncStatus: async () => status,
      syncNow: async () => {
        status = { ...status, syncing: true };
        syncHandlers.forEach((h) => h(status));
        await wait(800);
        if (online === "offline") {
          status = { ...status, syncing: false, last_attempt_ms: Date.now() };
          syncHandlers.forEach((h) => h(status));
          throw { code: "offline", message: "无法连接区热线平台：连接超时" };
        }
        status = { ...status, syncing: false, last_sync_ms: Date.now(), last_attempt_ms: Date.now() };
        syncHandlers.forEach((h) => h(status));
        return { pages: 1, items: rows.length, tickets_changed: 0, removed: 0, skipped: 0, sent: 0, refused: 0 };
      },
      uiReady: async (n) => {
        console.info(`ui_ready(${n})`);
        return null;
      },
      replyWorkspace: async (id) => workspaceOf(id),
      saveReplyDraft: async (id, form, share) => {
        const ws = workspaceOf(id);
        if ([...ws.form.text].length - [...form.text].length >= 10) keepVersion(id, ws.form, "自动保存");
        const next = linted({ ...ws, form: { ...form }, saved_ms: Date.now(), unshared: !share || ws.collision !== null }, rowOf(id));
        if (share && ws.collision === null) next.shared = { revision: (ws.shared?.revision ?? 0) + 1, updated_by: DEMO_APP_INFO.officer_name, updated_at_ms: Date.now(), mine: true };
        replies.set(id, next);
        return { saved_ms: Date.now(), findings: next.findings, blocked: next.blocked, shared_queued: share && ws.collision === null };
      },
      resolveDraftCollision: async (id, form) => {
        const ws = workspaceOf(id);
        keepVersion(id, ws.form, "被共享草稿替换前");
        replies.set(id, { ...ws, form: { ...form }, collision: null, unshared: false });
        return workspaceOf(id);
      },
      draftVersions: async (id) => versions.get(id) ?? [],
      restoreDraftVersion: async (id, versionId) => {
        const version = (versions.get(id) ?? []).find((v) => v.id === versionId);
        if (!version) throw { code: "invalid_input", message: `草稿没有版本 #${versionId}` };
        const ws = workspaceOf(id);
        keepVersion(id, ws.form, "恢复旧版本前");
        replies.set(id, { ...ws, form: { ...version.form }, unshared: true });
        return workspaceOf(id);
      },
      sendReply: async (id) => {
        const ws = workspaceOf(id);
        if (ws.collision) throw { code: "invalid_input", message: "另一位联络员更新了草稿：请先处理草稿冲突" };
        if (ws.blocked) {
          const first = ws.findings.filter((x) => x.blocking).slice(0, 3).map((x) => x.message);
          throw { code: "invalid_input", message: `答复不符合规范，不能发送：${first.join("；")}` };
        }
        const f = ws.form;
        const body = {
          outcome: f.outcome,
          text: f.text,
          citizen_contacted_at: new Date(f.citizen_contacted_ms ?? Date.now()).toISOString(),
          contact_method: f.contact_method,
          contact_name: f.contact_name,
          contact_phone: f.contact_phone,
          policy_basis: f.policy_basis || null,
          addresses_redo_reason: f.addresses_redo_reason || null,
        };
        const entry = queue(id, "reply", "答复", body);
        replies.set(id, { ...ws, reply_entry: entry });
        // The dev backend "sends" it a moment later, unless offline.
        if (online !== "offline") {
          setTimeout(() => {
            entry.state = "sent";
            entry.state_label = "已发送";
            entry.sent_ms = Date.now();
          }, 1500);
        }
        return entry;
      },
      // Alerts: a minimal stand-in (no alerts yet, settings kept in memory).
      alertLog: async () => [],
      unreadAlertCount: async () => 0,
      markAlertRead: async () => null,
      markAllAlertsRead: async () => null,
      alertSettings: async () => prefs,
      setAlertSettings: async (settings) => {
        prefs = settings;
        return null;
      },
      // Duty: kept in memory; a handover takes effect at once (no district in between).
      dutyPanel: async () => duty,
      handOverDuty: async (untilMs, note) => {
        duty = { ...duty, on_duty: "B", since_ms: Date.now(), until_ms: untilMs, note, i_am_on_duty: false, can_hand_over: false, can_take_back: true };
        const entry = queue("", "duty", "值班交接", { on_duty: "B", until: untilMs, note });
        entry.ticket_id = null;
        return entry;
      },
      takeDutyBack: async () => {
        duty = dutyPanel({ since_ms: Date.now() });
        const entry = queue("", "duty", "值班交接", { on_duty: "A", until: null, note: "" });
        entry.ticket_id = null;
        return entry;
      },
      ...reportMock(),
      checkForUpdate: async () => ({ current_version: "0.1.0", offer: null, in_app: true, ask: null }),
      installUpdate: async () => null,
      about: async () => ({
        version: "0.1.0-dev",
        build_date: "unknown",
        commit: "unknown",
        contract_version: "1",
        data_dir: "/tmp/demo",
        log_dir: null,
      }),
      desktopPrefs: async () => desktop,
      setAutostart: async (enabled) => {
        desktop = { ...desktop, autostart: enabled };
        return desktop;
      },
    },
  };
}
