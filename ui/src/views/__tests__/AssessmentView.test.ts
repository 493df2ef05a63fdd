import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defineComponent, h } from "vue";
import PrintHost from "../../components/print/PrintHost.vue";
import { setBackend } from "../../ipc/backend";
import type { TicketDetail, TicketQuery, TicketRow } from "../../ipc/bindings";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import { outboxEntry, replyWorkspace, syncStatus, ticketDetail, ticketRow } from "../../testing/fixtures";
import DeskView from "../DeskView.vue";
import { reportFor } from "../../testing/reportFixtures";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0); // 2026-11-28 10:00 in Shanghai

let backend: FakeBackend;
let report: FakeBackend["commands"];

function mountApp(opts: { rows?: TicketRow[]; details?: Record<string, TicketDetail> } = {}) {
  const rows = opts.rows ?? [ticketRow({ id: "T-1", title: "第一件" })];
  backend = fakeBackend({ rows, status: syncStatus({ last_sync_ms: NOW, tickets: rows.length }) });
  if (opts.details) {
    const details = opts.details;
    backend.commands.ticketDetail.mockImplementation(async (id) => {
      const d = details[id];
      if (!d) throw { code: "not_found", message: id };
      return d;
    });
  }
  report = backend.commands;
  setBackend(backend);
  const pinia = createPinia();
  setActivePinia(pinia);
  const Root = defineComponent({
    render: () => [h(DeskView, { tableSize: { width: 1200, height: 600 } }), h(PrintHost)],
  });
  return mount(Root, { global: { plugins: [pinia] }, attachTo: document.body });
}

async function openAssessment(wrapper: ReturnType<typeof mountApp>) {
  await flushPromises();
  await wrapper.find(".app-header__page--assessment").trigger("click");
  await flushPromises();
}

function lastQuery(): TicketQuery & { figure?: unknown } {
  const calls = backend.commands.listTickets.mock.calls;
  return calls[calls.length - 1]![0] as TicketQuery & { figure?: unknown };
}

function cell(wrapper: ReturnType<typeof mountApp>, field: string, column: string) {
  return wrapper.find(`.assessment__figures tr[data-field="${field}"] [data-column="${column}"]`);
}

beforeEach(() => {
  document.body.replaceChildren();
  vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  // ECharts measures text on a canvas; jsdom has none (the SVG chart renders without it).
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  setBackend(null);
});

