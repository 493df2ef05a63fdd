import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import type { TicketRow } from "../../ipc/bindings";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import { activeDeadline, syncStatus, tabCounts, ticketRow } from "../../testing/fixtures";
import DeskView from "../DeskView.vue";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0); // 2026-11-28 10:00 in Shanghai

let backend: FakeBackend;

function mountDesk(rows: TicketRow[]) {
  backend = fakeBackend({ rows, status: syncStatus({ last_sync_ms: NOW, tickets: rows.length }) });
  setBackend(backend);
  const pinia = createPinia();
  setActivePinia(pinia);
  return mount(DeskView, {
    props: { tableSize: { width: 1200, height: 600 } },
    global: { plugins: [pinia] },
    attachTo: document.body,
  });
}

function rowIds(): string[] {
  return [...document.querySelectorAll(".el-table-v2__row .cell-id")].map((c) => c.textContent ?? "");
}

beforeEach(() => {
  document.body.innerHTML = "";
  // The shared clock's timer and Date are fake; promises (and setImmediate) stay real.
  vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
  setBackend(null);
});

describe("DeskView", () => {
  it("renders the rows the backend returns, in its order", async () => {
    const wrapper = mountDesk([ticketRow({ id: "T-1", title: "第一件" }), ticketRow({ id: "T-2", title: "第二件" })]);
    await flushPromises();
    expect(rowIds()).toEqual(["T-1", "T-2"]);
    expect(wrapper.find(".status-bar__count").text()).toBe("工单 2 件");
    wrapper.unmount();
  });

  it("reports ui_ready once, after the first rows are in the DOM", async () => {
    backend = fakeBackend();
    const rows = [ticketRow({ id: "A" }), ticketRow({ id: "B" }), ticketRow({ id: "C" })];
    const wrapper = mountDesk(rows);
    let rowsInDomAtReady = -1;
    backend.commands.uiReady.mockImplementation(async () => {
      rowsInDomAtReady = document.querySelectorAll(".el-table-v2__row").length;
      return null;
    });
    await flushPromises();
    expect(backend.commands.uiReady).toHaveBeenCalledTimes(1);
    expect(backend.commands.uiReady).toHaveBeenCalledWith(3);
    expect(rowsInDomAtReady).toBe(3);

    backend.emitTicketsChanged();
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenCalledTimes(2);
    expect(backend.commands.uiReady).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });

  it("shows a hostile title as literal text", async () => {
    const evil = "<img src=x onerror=alert(1)>";
    const wrapper = mountDesk([ticketRow({ id: "T-X", title: evil })]);
    await flushPromises();
    expect(wrapper.find(".cell-title").text()).toBe(evil);
    expect(wrapper.element.textContent).toContain(evil);
    expect(document.querySelector("img")).toBeNull();
    wrapper.unmount();
  });

  it("tints rows by the live countdown and re-tints as the shared clock ticks past a deadline", async () => {
    const wrapper = mountDesk([
      ticketRow({ id: "late", deadline: activeDeadline("reply", NOW - 60_000) }),
      ticketRow({ id: "soon", deadline: activeDeadline("ack", NOW + 120_000) }),
      ticketRow({ id: "calm", deadline: activeDeadline("reply", NOW + 3 * 86_400_000) }),
      ticketRow({ id: "done", deadline: null, status: "closed", status_label: "已办结" }),
    ]);
    await flushPromises();
    const rowOf = (id: string) => wrapper.findAll(".el-table-v2__row").find((r) => r.find(".cell-id").text() === id)!;

    expect(rowOf("late").classes()).toContain("ticket-row--overdue");
    expect(rowOf("soon").classes()).toContain("ticket-row--due-soon");
    for (const id of ["calm", "done"]) {
      expect(rowOf(id).classes()).not.toContain("ticket-row--overdue");
      expect(rowOf(id).classes()).not.toContain("ticket-row--due-soon");
    }
    expect(rowOf("soon").find(".countdown").text()).toBe("签收 剩余 2分钟");
    expect(rowOf("done").find(".countdown").text()).toBe("—");

    // The shared clock ticks (just after each whole second) to one second past the ack deadline.
    vi.advanceTimersByTime(121_100);
    await flushPromises();
    expect(rowOf("soon").classes()).toContain("ticket-row--overdue");
    expect(rowOf("soon").find(".countdown").text()).toBe("签收 已超时 1秒");
    wrapper.unmount();
  });

  it("corrects countdowns by the server clock offset", async () => {
    const wrapper = mountDesk([ticketRow({ id: "T", deadline: activeDeadline("reply", NOW + 2 * 3_600_000) })]);
    await flushPromises();
    expect(wrapper.find(".countdown").text()).toBe("答复 剩余 2小时");
    // The PC is 30 minutes slow: the server is already at NOW + 30 min.
    backend.emitSyncStatus(syncStatus({ server_offset_ms: 30 * 60_000 }));
    await flushPromises();
    expect(wrapper.find(".countdown").text()).toBe("答复 剩余 1小时30分钟");
    expect(wrapper.find(".status-bar__clock").text()).toContain("本机时钟慢了 30 分钟");
    wrapper.unmount();
  });

  it("follows sync-status events in the status bar", async () => {
    const wrapper = mountDesk([]);
    await flushPromises();
    expect(wrapper.find(".status-bar__conn").text()).toBe("在线");
    backend.emitSyncStatus(syncStatus({ online: "offline", last_error: "连接超时" }));
    await flushPromises();
    expect(wrapper.find(".status-bar__conn").text()).toBe("离线");
    expect(wrapper.find(".status-bar__error").text()).toContain("连接超时");
    wrapper.unmount();
  });

  it("立即同步 syncs, then reloads the list", async () => {
    const wrapper = mountDesk([ticketRow({ id: "old" })]);
    await flushPromises();
    backend.commands.listTickets.mockResolvedValue({ rows: [ticketRow({ id: "new" })], total: 1, counts: tabCounts({ all: 1 }), counts_over: null });
    await wrapper.find(".status-bar__sync").trigger("click");
    await flushPromises();
    expect(backend.commands.syncNow).toHaveBeenCalledTimes(1);
    expect(rowIds()).toEqual(["new"]);
    wrapper.unmount();
  });

  it("立即同步 failure shows the error's message", async () => {
    const wrapper = mountDesk([]);
    await flushPromises();
    backend.commands.syncNow.mockRejectedValue({ code: "offline", message: "无法连接区热线平台 <b>x</b>" });
    await wrapper.find(".status-bar__sync").trigger("click");
    await flushPromises();
    const message = document.querySelector(".el-message");
    expect(message?.textContent).toContain("无法连接区热线平台 <b>x</b>");
    expect(document.querySelector(".el-message b")).toBeNull();
    wrapper.unmount();
  });

  it("shows the demo banner and who is on duty", async () => {
    const wrapper = mountDesk([]);
    await flushPromises();
    expect(wrapper.find(".app-header__demo").text()).toBe("演示模式：当前数据来自内置模拟区热线平台，非真实工单");
    expect(wrapper.find(".app-header__who").text()).toBe("北园街道办事处 · 张敏（A角）");
    wrapper.unmount();
  });

  it("opens 关于 from the header and from the tray's 关于", async () => {
    const wrapper = mountDesk([]);
    await flushPromises();
    expect(document.querySelector(".about__version")).toBeNull();
    await wrapper.find(".app-header__about").trigger("click");
    await flushPromises();
    expect(document.querySelector(".about__version")?.textContent).toBe("0.1.0");
    expect(backend.commands.about).toHaveBeenCalledTimes(1);

    // The tray's 关于 arrives as an event: the facts are read again.
    backend.emitOpenAbout();
    await flushPromises();
    expect(backend.commands.about).toHaveBeenCalledTimes(2);
    wrapper.unmount();
  });

  it("stops listening to backend events when closed", async () => {
    const wrapper = mountDesk([]);
    await flushPromises();
    expect(backend.listenerCount()).toBe(8);
    wrapper.unmount();
    expect(backend.listenerCount()).toBe(0);
  });
});
