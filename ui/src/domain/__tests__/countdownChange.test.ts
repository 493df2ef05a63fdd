import { describe, expect, it } from "vitest";
import { deadlineCountdown, msUntilCountdownChanges } from "../countdown";
import { formatRelativePast, msUntilRelativePastChanges } from "../format";

const NOW = Date.UTC(2026, 11, 6, 2, 0, 0);
const HOUR = 3_600_000;

function shown(deadline: { due_ms: number; due_soon_seconds: number }, nowMs: number): string {
  const cd = deadlineCountdown(deadline, nowMs);
  return `${cd?.urgency} ${cd?.text}`;
}

/** A small deterministic generator (no Math.random in tests). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

describe("msUntilCountdownChanges: the clock wakes only when a countdown's text changes", () => {
  it("wakes once a minute, at the deadline's own minute boundary, for a minutes countdown", () => {
    // 45 min 17.5 s left: "剩余 45分钟" until 17.5 s from now.
    const deadline = { due_ms: NOW + 45 * 60_000 + 17_500, due_soon_seconds: 0 };
    expect(shown(deadline, NOW)).toBe("normal 剩余 45分钟");
    expect(msUntilCountdownChanges(deadline, NOW)).toBe(17_501);
    expect(shown(deadline, NOW + 17_500)).toBe("normal 剩余 45分钟");
    expect(shown(deadline, NOW + 17_501)).toBe("normal 剩余 44分钟");
    expect(msUntilCountdownChanges(deadline, NOW + 17_501)).toBe(60_000);
  });

  it("wakes every second under a minute, every hour beyond a day, and when it turns amber", () => {
    expect(msUntilCountdownChanges({ due_ms: NOW + 30_250, due_soon_seconds: 0 }, NOW)).toBe(251);
    expect(msUntilCountdownChanges({ due_ms: NOW + 50 * HOUR + 5_000, due_soon_seconds: 0 }, NOW)).toBe(5_001);
    // Amber from 3 h left (remaining seconds <= due_soon_seconds).
    expect(msUntilCountdownChanges({ due_ms: NOW + 3 * HOUR + 30_000, due_soon_seconds: 3 * 3600 }, NOW)).toBe(
      29_001,
    );
    // Overdue by 10 min 20 s: "已超时 10分钟" until 40 s from now.
    expect(msUntilCountdownChanges({ due_ms: NOW - 620_000, due_soon_seconds: 0 }, NOW)).toBe(40_000);
    expect(msUntilCountdownChanges(null, NOW)).toBeNull();
  });

  it("never misses a change and never wakes for nothing (random deadlines)", () => {
    const rnd = lcg(18);
    for (let i = 0; i < 500; i += 1) {
      const span = [90_000, 2 * HOUR, 30 * HOUR, 5 * 24 * HOUR][i % 4]!;
      const deadline = {
        due_ms: NOW + Math.round((rnd() * 2 - 1) * span),
        due_soon_seconds: [0, 7_200, 86_400][i % 3]!,
      };
      const wait = msUntilCountdownChanges(deadline, NOW);
      expect(wait).not.toBeNull();
      const w = wait!;
      expect(w).toBeGreaterThan(0);
      const before = shown(deadline, NOW);
      for (let k = 0; k < 20; k += 1) expect(shown(deadline, NOW + Math.floor((rnd() * (w - 1)) | 0))).toBe(before);
      expect(shown(deadline, NOW + w - 1)).toBe(before);
      // Changed at the wake-up (or, at "剩余 0秒" turning overdue, within the next second).
      expect(shown(deadline, NOW + w) !== before || shown(deadline, NOW + w + 1_000) !== before).toBe(true);
    }
  });
});

describe("msUntilRelativePastChanges", () => {
  it("wakes when 上次同步 moves to the next minute, then hour", () => {
    const then = NOW - 90_000; // "1 分钟前" until two minutes after it
    expect(formatRelativePast(then, NOW)).toBe("1 分钟前");
    expect(msUntilRelativePastChanges(then, NOW)).toBe(30_000);
    expect(formatRelativePast(then, NOW + 30_000)).toBe("2 分钟前");
    expect(msUntilRelativePastChanges(NOW - 2 * HOUR - 60_000, NOW)).toBe(HOUR - 60_000);
    expect(msUntilRelativePastChanges(null, NOW)).toBeNull();
  });
});
