// The report's IPC types, in one place for the 考核 page (generated: ../ipc/bindings).
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
} from "../ipc/bindings";
