import { flushPromises, mount } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { activeDeadline, syncStatus, ticketDetail } from "../../testing/fixtures";
import CountdownCell from "../CountdownCell.vue";
import StatusBar from "../StatusBar.vue";
import TicketDetailPanel from "../detail/TicketDetailPanel.vue";
import ExtensionDialog from "../detail/ExtensionDialog.vue";

// Issue 14: a year the district has not published is counted Monday to Friday, and
// every figure resting on it says so — in the status bar, the list and the detail.
const NOW = Date.UTC(2026, 11, 29, 2, 0, 0);
const NOTICE = "2027 年节假日安排尚未发布：涉及 2027 年的工作日按周一至周五估算";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("calendar estimates", () => {
  it("the status bar says which year is estimated, and nothing when every year is covered", () => {
    const bar = (estimated: number[], notice: string | null) =>
      mount(StatusBar, {
        props: {
          status: syncStatus({
            calendar: { covered: [2026], estimated, source: { "2026": "bundled" }, fetched_at: {}, notice },
          }),
          pcNowMs: NOW,
          ticketCount: 3,
          syncing: false,
        },
      });
    expect(bar([2027], NOTICE).find(".status-bar__calendar").text()).toBe(NOTICE);
    expect(bar([], null).find(".status-bar__calendar").exists()).toBe(false);
  });

  it("a countdown of a ticket due in an unpublished year carries 约 with the reason, others do not", () => {
    const deadline = activeDeadline("reply", NOW + 6 * 86_400_000);
    const estimated = mount(CountdownCell, { props: { deadline, nowMs: NOW, estimatedYears: [2027] } });
    const mark = estimated.find(".countdown__estimate");
    expect(mark.text()).toBe("约");
    expect(mark.attributes("title")).toContain("2027 年节假日安排尚未发布");
    expect(estimated.find(".countdown__text").text()).toBe("剩余 6天");
    const exact = mount(CountdownCell, { props: { deadline, nowMs: NOW, estimatedYears: [] } });
    expect(exact.find(".countdown__estimate").exists()).toBe(false);
  });

  it("the detail shows 约 N 个工作日 when the count is an estimate", () => {
    const detail = (years: number[]) =>
      mount(TicketDetailPanel, {
        props: {
          detail: ticketDetail(
            { reply_workdays_left: 5, reply_workdays_estimated_years: years },
            { estimated_years: years, reply_due_ms: NOW + 7 * 86_400_000 },
          ),
          nowMs: NOW,
          revealedPhone: null,
        },
        attachTo: document.body,
      });
    const guess = detail([2027]);
    expect(guess.find(".detail__workdays").text()).toBe("剩余 约 5 个工作日");
    expect(guess.find(".detail__workdays").attributes("title")).toContain("按周一至周五估算");
    expect(guess.find(".detail__deadline--reply .countdown__estimate").exists()).toBe(true);
    guess.unmount();
    const exact = detail([]);
    expect(exact.find(".detail__workdays").text()).toBe("剩余 5 个工作日");
    expect(exact.find(".detail__workdays").attributes("title")).toBeUndefined();
    expect(exact.find(".countdown__estimate").exists()).toBe(false);
    exact.unmount();
  });

  it("the extension picker warns that dates of an unpublished year may include holidays", async () => {
    const dialog = (years: number[]) =>
      mount(ExtensionDialog, {
        props: { modelValue: true, workdays: ["2027-01-04"], replyDueMs: NOW, estimatedYears: years },
        attachTo: document.body,
      });
    const w = dialog([2027]);
    await flushPromises();
    expect(document.querySelector(".extension-dialog")).not.toBeNull();
    expect(document.querySelector(".extension-dialog__estimate")?.textContent).toContain("2027 年的日期按周一至周五列出");
    w.unmount();
    document.body.innerHTML = "";
    const exact = dialog([]);
    await flushPromises();
    expect(document.querySelector(".extension-dialog")).not.toBeNull();
    expect(document.querySelector(".extension-dialog__estimate")).toBeNull();
    exact.unmount();
  });
});
