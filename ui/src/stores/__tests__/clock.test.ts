import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import { fakeBackend } from "../../testing/fakeBackend";
import { syncStatus } from "../../testing/fixtures";
import { useClockStore } from "../clock";
import { useSyncStore } from "../sync";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);

beforeEach(() => {
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

  it("ticks every second", () => {
    const clock = useClockStore();
    clock.start();
    vi.advanceTimersByTime(3_000);
    expect(Math.floor((clock.pcNowMs - NOW) / 1000)).toBe(2);
    vi.advanceTimersByTime(1_000);
    expect(Math.floor((clock.pcNowMs - NOW) / 1000)).toBe(3);
    clock.stop();
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
