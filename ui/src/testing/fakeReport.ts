// The report commands of the fake backend (TEMPORARY home: they move into fakeBackend.ts
// once the generated commands carry them).
import { vi, type Mock } from "vitest";
import type { FakeBackend } from "./fakeBackend";
import type { ReportCommands } from "../report/contract";
import type { AssessmentReport, MonthRates, ReportQuery } from "../report/types";
import { monthRates, reportFor } from "./reportFixtures";

export type FakeReportCommands = { [K in keyof ReportCommands]: Mock<ReportCommands[K]> };

/**
 * Adds the report commands to a fake backend. `reports` answers per period (`from`), by
 * default `assessmentReport` for the asked period without projection outside November.
 */
export function withReport(
  backend: FakeBackend,
  init: { report?: (q: ReportQuery) => AssessmentReport; trend?: MonthRates[] } = {},
): FakeReportCommands {
  const report = init.report ?? reportFor;
  const fake: FakeReportCommands = {
    assessmentReport: vi.fn<ReportCommands["assessmentReport"]>(async (q) => report(q)),
    assessmentTrend: vi.fn<ReportCommands["assessmentTrend"]>(
      async () => init.trend ?? ["2026-09", "2026-10", "2026-11"].map((m) => monthRates(m)),
    ),
    exportAssessmentXlsx: vi.fn<ReportCommands["exportAssessmentXlsx"]>(async (q) => ({
      path: `/home/officer/下载/考核报表_${q.from}_${q.to}.xlsx`,
      tickets: 52,
    })),
  };
  Object.assign(backend.commands, fake);
  return fake;
}
