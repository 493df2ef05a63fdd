// The quick filters above the ticket list. Ids are the backend's `TicketQuery.tab`
// values and the keys of `TabCounts`; the backend decides membership (at server time).

import type { TabCounts, TicketQuery } from "../ipc/bindings";

export type TabId = TicketQuery["tab"];

export interface TabDef {
  id: TabId;
  label: string;
}

export const TABS: readonly TabDef[] = [
  { id: "all", label: "全部" },
  { id: "pending_ack", label: "待签收" },
  { id: "due_soon", label: "即将超时" },
  { id: "overdue", label: "已超时" },
  { id: "redo", label: "重办" },
  { id: "supervised", label: "督办" },
  { id: "co_handling", label: "协办" },
  { id: "extension_pending", label: "延期审核中" },
  { id: "replied", label: "已答复待回访" },
  { id: "closed", label: "已办结" },
];

export interface TabView extends TabDef {
  /** null until the first page arrived. */
  count: number | null;
}

export function tabViews(counts: TabCounts | null): TabView[] {
  return TABS.map((t) => ({ ...t, count: counts ? counts[t.id] : null }));
}
