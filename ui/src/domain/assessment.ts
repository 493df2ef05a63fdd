// The 考核 page's pure helpers: what each figure is called and means (issue 16's pinned
// definitions, in zh-CN), how numbers are shown, and the periods the picker offers.
import type { FigureKey, Figures } from "../report/types";
import { addDays } from "./dates";

export type FigureField = keyof Figures;

export interface FigureDef {
  field: FigureField;
  label: string;
  /** Tooltip: the pinned definition. */
  definition: string;
  kind: "count" | "rate" | "median";
  /** Unit of a median. */
  unit?: string;
  /** The tickets behind the number (a rate: its numerator); none for medians. */
  key: FigureKey | null;
}

const SCOPE = "统计范围：派单时间在所选期间内的本单位牵头工单。";

export const FIGURE_DEFS: readonly FigureDef[] = [
  { field: "dispatched", label: "派单量", kind: "count", key: "dispatched", definition: `${SCOPE}派单量即这些工单的件数。` },
  { field: "acked_on_time", label: "按时签收", kind: "count", key: "acked_on_time", definition: "签收时间不晚于签收时限的工单数。" },
  { field: "ack_on_time_rate", label: "按时签收率", kind: "rate", key: "acked_on_time", definition: "按时签收 ÷ 派单量。" },
  { field: "finished", label: "已办结", kind: "count", key: "finished", definition: "状态为已答复或已办结的工单数。" },
  { field: "finished_on_time", label: "按时办结", kind: "count", key: "finished_on_time", definition: "已办结，且最后一次答复不晚于答复时限的工单数。" },
  { field: "overdue_open", label: "超期未办结", kind: "count", key: "overdue_open", definition: "待签收、办理中或重办中，且答复时限早于统计时点的工单数。" },
  { field: "on_time_rate", label: "按时办结率", kind: "rate", key: "finished_on_time", definition: "按时办结 ÷（已办结 + 超期未办结）。" },
  { field: "redo_tickets", label: "重办件", kind: "count", key: "redo_tickets", definition: "被退回重办至少一次的工单数。" },
  { field: "redo_rate", label: "重办率", kind: "rate", key: "redo_tickets", definition: "重办件 ÷ 派单量。" },
  { field: "callbacks", label: "回访量", kind: "count", key: "callbacks", definition: "有回访记录的工单数。" },
  { field: "process_satisfied", label: "过程满意", kind: "count", key: "process_satisfied", definition: "回访中服务过程评价为满意或基本满意的工单数。" },
  { field: "process_satisfaction_rate", label: "服务过程满意率", kind: "rate", key: "process_satisfied", definition: "过程满意 ÷ 回访量（服务过程满意率）。" },
  { field: "result_resolved", label: "结果已解决", kind: "count", key: "result_resolved", definition: "回访中办理结果评价为已解决的工单数。" },
  { field: "result_satisfaction_rate", label: "办理结果满意率", kind: "rate", key: "result_resolved", definition: "结果已解决 ÷ 回访量（办理结果满意率）。" },
  { field: "extensions_requested", label: "申请延期", kind: "count", key: "extensions_requested", definition: "提出过延期申请的工单数。" },
  { field: "extensions_approved", label: "延期获批", kind: "count", key: "extensions_approved", definition: "延期申请已获批准的工单数。" },
  { field: "supervised", label: "督办件", kind: "count", key: "supervised", definition: "受到任一级别督办（提醒、黄牌、红牌）的工单数。" },
  { field: "yellow_cards", label: "黄牌督办", kind: "count", key: "yellow_cards", definition: "督办级别为黄牌的工单数。" },
  { field: "red_cards", label: "红牌督办", kind: "count", key: "red_cards", definition: "督办级别为红牌的工单数。" },
  { field: "opinions_due", label: "应交协办意见", kind: "count", key: "opinions_due", definition: "本单位为协办单位、应提交协办意见的工单数。" },
  { field: "opinions_on_time", label: "按时交协办意见", kind: "count", key: "opinions_on_time", definition: "协办意见在本单位意见时限前（含）提交的工单数。" },
  { field: "opinion_on_time_rate", label: "协办意见按时率", kind: "rate", key: "opinions_on_time", definition: "按时交协办意见 ÷ 应交协办意见。" },
  { field: "ack_minutes_median", label: "签收用时中位数", kind: "median", unit: "分钟", key: null, definition: "“四早”之早签收：派单至签收的分钟数，取期间中位数。" },
  { field: "contact_minutes_median", label: "首次联系市民用时中位数", kind: "median", unit: "分钟", key: null, definition: "“四早”之早联系：派单至首次联系市民（答复中的联系时间）的分钟数，取中位数。" },
  { field: "reply_margin_working_hours_median", label: "答复距时限余量中位数", kind: "median", unit: "工作小时", key: null, definition: "“四早”之早答复：最后一次答复距答复时限的工作小时数（按工作日历，负数为超时），取中位数。" },
];

/** The four headline rates (the trend chart and the cards on top). */
export const HEADLINE_FIELDS = ["on_time_rate", "redo_rate", "process_satisfaction_rate", "result_satisfaction_rate"] as const;
export type HeadlineField = (typeof HEADLINE_FIELDS)[number];

