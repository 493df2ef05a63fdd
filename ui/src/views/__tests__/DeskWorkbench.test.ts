import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import type { TicketRow } from "../../ipc/bindings";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import { activeDeadline, syncStatus, tabCounts, ticketDetail, ticketRow } from "../../testing/fixtures";
import DeskView from "../DeskView.vue";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);
let backend: FakeBackend;
let mounted: { unmount(): void } | null = null;

function mountDesk(rows: TicketRow[], extra: Parameters<typeof fakeBackend>[0] = {}) {
  backend = fakeBackend({ rows, status: syncStatus({ last_sync_ms: NOW }), ...extra });
  setBackend(backend);
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(DeskView, {
    props: { tableSize: { width: 1200, height: 600 } },
    global: { plugins: [pinia] },
    attachTo: document.body,
  });
  mounted = wrapper;
  return wrapper;
}

const tabText = (id: string) => document.querySelector(`[data-tab="${id}"]`)?.textContent?.replace(/\s+/g, "");
const rowIds = () => [...document.querySelectorAll(".el-table-v2__row .cell-id")].map((c) => c.textContent ?? "");
const key = (k: string, target: EventTarget = document.body) =>
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));

beforeEach(() => {
  document.body.innerHTML = "";
  vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  // Also after a failed assertion: a left-over desk would still listen to the keyboard.
  mounted?.unmount();
  mounted = null;
  vi.useRealTimers();
  setBackend(null);
});

