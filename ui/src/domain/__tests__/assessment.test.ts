import { describe, expect, it } from "vitest";
import {
  customPeriod,
  figureDef,
  formatFigure,
  formatRate,
  maskPhone,
  monthPeriod,
  previousPeriod,
  projectionSentence,
  quarterPeriod,
} from "../assessment";
import { figures } from "../../testing/reportFixtures";

describe("assessment formatting", () => {
  it.each([
    [0.9623, "96.2%"],
    [0.9145, "91.5%"],
    [1, "100.0%"],
    [0, "0.0%"],
    [null, "—"],
  ])("formatRate(%s) = %s", (rate, shown) => {
    expect(formatRate(rate)).toBe(shown);
  });

  it("shows null figures as —, counts as integers", () => {
    const f = figures({ redo_rate: null, ack_minutes_median: null });
    expect(formatFigure(figureDef("redo_rate"), f)).toBe("—");
    expect(formatFigure(figureDef("ack_minutes_median"), f)).toBe("—");
    expect(formatFigure(figureDef("dispatched"), f)).toBe("52");
    expect(formatFigure(figureDef("dispatched"), null)).toBe("—");
  });

  it("says the projection as the issue does", () => {
    expect(projectionSentence(3, 0.962, 0.914)).toBe("若本月到期的 3 件未按时答复，按时办结率将由 96.2% 降至 91.4%");
    expect(projectionSentence(1, null, 0)).toBe("若本月到期的 1 件未按时答复，按时办结率将由 — 降至 0.0%");
    expect(projectionSentence(0, 0.9, 0.9)).toContain("没有将到期未答复的工单");
  });

  it("masks a phone for paper", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("1234")).toBe("****");
  });
});

describe("periods", () => {
  it("names months and quarters by their Beijing dates, leap years included", () => {
    expect(monthPeriod("2028-02")).toEqual({ kind: "month", from: "2028-02-01", to: "2028-02-29" });
    expect(quarterPeriod(2026, 4)).toEqual({ kind: "quarter", from: "2026-10-01", to: "2026-12-31" });
  });

  it("puts the period before beside it", () => {
    expect(previousPeriod(monthPeriod("2026-01"))).toEqual(monthPeriod("2025-12"));
    expect(previousPeriod(quarterPeriod(2026, 1))).toEqual(quarterPeriod(2025, 4));
    expect(previousPeriod(customPeriod("2026-11-10", "2026-11-16"))).toEqual({ kind: "custom", from: "2026-11-03", to: "2026-11-09" });
    expect(customPeriod("2026-11-16", "2026-11-10")).toEqual({ kind: "custom", from: "2026-11-10", to: "2026-11-16" });
  });
});
