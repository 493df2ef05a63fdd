import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import type { AlertEntry } from "../../ipc/bindings";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import { syncStatus, ticketRow } from "../../testing/fixtures";
import DeskView from "../../views/DeskView.vue";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0); // 2026-11-28 10:00 in Shanghai

function entry(overrides: Partial<AlertEntry>): AlertEntry {
  return {
    id: 1,
    at_ms: NOW,
    kind: "reply_due",
    kind_label: "即将超时",
    digest: false,
    ticket_ids: ["T-1"],
    critical: false,
    urgency: "normal",
    title: "工单即将超时",
    body: "T-1  小区门口路灯不亮  剩余 1小时",
    read: false,
    ...overrides,
  };
}

let backend: FakeBackend;

function mountDesk(log: AlertEntry[]) {
  backend = fakeBackend({
    rows: [ticketRow({ id: "T-1" }), ticketRow({ id: "T-2" })],
    status: syncStatus({ last_sync_ms: NOW, tickets: 2 }),
  });
  let current = log;
  backend.commands.alertLog.mockImplementation(async () => current);
  backend.commands.unreadAlertCount.mockImplementation(async () => current.filter((e) => !e.read).length);
  backend.commands.markAlertRead.mockImplementation(async (id) => {
    current = current.map((e) => (e.id === id ? { ...e, read: true } : e));
    return null;
  });
  setBackend(backend);
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(DeskView, {
    props: { tableSize: { width: 1200, height: 600 } },
    global: { plugins: [pinia] },
    attachTo: document.body,
  });
  return { wrapper, setLog: (next: AlertEntry[]) => (current = next) };
}

/** The bell's badge text, or null when no badge is shown. */
const badge = () => document.querySelector(".notification-center .el-badge__content")?.textContent?.trim() ?? null;
const items = () => [...document.querySelectorAll(".notification-center__item")];

beforeEach(() => {
  document.body.innerHTML = "";
  vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
  setBackend(null);
});

describe("NotificationCenter", () => {
  it("shows the unread count, lists alerts newest first as text, and opens the tickets of the one clicked", async () => {
    const overdue = entry({
      id: 2,
      kind: "overdue",
      kind_label: "已超时",
      critical: true,
      urgency: "critical",
      title: "2 件工单已超时",
      body: "T-2  市民称<b>噪音</b>扰民  已超时 1小时\nT-1  小区门口路灯不亮  已超时 5分钟",
      ticket_ids: ["T-2", "T-1"],
      digest: true,
    });
    const older = entry({ id: 1, read: true });
    const { wrapper } = mountDesk([overdue, older]);
    await flushPromises();
    expect(badge()).toBe("1");

    await wrapper.find(".notification-center__bell").trigger("click");
    await flushPromises();
    const list = items();
    expect(list.map((li) => li.querySelector(".notification-center__title")?.textContent)).toEqual([
      "2 件工单已超时",
      "工单即将超时",
    ]);
    expect(list[0]!.classList).toContain("is-unread");
    expect(list[1]!.classList).not.toContain("is-unread");
    // A citizen's words stay text: no element is made from them.
    const body = list[0]!.querySelector(".notification-center__body")!;
    expect(body.textContent).toContain("市民称<b>噪音</b>扰民");
    expect(body.querySelector("b")).toBeNull();

    // A digest opens the list filtered to exactly its tickets (issue 18).
    (list[0] as HTMLElement).click();
    await flushPromises();
    expect(backend.commands.markAlertRead).toHaveBeenCalledWith(2);
    expect(backend.commands.listTickets).toHaveBeenLastCalledWith(expect.objectContaining({ alert: 2, tab: "all" }));
    expect(backend.commands.ticketDetail).not.toHaveBeenCalled();
    expect(wrapper.find(".desk__figure-chip").text()).toContain("通知：2 件工单已超时");
    expect(badge()).toBeNull();

    // Removing the chip gives the workbench's list back.
    await wrapper.find(".desk__figure-chip .el-tag__close").trigger("click");
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenLastCalledWith(expect.objectContaining({ alert: null }));

    // A single alert opens its ticket.
    await wrapper.find(".notification-center__bell").trigger("click");
    await flushPromises();
    (items()[1] as HTMLElement).click();
    await flushPromises();
    expect(backend.commands.ticketDetail).toHaveBeenCalledWith("T-1");
    wrapper.unmount();
  }, 20_000);

  it("opens the filtered list of a digest's desktop notification the officer clicked", async () => {
    const { wrapper } = mountDesk([]);
    await flushPromises();
    backend.emitOpenAlert(
      entry({ id: 7, title: "12 件工单即将超时", digest: true, ticket_ids: ["T-1", "T-2"], kind: "reply_due" }),
    );
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenLastCalledWith(expect.objectContaining({ alert: 7 }));
    expect(wrapper.find(".desk__figure-chip").text()).toContain("通知：12 件工单即将超时");
    wrapper.unmount();
  });

  it("opens the ticket of a desktop notification the officer clicked", async () => {
    const { wrapper } = mountDesk([]);
    await flushPromises();
    backend.emitOpenTicket("T-2");
    await flushPromises();
    expect(backend.commands.ticketDetail).toHaveBeenCalledWith("T-2");
    wrapper.unmount();
  });

  it("reloads when the backend fires new alerts", async () => {
    const { wrapper, setLog } = mountDesk([]);
    await flushPromises();
    expect(badge()).toBeNull();
    setLog([entry({ id: 3, title: "新工单待签收", kind: "new_ticket", kind_label: "新工单" })]);
    backend.emitAlertsChanged();
    await flushPromises();
    expect(badge()).toBe("1");
    wrapper.unmount();
  });
});
