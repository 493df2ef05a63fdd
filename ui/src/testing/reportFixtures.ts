// Report fixtures for the 考核 page's tests and the dev mock (no vitest here).
import type { AssessmentReport, Figures, MonthRates, ReportQuery } from "../report/types";

export function figures(overrides: Partial<Figures> = {}): Figures {
  return {
    dispatched: 52,
    acked_on_time: 50,
    ack_on_time_rate: 50 / 52,
    finished: 48,
    finished_on_time: 46,
    overdue_open: 1,
    on_time_rate: 46 / 49,
    redo_tickets: 3,
    redo_rate: 3 / 52,
    callbacks: 40,
    process_satisfied: 38,
    process_satisfaction_rate: 0.95,
    result_resolved: 34,
    result_satisfaction_rate: 0.85,
    extensions_requested: 4,
    extensions_approved: 3,
    supervised: 2,
    yellow_cards: 1,
    red_cards: 0,
    opinions_due: 6,
    opinions_on_time: 5,
    opinion_on_time_rate: 5 / 6,
    ack_minutes_median: 18,
    contact_minutes_median: 95.5,
    reply_margin_working_hours_median: 12.25,
    ...overrides,
  };
}

export function assessmentReport(overrides: Partial<AssessmentReport> = {}): AssessmentReport {
  return {
    from: "2026-11-01",
    to: "2026-11-30",
    at_ms: Date.UTC(2026, 10, 28, 2, 0, 0),
    last_synced_ms: Date.UTC(2026, 10, 28, 1, 55, 0),
    figures: figures(),
    by_matter: [{ key: "城市管理", label: "城市管理", figures: figures({ dispatched: 30 }) }],
    by_category: [{ key: "complaint", label: "投诉", figures: figures({ dispatched: 20 }) }],
    projection: {
      month: "2026-11",
      on_time_rate_now: 0.962,
      on_time_rate_if_missed: 0.914,
      at_risk: [
        { id: "BY20261127-0007", title: "楼道堆物占用消防通道", reply_due_ms: Date.UTC(2026, 10, 29, 10, 0, 0) },
        { id: "BY20261126-0003", title: "夜间施工噪音扰民", reply_due_ms: Date.UTC(2026, 10, 30, 10, 0, 0) },
        { id: "BY20261125-0011", title: "小区门口路灯不亮", reply_due_ms: Date.UTC(2026, 10, 30, 10, 0, 0) },
      ],
      at_risk_count: 3,
    },
    ...overrides,
  };
}

export function monthRates(month: string, overrides: Partial<MonthRates> = {}): MonthRates {
  return {
    month,
    dispatched: 40,
    ack_on_time_rate: 0.98,
    on_time_rate: 0.95,
    redo_rate: 0.05,
    process_satisfaction_rate: 0.93,
    result_satisfaction_rate: 0.86,
    ...overrides,
  };
}

/** The answer for a period: November 2026 as `assessmentReport()`, other periods without projection. */
export function reportFor(q: ReportQuery): AssessmentReport {
  return assessmentReport({
    from: q.from,
    to: q.to,
    ...(q.from.startsWith("2026-11") ? {} : { projection: null, figures: figures({ dispatched: 47, on_time_rate: null }) }),
  });
}