describe("AssessmentView", () => {
  it("shows this month's figures with last month beside them, rates with one decimal", async () => {
    const wrapper = mountApp();
    await openAssessment(wrapper);
    expect(report.assessmentReport).toHaveBeenCalledWith({ from: "2026-11-01", to: "2026-11-30", at_ms: null, at_risk_limit: 50, breakdown_medians: false });
    expect(report.assessmentReport).toHaveBeenCalledWith({ from: "2026-10-01", to: "2026-10-31", at_ms: null, at_risk_limit: 50, breakdown_medians: false });
    expect(report.assessmentTrend).toHaveBeenCalledWith("2026-11", 12);
    expect(wrapper.find(".assessment__title").text()).toBe("考核 · 2026 年 11 月");
    expect(cell(wrapper, "dispatched", "current").text()).toBe("52");
    expect(cell(wrapper, "dispatched", "previous").text()).toBe("47");
    expect(cell(wrapper, "on_time_rate", "current").text()).toBe("93.9%"); // 46 / 49
    expect(cell(wrapper, "process_satisfaction_rate", "current").text()).toBe("95.0%");
    expect(cell(wrapper, "contact_minutes_median", "current").text()).toBe("95.5 分钟");
    const card = wrapper.find('.assessment__card[data-field="result_satisfaction_rate"]');
    expect(card.find(".assessment__card-value").text()).toBe("85.0%");
    expect(card.find(".assessment__card-prev").text()).toContain("上月");
    // Each figure carries its pinned definition.
    expect(wrapper.find('.assessment__figures tr[data-field="on_time_rate"] .figure-label').attributes("data-definition")).toBe(
      "按时办结 ÷（已办结 + 超期未办结）。",
    );
    expect(wrapper.find(".assessment__fresh").text()).toContain("数据截至最近同步 2026-11-28 09:55");
    expect(wrapper.find(".trend-chart svg").exists()).toBe(true);
    wrapper.unmount();
  });

  it("shows a null rate as — and does not offer its tickets", async () => {
    const wrapper = mountApp();
    await openAssessment(wrapper);
    const prev = cell(wrapper, "on_time_rate", "previous");
    expect(prev.text()).toBe("—");
    expect(prev.element.tagName).toBe("SPAN");
    expect(cell(wrapper, "on_time_rate", "current").element.tagName).toBe("BUTTON");
    wrapper.unmount();
  });

  // Mounts the page four times: slow on a busy machine.
  it("opens the tickets behind a number in the workbench list, with a removable chip", { timeout: 20_000 }, async () => {
    const wrapper = mountApp();
    await openAssessment(wrapper);
    await cell(wrapper, "on_time_rate", "current").trigger("click");
    await flushPromises();
    expect(wrapper.find(".assessment").exists()).toBe(false);
    expect(lastQuery()).toMatchObject({
      tab: "all",
      offset: 0,
      figure: { from: "2026-11-01", to: "2026-11-30", figure: "finished_on_time", matter: null, category: null },
    });
    const chip = wrapper.find(".desk__figure-chip");
    expect(chip.text()).toContain("考核筛选：2026-11-01 至 2026-11-30 · 按时办结");

    // Last month's number asks for last month's tickets.
    await wrapper.find(".app-header__page--assessment").trigger("click");
    await flushPromises();
    await cell(wrapper, "redo_tickets", "previous").trigger("click");
    await flushPromises();
    expect(lastQuery().figure).toEqual({ from: "2026-10-01", to: "2026-10-31", figure: "redo_tickets", matter: null, category: null });

    // A breakdown row narrows by its 事项分类 / 诉求类型.
    await wrapper.find(".app-header__page--assessment").trigger("click");
    await flushPromises();
    await wrapper.find('.assessment__breakdown--matter tr[data-key="城市管理"] [data-field="dispatched"]').trigger("click");
    await flushPromises();
    expect(lastQuery().figure).toEqual({ from: "2026-11-01", to: "2026-11-30", figure: "dispatched", matter: "城市管理", category: null });
    expect(wrapper.find(".desk__figure-chip").text()).toContain("派单量 · 城市管理");
    await wrapper.find(".app-header__page--assessment").trigger("click");
    await flushPromises();
    await wrapper.find('.assessment__breakdown--category tr[data-key="complaint"] [data-field="callbacks"]').trigger("click");
    await flushPromises();
    expect(lastQuery().figure).toEqual({ from: "2026-11-01", to: "2026-11-30", figure: "callbacks", matter: null, category: "complaint" });

    // Removing the chip gives the workbench its list back.
    await wrapper.find(".desk__figure-chip .el-tag__close").trigger("click");
    await flushPromises();
    expect(lastQuery().figure).toBeNull();
    expect(wrapper.find(".desk__figure-chip").exists()).toBe(false);
    wrapper.unmount();
  });

  it("counts every at-risk ticket while listing only the earliest few it fetched", async () => {
    const wrapper = mountApp();
    report.assessmentReport.mockImplementation(async (q) => {
      const r = reportFor(q);
      return r.projection ? { ...r, projection: { ...r.projection, at_risk_count: 260000 } } : r;
    });
    await openAssessment(wrapper);
    expect(wrapper.find(".assessment__projection-text").text()).toBe("若本月到期的 260000 件未按时答复，按时办结率将由 96.2% 降至 91.4%");
    expect(wrapper.findAll(".assessment__at-risk-link")).toHaveLength(3);
    expect(wrapper.find(".assessment__at-risk-list").text()).toBe("另有 259997 件，在工单列表中查看全部 260000 件");
    wrapper.unmount();
  });

  it("says what happens to the on-time rate if this month's due tickets are missed; each ticket opens", async () => {
    const wrapper = mountApp();
    await openAssessment(wrapper);
    expect(wrapper.find(".assessment__projection-text").text()).toBe("若本月到期的 3 件未按时答复，按时办结率将由 96.2% 降至 91.4%");
    await wrapper.find('.assessment__at-risk-link[data-ticket-id="BY20261126-0003"]').trigger("click");
    await flushPromises();
    expect(backend.commands.ticketDetail).toHaveBeenCalledWith("BY20261126-0003");
    await wrapper.find(".assessment__at-risk-list").trigger("click");
    await flushPromises();
    expect(lastQuery().figure).toEqual({ from: "2026-11-01", to: "2026-11-30", figure: "at_risk", matter: null, category: null });
    wrapper.unmount();
  });

  it("asks for the quarter (and the one before) when the period picker says 季度", async () => {
    const wrapper = mountApp();
    await openAssessment(wrapper);
    report.assessmentReport.mockClear();
    report.assessmentTrend.mockClear();
    await wrapper.find(".period-picker__kind--quarter input").setValue(true);
    await flushPromises();
    expect(report.assessmentReport).toHaveBeenCalledWith({ from: "2026-10-01", to: "2026-12-31", at_ms: null, at_risk_limit: 50, breakdown_medians: false });
    expect(report.assessmentReport).toHaveBeenCalledWith({ from: "2026-07-01", to: "2026-09-30", at_ms: null, at_risk_limit: 50, breakdown_medians: false });
    expect(report.assessmentTrend).toHaveBeenCalledWith("2026-12", 12);
    expect(wrapper.find(".assessment__title").text()).toBe("考核 · 2026 年第 4 季度");
    wrapper.unmount();
  });

  it("exports the period masked by default and shows where the file went", async () => {
    const wrapper = mountApp();
    await openAssessment(wrapper);
    await wrapper.find(".assessment__export").trigger("click");
    await flushPromises();
    expect(report.exportAssessmentXlsx).toHaveBeenCalledWith({ from: "2026-11-01", to: "2026-11-30", at_ms: null, at_risk_limit: null, breakdown_medians: true }, false);
    expect(wrapper.find(".assessment__exported-path").text()).toBe("/home/officer/下载/考核报表_2026-11-01_2026-11-30.xlsx");
    wrapper.unmount();
  });
});

