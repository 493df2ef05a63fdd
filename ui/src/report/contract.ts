// TEMPORARY: the report IPC contract agreed with helper `report`, typed by hand until the
// generated bindings (`ui/src/ipc/bindings.ts`, `commands.ts`) carry it. Delete this file
// once `git merge h/report` brings them; every import goes through `./types` and `./api`.

export type Figures = {
  dispatched: number;
  acked_on_time: number;
  ack_on_time_rate: number | null;
  finished: number;
  finished_on_time: number;
  overdue_open: number;
  on_time_rate: number | null;
  redo_tickets: number;
  redo_rate: number | null;
  callbacks: number;
  process_satisfied: number;
  process_satisfaction_rate: number | null;
  result_resolved: number;
  result_satisfaction_rate: number | null;
  extensions_requested: number;
  extensions_approved: number;
  supervised: number;
  yellow_cards: number;
  red_cards: number;
  opinions_due: number;
  opinions_on_time: number;
  opinion_on_time_rate: number | null;
  ack_minutes_median: number | null;
  contact_minutes_median: number | null;
  reply_margin_working_hours_median: number | null;
};
export type BreakdownRow = { key: string; label: string; figures: Figures };
export type AtRiskTicket = { id: string; title: string; reply_due_ms: number };
export type Projection = {
  month: string;
  on_time_rate_now: number | null;
  on_time_rate_if_missed: number | null;
  at_risk: Array<AtRiskTicket>;
};
export type ReportQuery = { from: string; to: string; at_ms: number | null };
export type AssessmentReport = {
  from: string;
  to: string;
  at_ms: number;
  last_synced_ms: number | null;
  figures: Figures;
  by_matter: Array<BreakdownRow>;
  by_category: Array<BreakdownRow>;
  projection: Projection | null;
};
export type MonthRates = {
  month: string;
  dispatched: number;
  ack_on_time_rate: number | null;
  on_time_rate: number | null;
  redo_rate: number | null;
  process_satisfaction_rate: number | null;
  result_satisfaction_rate: number | null;
};
export type FigureKey =
  | "dispatched"
  | "acked_on_time"
  | "acked_late"
  | "finished"
  | "finished_on_time"
  | "overdue_open"
  | "redo_tickets"
  | "callbacks"
  | "process_satisfied"
  | "result_resolved"
  | "extensions_requested"
  | "extensions_approved"
  | "supervised"
  | "yellow_cards"
  | "red_cards"
  | "opinions_due"
  | "opinions_on_time"
  | "at_risk";
export type FigureFilter = { from: string; to: string; figure: FigureKey; matter: string | null; category: string | null };
export type ExportedFile = { path: string; tickets: number };

export interface ReportCommands {
  assessmentReport: (query: ReportQuery) => Promise<AssessmentReport>;
  assessmentTrend: (endMonth: string, months: number) => Promise<MonthRates[]>;
  exportAssessmentXlsx: (query: ReportQuery, revealCitizen: boolean) => Promise<ExportedFile>;
}
