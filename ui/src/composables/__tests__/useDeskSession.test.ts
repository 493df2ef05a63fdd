import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defineComponent, h } from "vue";
import { setBackend } from "../../ipc/backend";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import { LIST_REFRESH_MS, useDeskSession } from "../useDeskSession";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);
let hidden = false;
let backend: FakeBackend;

function setHidden(value: boolean): void {
  hidden = value;
  document.dispatchEvent(new Event("visibilitychange"));
}

beforeEach(() => {
  hidden = false;
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  backend = fakeBackend();
  setBackend(backend);
});
afterEach(() => {
  vi.useRealTimers();
  setBackend(null);
});

describe("useDeskSession", () => {
  it("refreshes the list while shown, never while hidden or minimised, and at once on showing", async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const Host = defineComponent({
      setup() {
        useDeskSession();
        return () => h("div");
      },
    });
    const w = mount(Host, { global: { plugins: [pinia] } });
    await flushPromises();
    const loads = () => backend.commands.listTickets.mock.calls.length;
    const first = loads();
    expect(first).toBeGreaterThan(0);
    vi.advanceTimersByTime(LIST_REFRESH_MS);
    await flushPromises();
    expect(loads()).toBe(first + 1);

    setHidden(true);
    expect(vi.getTimerCount()).toBe(0); // neither the list refresh nor the clock
    vi.advanceTimersByTime(30 * LIST_REFRESH_MS);
    await flushPromises();
    expect(loads()).toBe(first + 1);

    setHidden(false);
    await flushPromises();
    expect(loads()).toBe(first + 2);
    w.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
