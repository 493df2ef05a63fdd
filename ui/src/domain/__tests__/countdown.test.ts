import { describe, expect, it } from "vitest";
// The same cases the Rust side (desk-domain) tests: both ports must agree on every one.
import cases from "../../../../crates/desk-domain/fixtures/countdown_cases.json";
import { countdown, deadlineCountdown, formatRemaining } from "../countdown";

interface Case {
  name: string;
  deadline: string;
  now: string;
  due_soon_seconds: number;
  text: string;
  urgency: string;
}

describe("countdown (shared fixture with Rust)", () => {
  const all = cases as Case[];

  it("has cases to check", () => {
    expect(all.length).toBeGreaterThan(5);
  });

  it.each(all.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const deadlineMs = Date.parse(c.deadline);
    const nowMs = Date.parse(c.now);
    expect(Number.isNaN(deadlineMs) || Number.isNaN(nowMs)).toBe(false);
    const result = countdown(deadlineMs, nowMs, c.due_soon_seconds);
    expect(result.text).toBe(c.text);
    expect(result.urgency).toBe(c.urgency);
  });
});

describe("countdown details", () => {
  it("truncates sub-second remainders toward zero like chrono's num_seconds", () => {
    const deadline = Date.UTC(2026, 0, 1);
    expect(countdown(deadline, deadline - 1_999, 60).remainingSeconds).toBe(1);
    // 0.5 s late is still the deadline second: not yet overdue, and never "-0".
    const halfLate = countdown(deadline, deadline + 500, 60);
    expect(halfLate).toEqual({ remainingSeconds: 0, urgency: "due_soon", text: "剩余 0秒" });
    expect(countdown(deadline, deadline + 1_500, 60).text).toBe("已超时 1秒");
  });

  it("formats each unit boundary", () => {
    expect(formatRemaining(59)).toBe("剩余 59秒");
    expect(formatRemaining(60)).toBe("剩余 1分钟");
    expect(formatRemaining(3_600)).toBe("剩余 1小时");
    expect(formatRemaining(86_400 + 59 * 60)).toBe("剩余 1天");
    expect(formatRemaining(-90)).toBe("已超时 1分钟");
  });

  it("has no countdown for a ticket without an active deadline", () => {
    expect(deadlineCountdown(null, Date.now())).toBeNull();
  });
});