describe("DeskView: quick filters, search, paging", () => {
  it("shows every tab with the count from the page, and a tab switch queries that tab from the top", async () => {
    const wrapper = mountDesk([ticketRow({ id: "A" })]);
    backend.commands.listTickets.mockResolvedValue({
      rows: [ticketRow({ id: "A" })],
      total: 1,
      counts: tabCounts({ all: 1234, pending_ack: 3, due_soon: 12, overdue: 5, redo: 2, supervised: 4, co_handling: 7, extension_pending: 1, replied: 40, closed: 900 }),
      counts_over: null,
    });
    await flushPromises();
    expect(tabText("all")).toBe("全部1234");
    expect(tabText("pending_ack")).toBe("待签收3");
    expect(tabText("due_soon")).toBe("即将超时12");
    expect(tabText("overdue")).toBe("已超时5");
    expect(tabText("redo")).toBe("重办2");
    expect(tabText("supervised")).toBe("督办4");
    expect(tabText("co_handling")).toBe("协办7");
    expect(tabText("extension_pending")).toBe("延期审核中1");
    expect(tabText("replied")).toBe("已答复待回访40");
    expect(tabText("closed")).toBe("已办结900");
    expect(wrapper.find(".status-bar__count").text()).toBe("工单 1234 件");
    expect(backend.commands.listTickets).toHaveBeenLastCalledWith({ tab: "all", search: null, offset: 0, limit: 200, due_soon_hours: 24, figure: null, alert: null });

    await wrapper.find('[data-tab="overdue"]').trigger("click");
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenLastCalledWith({ tab: "overdue", search: null, offset: 0, limit: 200, due_soon_hours: 24, figure: null, alert: null });
    expect(wrapper.find('[data-tab="overdue"]').attributes("aria-selected")).toBe("true");
  });

  it("debounces typing into one query with the text; counts follow the search", async () => {
    const wrapper = mountDesk([
      ticketRow({ id: "BY-1", title: "路灯不亮", matter: "路灯维修" }),
      ticketRow({ id: "BY-2", title: "噪音扰民", matter: "噪声污染" }),
    ]);
    await flushPromises();
    backend.commands.listTickets.mockClear();
    const input = wrapper.find(".ticket-search input");
    expect(input.attributes("placeholder")).toBe("搜索工单编号、标题、内容、地址…");
    for (const text of ["路", "路灯", " 路灯 "]) {
      await input.setValue(text);
      vi.advanceTimersByTime(100);
    }
    await flushPromises();
    expect(backend.commands.listTickets).not.toHaveBeenCalled();
    vi.advanceTimersByTime(150);
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenCalledTimes(1);
    expect(backend.commands.listTickets).toHaveBeenCalledWith({ tab: "all", search: "路灯", offset: 0, limit: 200, due_soon_hours: 24, figure: null, alert: null });
    expect(rowIds()).toEqual(["BY-1"]);
    expect(tabText("all")).toBe("全部1");

    // Esc clears the search at once.
    await input.trigger("keydown", { key: "Escape" });
    await flushPromises();
    expect((input.element as HTMLInputElement).value).toBe("");
    expect(backend.commands.listTickets).toHaveBeenLastCalledWith(expect.objectContaining({ search: null }));
    expect(rowIds()).toEqual(["BY-1", "BY-2"]);
  });

  it("shows a broad search's uncounted tabs honestly (1 万+, —) and still pages through it", async () => {
    const wrapper = mountDesk([ticketRow({ id: "A" })]);
    await flushPromises();
    const page = (offset: number) => ({
      // A short page keeps the test light; the UI pages on while rows < total.
      rows: Array.from({ length: 3 }, (_, i) => ticketRow({ id: `L${offset + i}`, title: "路灯不亮" })),
      // The backend's lower bound: the rows so far and one more.
      total: offset + 4,
      counts: tabCounts(),
      counts_over: 10000,
    });
    backend.commands.listTickets.mockImplementation(async (q) => page(q.offset));
    await wrapper.find(".ticket-search input").setValue("路灯");
    vi.advanceTimersByTime(300);
    await flushPromises();
    expect(tabText("all")).toBe("全部1万+");
    expect(tabText("overdue")).toBe("已超时—");
    expect(tabText("closed")).toBe("已办结—");
    const count = document.querySelector('[data-tab="overdue"] .ticket-tabs__count');
    expect(count?.getAttribute("title")).toBe("搜索到的工单超过 1 万 件，未分类计数；输入更多文字可缩小范围");
    // Scrolling goes on past the first page.
    wrapper.findComponent({ name: "ElTableV2" }).vm.$emit("end-reached", 0);
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenLastCalledWith(expect.objectContaining({ search: "路灯", offset: 3 }));
    // A narrower search is counted again.
    backend.commands.listTickets.mockResolvedValue({ rows: [ticketRow({ id: "N" })], total: 1, counts: tabCounts({ all: 1, overdue: 1 }), counts_over: null });
    await wrapper.find(".ticket-search input").setValue("路灯不亮");
    vi.advanceTimersByTime(300);
    await flushPromises();
    expect(tabText("all")).toBe("全部1");
    expect(tabText("overdue")).toBe("已超时1");
  }, 15000);

  it("says a search of punctuation alone has nothing to search for", async () => {
    const wrapper = mountDesk([ticketRow({ id: "BY-1", title: "路灯不亮" })]);
    await flushPromises();
    const input = wrapper.find(".ticket-search input");
    for (const [text, hint] of [
      ["%", "搜索词中没有文字或数字，无从搜索"],
      ["-", "搜索词中没有文字或数字，无从搜索"],
      ["停电", "没有符合搜索条件的工单"],
    ] as const) {
      await input.setValue(text);
      vi.advanceTimersByTime(300);
      await flushPromises();
      expect(rowIds()).toEqual([]);
      expect(wrapper.find(".ticket-table__empty").text()).toBe(hint);
    }
  });

  it("/ focuses the search box", async () => {
    const wrapper = mountDesk([]);
    await flushPromises();
    key("/");
    await flushPromises();
    expect(document.activeElement).toBe(wrapper.find(".ticket-search input").element);
  });

  it("loads the next page of 200 when the table reaches its end", async () => {
    const rows = Array.from({ length: 450 }, (_, i) => ticketRow({ id: `T${String(i).padStart(3, "0")}` }));
    const wrapper = mountDesk(rows);
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenCalledTimes(1);
    wrapper.findComponent({ name: "ElTableV2" }).vm.$emit("end-reached", 0);
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 200, limit: 200 }));
    wrapper.findComponent({ name: "ElTableV2" }).vm.$emit("end-reached", 0);
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 400, limit: 200 }));
    wrapper.findComponent({ name: "ElTableV2" }).vm.$emit("end-reached", 0);
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenCalledTimes(3); // all 450 are here
  });

  it("reloads every 60 s so time-based counts stay current", async () => {
    mountDesk([ticketRow({ id: "A", deadline: activeDeadline("reply", NOW + 90_000) })]);
    await flushPromises();
    expect(tabText("overdue")).toBe("已超时0");
    vi.advanceTimersByTime(60_000);
    await flushPromises();
    vi.advanceTimersByTime(60_000);
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenCalledTimes(3);
    expect(tabText("overdue")).toBe("已超时1");
  });
});

