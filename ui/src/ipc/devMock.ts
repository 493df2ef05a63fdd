// A fake backend for `npm run dev` in a plain browser (no Tauri). main.ts loads it only
// when import.meta.env.DEV, so it never reaches a build. Query parameters:
//   ?rows=N (default 120)  ?offset=MS (server minus PC)  ?online=offline|degraded|unknown
import type { Backend } from "./backend";
import type { Connectivity, SyncStatus, TicketRow } from "./bindings";
import type { DeskEvents } from "./events";
import { activeDeadline, DEMO_APP_INFO, syncStatus, ticketRow } from "../testing/fixtures";

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
const CATEGORIES: [string, string][] = [
  ["complaint", "投诉"],
  ["help", "求助"],
  ["inquiry", "咨询"],
  ["suggestion", "建议"],
  ["report", "举报"],
];

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
  };
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    events,
    commands: {
      appInfo: async () => DEMO_APP_INFO,
      listTickets: async () => rows,
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
    },
  };
}
