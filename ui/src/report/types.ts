// The report's IPC types, in one place for the UI. TEMPORARY source: ./contract (hand-typed);
// after `git merge h/report` this re-exports from ../ipc/bindings.
export type {
  AssessmentReport,
  AtRiskTicket,
  BreakdownRow,
  ExportedFile,
  FigureFilter,
  FigureKey,
  Figures,
  MonthRates,
  Projection,
  ReportQuery,
} from "./contract";