describe("print views", () => {
  const hostile = '<img src=x onerror="window.__pwned=1">';
  const redo = ticketDetail(
    {
      redo_reason: "市民反映路灯仍未修复",
      redo_at_ms: NOW - 86_400_000,
      callback_summary: `服务过程不满意，办理结果未解决。${hostile}`,
      history: [
        { at_ms: NOW - 5 * 86_400_000, actor: "区热线办", action: "派单", note: "" },
        { at_ms: NOW - 3 * 86_400_000, actor: "张敏（A角）", action: "答复", note: "答复（已解决）" },
        { at_ms: NOW - 86_400_000, actor: "区热线办", action: "退回重办", note: "市民反映路灯仍未修复" },
      ],
      content: `路灯坏了${hostile}`,
    },
    { id: "R-1", status: "redo", status_label: "重办", redo_count: 1, our_role: "lead" },
  );

  it("prints the 重办件研判单 from a redo's detail: reason, callback, earlier replies, the leader's blank lines", async () => {
    const wrapper = mountApp({ rows: [redo.row], details: { "R-1": redo } });
    backend.commands.replyWorkspace.mockResolvedValue(
      replyWorkspace({
        reply_entry: outboxEntry({
          kind: "reply",
          state: "sent",
          state_label: "已发送",
          sent_ms: NOW - 3 * 86_400_000,
          body: { outcome: "resolved", text: "已更换灯泡并试亮。", contact_phone: "13812345678" },
        }),
        outcomes: [{ value: "resolved", label: "已解决" }],
      }),
    );
    await flushPromises();
    const { useTicketDetailStore } = await import("../../stores/ticketDetail");
    await useTicketDetailStore().open("R-1");
    await flushPromises();
    await wrapper.find(".detail__print-redo").trigger("click");
    await flushPromises();
    const sheet = document.querySelector(".ticket-sheet--redo")!;
    expect(sheet).not.toBeNull();
    const text = sheet.textContent ?? "";
    expect(document.querySelector(".print-host__title")?.textContent).toBe("打印预览：重办件研判单");
    expect(sheet.querySelector(".ticket-sheet__redo-reason")?.textContent).toBe("市民反映路灯仍未修复");
    expect(text).toContain("服务过程不满意，办理结果未解决。");
    expect(sheet.querySelector(".ticket-sheet__earlier")?.textContent).toContain("答复（已解决）");
    expect(sheet.querySelector(".ticket-sheet__reply")?.textContent).toContain("已更换灯泡并试亮。");
    expect(text).toContain("138****5678"); // contact phone masked on paper
    expect(text).not.toContain("13812345678");
    const leader = sheet.querySelector(".ticket-sheet__leader")!;
    expect(leader.textContent).toContain("领导研判意见");
    expect(leader.textContent).toContain("签字：");
    expect(leader.textContent).toContain("日期：");
    expect(leader.querySelectorAll(".sheet-lines__line").length).toBe(6);
    // Untrusted text stays text.
    expect(sheet.querySelector("img")).toBeNull();
    expect(text).toContain(hostile);
    await wrapper.find(".print-host__close").trigger("click");
    expect(document.querySelector(".print-host")).toBeNull();
    wrapper.unmount();
  });

  it("prints the 工单处理单: the request, the history, the reply as sent", async () => {
    const closed = ticketDetail(
      { history: [{ at_ms: NOW - 86_400_000, actor: "张敏（A角）", action: "答复", note: "答复（已解决）" }] },
      { id: "C-1", status: "closed", status_label: "已办结", our_role: "lead" },
    );
    const wrapper = mountApp({ rows: [closed.row], details: { "C-1": closed } });
    backend.commands.replyWorkspace.mockResolvedValue(
      replyWorkspace({ reply_entry: outboxEntry({ kind: "reply", state: "sent", state_label: "已发送", body: { text: "已维修完毕。" } }) }),
    );
    const { useTicketDetailStore } = await import("../../stores/ticketDetail");
    await flushPromises();
    await useTicketDetailStore().open("C-1");
    await flushPromises();
    expect(wrapper.find(".detail__print-redo").exists()).toBe(false);
    await wrapper.find(".detail__print-ticket").trigger("click");
    await flushPromises();
    const sheet = document.querySelector(".ticket-sheet--ticket")!;
    expect(sheet.querySelector(".print-sheet__title")?.textContent).toBe("12345 热线工单处理单");
    expect(sheet.querySelector(".ticket-sheet__content")?.textContent).toBe(closed.content);
    expect(sheet.querySelector(".ticket-sheet__history")?.textContent).toContain("答复（已解决）");
    expect(sheet.querySelector(".ticket-sheet__reply")?.textContent).toContain("已维修完毕。");
    expect(sheet.querySelector(".ticket-sheet__citizen")?.textContent).toBe("王* 138****5678");
    expect(sheet.querySelector(".ticket-sheet__leader")).toBeNull();
    wrapper.unmount();
  });

  it("prints one 研判单 per open redo as a batch", async () => {
    const redo2 = ticketDetail({ redo_reason: "市民称噪音仍在" }, { id: "R-2", status: "redo", status_label: "重办", redo_count: 2 });
    const wrapper = mountApp({ rows: [redo.row, redo2.row], details: { "R-1": redo, "R-2": redo2 } });
    await openAssessment(wrapper);
    await wrapper.find(".assessment__print-redos").trigger("click");
    await flushPromises();
    expect(backend.commands.listTickets).toHaveBeenCalledWith(expect.objectContaining({ tab: "redo", offset: 0 }));
    const sheets = [...document.querySelectorAll(".ticket-sheet--redo")];
    expect(sheets.map((s) => s.getAttribute("data-ticket-id"))).toEqual(["R-1", "R-2"]);
    expect(sheets[1]!.querySelector(".ticket-sheet__redo-reason")?.textContent).toBe("市民称噪音仍在");
    expect(document.querySelector(".print-host__title")?.textContent).toBe("打印预览：重办件研判单（共 2 份）");
    wrapper.unmount();
  });

  it("prints the monthly 考核报表 with every figure and the projection", async () => {
    const wrapper = mountApp();
    await openAssessment(wrapper);
    await wrapper.find(".assessment__print-report").trigger("click");
    await flushPromises();
    const sheet = document.querySelector(".report-sheet")!;
    expect(sheet.querySelector(".print-sheet__title")?.textContent).toContain("12345 热线考核报表（2026 年 11 月）");
    const row = sheet.querySelector('.report-sheet__figures tr[data-field="on_time_rate"]')!;
    expect([...row.querySelectorAll("td")].map((td) => td.textContent)).toEqual(["按时办结率", "93.9%", "—", "按时办结 ÷（已办结 + 超期未办结）。"]);
    expect(sheet.querySelector(".report-sheet__projection")?.textContent).toContain("若本月到期的 3 件未按时答复，按时办结率将由 96.2% 降至 91.4%");
    wrapper.unmount();
  });
});