/** Columns of the breakdown tables. */
export const BREAKDOWN_FIELDS: readonly FigureField[] = [
  "dispatched",
  "finished_on_time",
  "overdue_open",
  "on_time_rate",
  "redo_tickets",
  "redo_rate",
  "callbacks",
  "process_satisfaction_rate",
  "result_satisfaction_rate",
];

export function figureDef(field: FigureField): FigureDef {
  const def = FIGURE_DEFS.find((d) => d.field === field);
  if (!def) throw new Error(`unknown figure ${field}`);
  return def;
}

/** A rate (fraction) as a percentage with one decimal: 0.9623 → "96.2%"; null → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** A figure's value as shown: counts as integers, rates as percentages, medians with one decimal. */
export function formatFigure(def: FigureDef, figures: Figures | null | undefined): string {
  if (!figures) return "—";
  const v = figures[def.field];
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (def.kind === "rate") return formatRate(v);
  if (def.kind === "median") return `${(Math.round(v * 10) / 10).toString()} ${def.unit ?? ""}`.trim();
  return String(v);
}

/** "若本月到期的 3 件未按时答复，按时办结率将由 96.2% 降至 91.4%". */
export function projectionSentence(atRisk: number, now: number | null, ifMissed: number | null): string {
  if (atRisk === 0) return "本月剩余时间内没有将到期未答复的工单，按时办结率预计保持不变";
  const change = now !== null && ifMissed !== null && ifMissed > now ? "升至" : "降至";
  return `若本月到期的 ${atRisk} 件未按时答复，按时办结率将由 ${formatRate(now)} ${change} ${formatRate(ifMissed)}`;
}

// ---- periods ---------------------------------------------------------------------------

export type PeriodKind = "month" | "quarter" | "custom";

export interface Period {
  kind: PeriodKind;
  /** YYYY-MM-DD (Beijing), inclusive. */
  from: string;
  to: string;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The month `YYYY-MM` as a period. */
export function monthPeriod(month: string): Period {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { kind: "month", from: `${y}-${pad2(m)}-01`, to: `${y}-${pad2(m)}-${pad2(lastDayOfMonth(y, m))}` };
}

/** Quarter `q` (1–4) of `year`. */
export function quarterPeriod(year: number, q: number): Period {
  const first = (q - 1) * 3 + 1;
  const last = first + 2;
  return { kind: "quarter", from: `${year}-${pad2(first)}-01`, to: `${year}-${pad2(last)}-${pad2(lastDayOfMonth(year, last))}` };
}

export function customPeriod(from: string, to: string): Period {
  return from <= to ? { kind: "custom", from, to } : { kind: "custom", from: to, to: from };
}

/** `YYYY-MM` of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Quarter (1–4) of a date. */
export function quarterOf(date: string): number {
  return Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
}

export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + delta;
  return `${Math.floor(idx / 12)}-${pad2((idx % 12) + 1)}`;
}

/** The period before: last month, last quarter, or the same number of days just before. */
export function previousPeriod(p: Period): Period {
  if (p.kind === "month") return monthPeriod(addMonths(monthOf(p.from), -1));
  if (p.kind === "quarter") {
    const y = Number(p.from.slice(0, 4));
    const q = quarterOf(p.from);
    return q === 1 ? quarterPeriod(y - 1, 4) : quarterPeriod(y, q - 1);
  }
  const days = Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000) + 1;
  return { kind: "custom", from: addDays(p.from, -days), to: addDays(p.from, -1) };
}

/** How the period is named on the page and the printed report. */
export function periodLabel(p: Period): string {
  if (p.kind === "month") return `${p.from.slice(0, 4)} 年 ${Number(p.from.slice(5, 7))} 月`;
  if (p.kind === "quarter") return `${p.from.slice(0, 4)} 年第 ${quarterOf(p.from)} 季度`;
  return `${p.from} 至 ${p.to}`;
}

/** "上月" / "上季度" / "上一期". */
export function previousLabel(kind: PeriodKind): string {
  return kind === "month" ? "上月" : kind === "quarter" ? "上季度" : "上一期";
}

/** The chip over the filtered ticket list: "考核筛选：2026 年 11 月 · 按时办结 · 城市管理". */
export function figureChipText(label: string, from: string, to: string, scope: string | null): string {
  const parts = [`${from} 至 ${to}`, label];
  if (scope) parts.push(scope);
  return `考核筛选：${parts.join(" · ")}`;
}

/** Label of a FigureKey for the chip (the figure's own label). */
export function figureKeyLabel(key: FigureKey): string {
  if (key === "at_risk") return "本月将到期未答复";
  if (key === "acked_late") return "超时签收";
  return FIGURE_DEFS.find((d) => d.field === key)?.label ?? key;
}

/** A citizen's or contact's phone for print: "138****5678" (keeps the first 3 and last 4 digits). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, "");
  if (digits.length <= 7) return "*".repeat(digits.length);
  return `${digits.slice(0, 3)}${"*".repeat(digits.length - 7)}${digits.slice(-4)}`;
}
