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
  /** null until the first page arrived, and while a broad search is not counted. */
  count: number | null;
  /** What the tab shows as its count: "…" while loading, "1 万+" / "—" for a broad search. */
  countText: string;
  /** Why a count is not a number (a tooltip), or null. */
  countTitle: string | null;
}

/** "More than `n`", the way a count is said in Chinese: 10000 → "1 万+", 500 → "500+". */
export function formatOver(n: number): string {
  return n >= 10000 && n % 10000 === 0 ? `${n / 10000} 万+` : `${n}+`;
}

/**
 * The tabs with their counts. `over` (the list's `counts_over`): the search matches more than
 * `over` tickets and the backend did not count the tabs, so 全部 says "1 万+" and the other
 * tabs say "—" rather than a number that would be wrong.
 */
export function tabViews(counts: TabCounts | null, over: number | null = null): TabView[] {
  return TABS.map((t) => {
    if (over !== null) {
      return {
        ...t,
        count: null,
        countText: t.id === "all" ? formatOver(over) : "—",
        countTitle: `搜索到的工单超过 ${formatOver(over).replace("+", "")} 件，未分类计数；输入更多文字可缩小范围`,
      };
    }
    const count = counts ? counts[t.id] : null;
    return { ...t, count, countText: count === null ? "…" : String(count), countTitle: null };
  });
}
