import { defineStore } from "pinia";
import { ref, shallowRef } from "vue";
import { monthOf, monthPeriod, previousPeriod, type Period } from "../domain/assessment";
import { shanghaiDate } from "../domain/dates";
import type { IpcError } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";
import { getBackend } from "../ipc/backend";
import type { AssessmentReport, ExportedFile, MonthRates, ReportQuery } from "../report/types";

/** Months in the trend chart. */
export const TREND_MONTHS = 12;

/**
 * The 考核 page's data: the chosen period's report, the period before it (shown beside),
 * and the 12-month trend ending with the period's last month. All from the local cache.
 */
/**
 * At-risk tickets fetched for the page and the printed 考核报表: the earliest deadlines;
 * the projection counts all of them (`at_risk_count`) and the workbench lists them all.
 * At 1M cached a month can hold 260k of them.
 */
export const AT_RISK_FETCHED = 50;

export const useReportStore = defineStore("report", () => {
  const period = ref<Period | null>(null);
  const current = shallowRef<AssessmentReport | null>(null);
  const previous = shallowRef<AssessmentReport | null>(null);
  const trend = shallowRef<readonly MonthRates[]>([]);
  const loading = ref(false);
  const error = shallowRef<IpcError | null>(null);
  let generation = 0;

  /** `atRiskLimit`: how many at-risk tickets to fetch (the page lists a few and counts all). */
  /** The page's breakdowns show no median (asking for them reads every ticket of the period); the workbook holds them. */
  function queryOf(p: Period, atRiskLimit: number | null = null, breakdownMedians = false): ReportQuery {
    return { from: p.from, to: p.to, at_ms: null, at_risk_limit: atRiskLimit, breakdown_medians: breakdownMedians };
  }

  /** The default period: this month (Beijing) by the server-corrected clock. */
  function ensurePeriod(nowMs: number): Period {
    if (period.value === null) period.value = monthPeriod(monthOf(shanghaiDate(nowMs)));
    return period.value;
  }

  async function load(): Promise<void> {
    const p = period.value;
    if (p === null) return;
    const gen = ++generation;
    loading.value = true;
    try {
      const api = getBackend().commands;
      const [now, before, months] = await Promise.all([
        api.assessmentReport(queryOf(p, AT_RISK_FETCHED)),
        api.assessmentReport(queryOf(previousPeriod(p), AT_RISK_FETCHED)),
        api.assessmentTrend(monthOf(p.to), TREND_MONTHS),
      ]);
      if (gen !== generation) return; // a newer period was chosen meanwhile
      current.value = now;
      previous.value = before;
      trend.value = months;
      error.value = null;
    } catch (err) {
      if (gen === generation) error.value = toIpcError(err);
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  function setPeriod(next: Period): Promise<void> {
    period.value = next;
    return load();
  }

  /** 导出 Excel of the chosen period; `revealCitizen` is audited by the backend. */
  async function exportXlsx(revealCitizen: boolean): Promise<ExportedFile> {
    const p = period.value;
    if (p === null) throw { code: "invalid_input", message: "请先选择统计期间" };
    return getBackend().commands.exportAssessmentXlsx(queryOf(p, null, true), revealCitizen);
  }

  return { period, current, previous, trend, loading, error, ensurePeriod, load, setPeriod, exportXlsx };
});