describe("DeskView: keyboard and the detail view", () => {
  it("↓ highlights rows, Enter opens the ticket, Esc goes back to the list", async () => {
    const wrapper = mountDesk([ticketRow({ id: "T-1" }), ticketRow({ id: "T-2", title: "第二件" })]);
    await flushPromises();
    key("ArrowDown");
    key("ArrowDown");
    await flushPromises();
    expect(document.querySelector(".ticket-row--highlighted .cell-id")?.textContent).toBe("T-2");
    key("Enter");
    await flushPromises();
    expect(backend.commands.ticketDetail).toHaveBeenCalledWith("T-2");
    expect(wrapper.find(".detail__title").text()).toBe("第二件");
    key("Escape");
    await flushPromises();
    expect(wrapper.find(".detail-view").exists()).toBe(false);
  });

  it("opens a ticket on click, reveals the phone in the view only, and goes back with 返回", async () => {
    const wrapper = mountDesk([ticketRow({ id: "T-1" })]);
    await flushPromises();
    await wrapper.find(".el-table-v2__row").trigger("click");
    await flushPromises();
    expect(wrapper.find(".detail__phone").text()).toBe("138****5678");
    expect(wrapper.find(".detail__address").text()).toBe("北园街道某小区*号楼");
    await wrapper.find(".detail__reveal").trigger("click");
    await flushPromises();
    expect(backend.commands.revealPhone).toHaveBeenCalledWith("T-1");
    expect(wrapper.find(".detail__phone").text()).toBe("13812345678");
    // One reveal shows the whole address too.
    expect(wrapper.find(".detail__address").text()).toBe("北园街道某小区3号楼2单元501");
    await wrapper.find(".detail__back").trigger("click");
    await flushPromises();
    expect(wrapper.find(".detail-view").exists()).toBe(false);
    // Reopened: masked again.
    await wrapper.find(".el-table-v2__row").trigger("click");
    await flushPromises();
    expect(wrapper.find(".detail__phone").text()).toBe("138****5678");
    expect(wrapper.find(".detail__address").text()).toBe("北园街道某小区*号楼");
  });

  it("签收 queues the ack and reloads the detail", async () => {
    const wrapper = mountDesk([ticketRow({ id: "T-1" })], { detail: ticketDetail({ can_ack: true }, { id: "T-1" }) });
    await flushPromises();
    await wrapper.find(".el-table-v2__row").trigger("click");
    await flushPromises();
    await wrapper.find(".detail__action--ack").trigger("click");
    await flushPromises();
    expect(backend.commands.ack).toHaveBeenCalledWith("T-1");
    expect(backend.commands.ticketDetail).toHaveBeenCalledTimes(2);
  });

  it("opens an attachment only after the officer confirmed its name and type", async () => {
    const attachment = { id: "a1", name: "<img src=x onerror=alert(1)>.sh", size: 2048, content_type: "application/x-sh", cached: false };
    const wrapper = mountDesk([ticketRow({ id: "T-1" })], { detail: ticketDetail({ attachments: [attachment] }, { id: "T-1" }) });
    await flushPromises();
    await wrapper.find(".el-table-v2__row").trigger("click");
    await flushPromises();
    const openButton = () => document.querySelector<HTMLButtonElement>(".detail__attachment-open")!;
    // The newest box (a closed one may still be fading out).
    const box = () => [...document.querySelectorAll<HTMLElement>(".el-message-box")].at(-1) ?? null;

    openButton().click();
    await flushPromises();
    await vi.advanceTimersByTimeAsync(500);
    expect(box()?.textContent).toContain("<img src=x onerror=alert(1)>.sh");
    expect(box()?.textContent).toContain("application/x-sh");
    expect(box()?.querySelector("img")).toBeNull();
    expect(backend.commands.openAttachment).not.toHaveBeenCalled();
    // Cancelled: nothing is opened.
    box()!.querySelector<HTMLButtonElement>(".el-message-box__btns button:not(.el-button--primary)")!.click();
    await vi.advanceTimersByTimeAsync(500);
    await flushPromises();
    expect(backend.commands.openAttachment).not.toHaveBeenCalled();

    openButton().click();
    await flushPromises();
    await vi.advanceTimersByTimeAsync(500);
    box()!.querySelector<HTMLButtonElement>(".el-message-box__btns .el-button--primary")!.click();
    await vi.advanceTimersByTimeAsync(500);
    await flushPromises();
    expect(backend.commands.openAttachment).toHaveBeenCalledWith("T-1", "a1");
  });
});
