import { mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defineComponent, h, watch } from "vue";
import CountdownCell from "../../components/CountdownCell.vue";
import { setBackend } from "../../ipc/backend";
import { fakeBackend } from "../../testing/fakeBackend";
import { activeDeadline, syncStatus } from "../../testing/fixtures";
import { useClockStore } from "../clock";
import { useSyncStore } from "../sync";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0); // 10:00 in Shanghai
const MINUTE = 60_000;

let hidden = false;

function setHidden(value: boolean): void {
  hidden = value;
  document.dispatchEvent(new Event("visibilitychange"));
}

/** Every time the clock ticks (its time changes), the PC time it ticked at. */
function recordTicks(): number[] {
  const ticks: number[] = [];
  const clock = useClockStore();
  watch(
    () => clock.pcNowMs,
    (t) => ticks.push(t),
    { flush: "sync" },
  );
  return ticks;
}

/** A countdown cell on the shared clock, as the ticket table and detail show it. */
function mountCountdown(dueMs: number) {
  const clock = useClockStore();
  const Host = defineComponent({
    setup() {
      clock.start();
      return () => h(CountdownCell, { deadline: activeDeadline("reply", dueMs), now: () => clock.serverNowMs });
    },
    unmounted() {
      clock.stop();
    },
  });
  return mount(Host);
}

beforeEach(() => {
  hidden = false;
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  vi.useFakeTimers({ now: NOW });
  setBackend(fakeBackend());
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.useRealTimers();
  setBackend(null);
});

describe("shared clock", () => {
  it("runs one timer however many views start it", () => {
    const clock = useClockStore();
    clock.start();
    clock.start();
    clock.start();
    expect(vi.getTimerCount()).toBe(1);
    clock.stop();
    clock.stop();
    expect(vi.getTimerCount()).toBe(1);
    clock.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not wake while nothing on screen changes (until Beijing midnight)", () => {
    const clock = useClockStore();
    const ticks = recordTicks();
    clock.start();
    vi.advanceTimersByTime(13 * 60 * MINUTE); // 10:00 to 23:00 Shanghai
    expect(ticks).toEqual([]);
    vi.advanceTimersByTime(60 * MINUTE + 10);
    expect(ticks).toHaveLength(1);
    clock.stop();
  });

  it("ticks once a minute for a minutes countdown, just after the deadline's minute boundary", async () => {
    // 45 min 17.5 s left: the text changes at 17.5 s past each of the clock's minutes.
    const due = NOW + 45 * MINUTE + 17_500;
    const ticks = recordTicks();
    const w = mountCountdown(due);
    expect(w.text()).toContain("剩余 45分钟");
    vi.advanceTimersByTime(10 * MINUTE);
    await w.vm.$nextTick();
    expect(ticks).toHaveLength(10);
    ticks.forEach((t, i) => {
      const since = t - (NOW + 17_501 + i * MINUTE);
      expect(since).toBeGreaterThanOrEqual(0);
      expect(since).toBeLessThan(50);
    });
    expect(w.text()).toContain("剩余 35分钟");
    w.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("ticks every second in a countdown's last minute", async () => {
    const ticks = recordTicks();
    const w = mountCountdown(NOW + 30_000);
    vi.advanceTimersByTime(10_000);
    await w.vm.$nextTick();
    expect(ticks).toHaveLength(10);
    expect(w.text()).toContain("剩余 20秒");
    w.unmount();
  });

  it("never ticks while the window is hidden or minimised, and ticks at once on showing", async () => {
    const ticks = recordTicks();
    const w = mountCountdown(NOW + 30_000); // the busiest case: a tick a second
    setHidden(true);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5 * MINUTE);
    expect(ticks).toEqual([]);
    setHidden(false);
    expect(ticks).toEqual([NOW + 5 * MINUTE]);
    await w.vm.$nextTick();
    expect(w.text()).toContain("已超时 4分钟");
    expect(vi.getTimerCount()).toBe(1);
    w.unmount();
  });

  it("is corrected by the server offset (server minus PC)", () => {
    const clock = useClockStore();
    clock.start();
    expect(clock.serverNowMs).toBe(NOW);
    useSyncStore().applyStatus(syncStatus({ server_offset_ms: 90_000 }));
    expect(clock.serverNowMs).toBe(NOW + 90_000);
    clock.stop();
  });
});
