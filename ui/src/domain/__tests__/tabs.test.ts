import { describe, expect, it } from "vitest";
import { formatOver, tabViews } from "../tabs";
import { tabCounts } from "../../testing/fixtures";

describe("tab counts", () => {
  it("says 'more than' the Chinese way", () => {
    expect(formatOver(10000)).toBe("1 万+");
    expect(formatOver(20000)).toBe("2 万+");
    expect(formatOver(500)).toBe("500+");
    expect(formatOver(12345)).toBe("12345+");
  });

  it("shows numbers when counted, … while loading, and 1 万+ / — for an uncounted broad search", () => {
    const counted = tabViews(tabCounts({ all: 7, overdue: 2 }));
    expect(counted.find((t) => t.id === "all")?.countText).toBe("7");
    expect(counted.find((t) => t.id === "overdue")?.countText).toBe("2");
    expect(counted.every((t) => t.countTitle === null)).toBe(true);
    expect(tabViews(null).every((t) => t.countText === "…")).toBe(true);
    const capped = tabViews(tabCounts(), 10000);
    expect(capped.map((t) => t.countText)).toEqual(["1 万+", "—", "—", "—", "—", "—", "—", "—", "—", "—"]);
    // Never a zero that would read as "none".
    expect(capped.every((t) => t.count === null)).toBe(true);
  });
});
