import { describe, expect, it } from "vitest";
import {
  fieldErrorsByField,
  findingsFor,
  formatShanghaiClock,
  formatShanghaiShort,
  mergeSeed,
  msToPickerDateTime,
  otherFindings,
  pickerDateTimeToMs,
  sentReplyRows,
} from "../reply";
import { lintFinding } from "../../testing/fixtures";

describe("reply helpers", () => {
  it("reads the picker's wall-clock time as Shanghai time, whatever the PC's zone", () => {
    const ms = Date.UTC(2026, 10, 28, 2, 30, 0); // 10:30 in Shanghai
    const shown = msToPickerDateTime(ms);
    expect([shown.getHours(), shown.getMinutes()]).toEqual([10, 30]);
    expect(pickerDateTimeToMs(shown)).toBe(ms);
    expect(pickerDateTimeToMs(new Date(2026, 10, 28, 10, 30, 0))).toBe(ms);
  });

  it("formats save and share times in Shanghai", () => {
    const ms = Date.UTC(2026, 10, 28, 2, 42, 3);
    expect(formatShanghaiClock(ms)).toBe("10:42:03");
    expect(formatShanghaiShort(ms, ms + 3_600_000)).toBe("10:42");
    expect(formatShanghaiShort(ms, ms + 86_400_000)).toBe("11-28 10:42");
  });

  it("puts blocking findings of a field first and keeps the rest apart", () => {
    const hint = lintFinding({ code: "text_too_short", blocking: false });
    const block = lintFinding({ code: "forbidden_phrase" });
    const rules = lintFinding({ code: "invalid_rule_pattern", field: "rules", blocking: false });
    expect(findingsFor([hint, rules, block], "text")).toEqual([block, hint]);
    expect(otherFindings([hint, rules, block])).toEqual([rules]);
  });

  it("sorts a 422's errors by field, plain or as a path", () => {
    expect(fieldErrorsByField({ text: ["a"], "reply.text": ["b"], contact_phone: ["c"], version: ["d"] })).toEqual({
      byField: { text: ["a", "b"], contact_phone: ["c"] },
      other: [{ field: "version", messages: ["d"] }],
    });
    expect(fieldErrorsByField(null)).toEqual({ byField: {}, other: [] });
  });

  it("lists a queued reply's fields with labels", () => {
    const rows = sentReplyRows(
      { outcome: "resolved", text: "已修复", citizen_contacted_at: "2026-11-28T10:30:00+08:00", contact_method: "phone", policy_basis: null },
      [{ value: "resolved", label: "已解决" }],
      [{ value: "phone", label: "电话" }],
      (ms) => String(ms),
    );
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ["答复结果", "已解决"],
      ["答复内容", "已修复"],
      ["联系市民时间", String(Date.UTC(2026, 10, 28, 2, 30))],
      ["联系方式", "电话"],
    ]);
  });

  it("seeds a manual merge with both texts", () => {
    expect(mergeSeed("我的\n", "\n对方的")).toBe("我的\n\n——以下为对方的版本——\n对方的");
  });
});
