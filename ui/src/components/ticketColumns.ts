// Column definitions of the ticket table. Cells render untrusted text (titles, ids)
// only as text children of vnodes, never as HTML.

import { h } from "vue";
import type { Column } from "element-plus";
import { isUrgent } from "../domain/badges";
import { formatShanghaiMonthDayTime } from "../domain/format";
import type { TicketRow } from "../ipc/bindings";
import CountdownCell from "./CountdownCell.vue";
import TicketBadges from "./TicketBadges.vue";

interface CellParams {
  rowData: TicketRow;
}

function textCell(text: string, className: string) {
  return h("span", { class: ["cell-text", className], title: text }, text);
}

/** `nowMs` is read by each countdown cell, so countdowns follow the shared clock without re-rendering the table. */
export function ticketColumns(nowMs: () => number): Column<unknown>[] {
  return [
    {
      key: "id",
      dataKey: "id",
      title: "工单编号",
      width: 150,
      cellRenderer: ({ rowData }: CellParams) => textCell(rowData.id, "cell-id"),
    },
    {
      key: "title",
      dataKey: "title",
      title: "标题",
      width: 240,
      flexGrow: 1,
      cellRenderer: ({ rowData }: CellParams) => textCell(rowData.title, "cell-title"),
    },
    {
      key: "category",
      dataKey: "category_label",
      title: "类别",
      width: 60,
      cellRenderer: ({ rowData }: CellParams) => textCell(rowData.category_label, "cell-category"),
    },
    {
      key: "urgency",
      dataKey: "urgency_label",
      title: "紧急程度",
      width: 80,
      cellRenderer: ({ rowData }: CellParams) =>
        textCell(rowData.urgency_label, isUrgent(rowData) ? "cell-urgency cell-urgency--urgent" : "cell-urgency"),
    },
    {
      key: "status",
      dataKey: "status_label",
      title: "状态",
      width: 100,
      cellRenderer: ({ rowData }: CellParams) => textCell(rowData.status_label, "cell-status"),
    },
    {
      key: "countdown",
      title: "倒计时",
      width: 210,
      // The getter, not its value: the cell reads the clock, the table does not.
      cellRenderer: ({ rowData }: CellParams) => h(CountdownCell, { deadline: rowData.deadline, now: nowMs, estimatedYears: rowData.estimated_years }),
    },
    {
      key: "flags",
      title: "标记",
      width: 250,
      cellRenderer: ({ rowData }: CellParams) => h(TicketBadges, { row: rowData }),
    },
    {
      key: "dispatched",
      dataKey: "dispatched_at_ms",
      title: "派单时间",
      width: 100,
      cellRenderer: ({ rowData }: CellParams) =>
        textCell(formatShanghaiMonthDayTime(rowData.dispatched_at_ms), "cell-dispatched"),
    },
  ];
}
