import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { ticketRow } from "../../testing/fixtures";
import TicketBadges from "../TicketBadges.vue";

function badgesOf(overrides: Parameters<typeof ticketRow>[0]) {
  return mount(TicketBadges, { props: { row: ticketRow(overrides) } });
}

describe("TicketBadges", () => {
  it("shows 待签收 for a ticket waiting to be acknowledged", () => {
    const w = badgesOf({ status: "pending_ack", status_label: "待签收" });
    expect(w.find(".badge--pending-ack").text()).toBe("待签收");
  });

  it("shows the redo count", () => {
    const w = badgesOf({ redo_count: 2 });
    expect(w.find(".badge--redo").text()).toBe("重办×2");
  });

  it("shows red supervision with its label in the red (danger) style", () => {
    const w = badgesOf({ supervision: { level: "red", label: "红牌督办" } });
    const badge = w.find(".badge--supervision");
    expect(badge.text()).toBe("红牌督办");
    expect(badge.classes()).toContain("el-tag--danger");
    expect(badge.classes()).toContain("badge--supervision-red");
  });

  it("colours yellow supervision amber and reminders blue", () => {
    expect(badgesOf({ supervision: { level: "yellow", label: "黄牌督办" } }).find(".badge--supervision").classes()).toContain(
      "el-tag--warning",
    );
    expect(badgesOf({ supervision: { level: "reminder", label: "催办" } }).find(".badge--supervision").classes()).toContain(
      "el-tag--primary",
    );
  });

  it("shows 协办 when we are a co-handling unit", () => {
    const w = badgesOf({ our_role: "co_handler", role_label: "协办" });
    expect(w.find(".badge--co-handler").text()).toBe("协办");
  });

  it("shows the extension label when an extension is on file", () => {
    const w = badgesOf({ extension_status: "pending", extension_label: "延期审核中" });
    expect(w.find(".badge--extension").text()).toBe("延期审核中");
  });

  it("shows nothing for a plain ticket in progress", () => {
    const w = badgesOf({});
    expect(w.findAll(".badge")).toHaveLength(0);
    expect(w.text()).toBe("");
  });
});

describe("TicketBadges: outbox state", () => {
  it.each([
    ["pending", "待发送", "el-tag--warning"],
    ["conflict", "冲突", "el-tag--danger"],
    ["rejected", "被退回", "el-tag--danger"],
    ["blocked", "发送受阻", "el-tag--danger"],
  ] as const)("shows %s as %s", (state, text, tone) => {
    // The label comes from the backend (OutboxStateView::label).
    const badge = badgesOf({ outbox_state: { state, label: text } }).find(".badge--outbox");
    expect(badge.text()).toBe(text);
    expect(badge.classes()).toContain(tone);
  });

  it("shows no outbox badge when nothing is waiting", () => {
    expect(badgesOf({ outbox_state: null }).find(".badge--outbox").exists()).toBe(false);
  });
});
