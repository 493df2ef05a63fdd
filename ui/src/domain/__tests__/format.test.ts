import { describe, expect, it } from "vitest";
import { clockOffsetNote, formatRelativePast, formatShanghaiMonthDayTime, officerWithRole } from "../format";

describe("formatShanghaiMonthDayTime", () => {
  it("shows dispatch time in Beijing time whatever the PC's zone", () => {
    // 2026-11-28 17:05 UTC is 2026-11-29 01:05 in Shanghai.
    expect(formatShanghaiMonthDayTime(Date.UTC(2026, 10, 28, 17, 5))).toBe("11-29 01:05");
    expect(formatShanghaiMonthDayTime(Date.parse("2026-01-02T09:03:00+08:00"))).toBe("01-02 09:03");
  });
});

describe("formatRelativePast", () => {
  const now = Date.UTC(2026, 10, 28);
  it("reads naturally", () => {
    expect(formatRelativePast(now - 59_000, now)).toBe("刚刚");
    expect(formatRelativePast(now + 5_000, now)).toBe("刚刚");
    expect(formatRelativePast(now - 60_000, now)).toBe("1 分钟前");
    expect(formatRelativePast(now - 3 * 86_400_000, now)).toBe("3 天前");
    expect(formatRelativePast(null, now)).toBe("尚未同步");
  });
});

describe("clockOffsetNote", () => {
  it("rounds to a readable amount", () => {
    expect(clockOffsetNote(45_000)).toBe("本机时钟慢了 45 秒，倒计时已按服务器时间校正");
    expect(clockOffsetNote(-(2 * 3_600_000 + 5 * 60_000))).toBe("本机时钟快了 2 小时 5 分钟，倒计时已按服务器时间校正");
  });
});

describe("officerWithRole", () => {
  it("names the A/B role", () => {
    expect(officerWithRole("张敏", "A")).toBe("张敏（A角）");
    expect(officerWithRole("李强", "b")).toBe("李强（B角）");
    expect(officerWithRole("张敏", "A角")).toBe("张敏（A角）");
  });
});
