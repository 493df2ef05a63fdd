import { flushPromises, mount } from "@vue/test-utils";
import { ElMessageBox } from "element-plus";
import { afterEach, describe, expect, it, vi } from "vitest";
import { outboxEntry, ticketDetail } from "../../../testing/fixtures";
import type { TicketDetail } from "../../../ipc/bindings";
import ReassignDialog from "../ReassignDialog.vue";
import TicketDetailPanel from "../TicketDetailPanel.vue";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);

function panel(detail: TicketDetail, revealedPhone: string | null = null) {
  return mount(TicketDetailPanel, { props: { detail, nowMs: NOW, revealedPhone }, attachTo: document.body });
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

describe("TicketDetailPanel", () => {
  it("shows the citizen's words as literal text, never as markup", () => {
    const evil = "<img src=x onerror=alert(1)>\n第二行";
    const w = panel(ticketDetail({ content: evil, citizen_address_masked: "<b>地址</b>" }, { title: "<script>t</script>" }));
    expect(w.find(".detail__content").text()).toBe("<img src=x onerror=alert(1)>\n第二行");
    expect(w.find(".detail__title").text()).toBe("<script>t</script>");
    expect(w.find(".detail__address").text()).toBe("<b>地址</b>");
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector(".detail b, .detail script")).toBeNull();
    w.unmount();
  });

  it("shows both deadlines with countdowns and the working days left", () => {
    const w = panel(
      ticketDetail({ acked_at_ms: null, acked_by: null, reply_workdays_left: 3 }, {
        status: "pending_ack",
        status_label: "待签收",
        ack_due_ms: NOW + 20 * 60_000,
        reply_due_ms: NOW + 5 * 86_400_000,
      }),
    );
    expect(w.find(".detail__deadline--ack .countdown").text()).toBe("签收 剩余 20分钟");
    expect(w.find(".detail__deadline--reply .countdown").text()).toBe("答复 剩余 5天");
    expect(w.find(".detail__workdays").text()).toBe("剩余 3 个工作日");
    w.unmount();
  });

  it("shows the masked phone until revealed, then the number", async () => {
    const w = panel(ticketDetail());
    expect(w.find(".detail__phone").text()).toBe("138****5678");
    await w.find(".detail__reveal").trigger("click");
    expect(w.emitted("reveal-phone")).toHaveLength(1);
    await w.setProps({ revealedPhone: "13812345678" });
    expect(w.find(".detail__phone").text()).toBe("13812345678");
    expect(w.find(".detail__reveal").exists()).toBe(false);
    w.unmount();
  });

  it("shows the address with its house number masked until revealed with the phone", async () => {
    const w = panel(ticketDetail({ citizen_address_masked: "北园街道幸福小区*号楼*单元***" }));
    expect(w.find(".detail__address").text()).toBe("北园街道幸福小区*号楼*单元***");
    expect(w.text()).not.toContain("3号楼2单元501");
    await w.setProps({ revealedPhone: "13812345678", revealedAddress: "北园街道幸福小区3号楼2单元501" });
    expect(w.find(".detail__address").text()).toBe("北园街道幸福小区3号楼2单元501");
    expect(w.find(".detail__phone").text()).toBe("13812345678");
    w.unmount();
  });

  it("makes the redo reason prominent", () => {
    const w = panel(ticketDetail({ redo_reason: "回访不满意：路灯仍未修复。" }, { redo_count: 1, status: "redo" }));
    expect(w.find(".detail__redo").attributes("role")).toBe("alert");
    expect(w.find(".detail__redo-reason").text()).toBe("回访不满意：路灯仍未修复。");
    w.unmount();
  });

  it("offers only the actions the flags allow", () => {
    const none = panel(
      ticketDetail({ can_ack: false, can_extend: false, can_coordinate: false, can_reassign: false, can_opinion: false }),
    );
    expect(none.findAll(".detail__action")).toHaveLength(0);
    expect(none.text()).not.toMatch(/申请延期|申请协调|申请改派|提交协办意见/);
    expect(none.findAll("button").map((b) => b.text())).not.toContain("签收");
    none.unmount();

    const some = panel(
      ticketDetail({ can_ack: true, can_extend: false, can_coordinate: true, can_reassign: false, can_opinion: false }),
    );
    expect(some.findAll(".detail__action").map((b) => b.text())).toEqual(["签收", "申请协调"]);
    some.unmount();

    const co = panel(ticketDetail({ can_ack: false, can_extend: false, can_coordinate: false, can_reassign: false, can_opinion: true }));
    expect(co.findAll(".detail__action").map((b) => b.text())).toEqual(["提交协办意见"]);
    co.unmount();
  });

  it("shows a conflict with the server's message and what the officer wrote, and lets it be discarded", async () => {
    const w = panel(
      ticketDetail({
        outbox: [
          outboxEntry({
            id: 7,
            kind: "reply",
            kind_label: "答复",
            state: "conflict",
            state_label: "冲突",
            status_code: 412,
            attempts: 2,
            last_error: "工单已被修改，请核对后重新提交 <i>x</i>",
            field_errors: { text: ["答复内容须包含办理结果"] },
            body: { text: "已联系市民，路灯已修复。<b>!</b>" },
          }),
        ],
      }),
    );
    const entry = w.find(".outbox__entry--conflict");
    expect(entry.find(".outbox__state").text()).toBe("冲突");
    expect(entry.find(".outbox__server-message").text()).toBe("工单已被修改，请核对后重新提交 <i>x</i>");
    expect(entry.find(".outbox__field").text()).toBe("text：答复内容须包含办理结果");
    expect(entry.find(".outbox__body").text()).toContain('"text": "已联系市民，路灯已修复。<b>!</b>"');
    expect(entry.text()).toContain("已尝试 2 次");
    expect(document.querySelector(".outbox i, .outbox b")).toBeNull();
    expect(entry.find(".outbox__discard").text()).toBe("放弃");
    w.unmount();
  });

  it("shows a blocked write with the district's reason and offers 重试 and 放弃", async () => {
    const w = panel(
      ticketDetail({
        outbox: [
          outboxEntry({
            id: 9,
            state: "blocked",
            state_label: "发送受阻",
            status_code: 500,
            attempts: 18,
            failed_passes: 3,
            blocked_ms: Date.UTC(2026, 10, 28, 1, 30, 0),
            last_error: "区热线平台返回 500: 服务器内部错误 <b>x</b>",
          }),
        ],
      }),
    );
    const entry = w.find(".outbox__entry--blocked");
    expect(entry.find(".outbox__state").text()).toBe("发送受阻");
    expect(entry.find(".outbox__server-message").text()).toBe("区热线平台返回 500: 服务器内部错误 <b>x</b>");
    expect(entry.find(".outbox__blocked-note").text()).toContain("其他工单不受影响");
    expect(document.querySelector(".outbox b")).toBeNull();
    await entry.find(".outbox__retry").trigger("click");
    expect(w.emitted("retry")).toEqual([[9]]);
    w.unmount();
  });

  it("discards only after the officer confirms, saying the record and text are kept", async () => {
    const confirm = vi.spyOn(ElMessageBox, "confirm");
    const blocked = outboxEntry({ id: 9, kind_label: "签收", state: "blocked", state_label: "发送受阻" });
    const w = panel(ticketDetail({ outbox: [blocked] }));

    confirm.mockRejectedValueOnce("cancel");
    await w.find(".outbox__discard").trigger("click");
    await flushPromises();
    expect(w.emitted("discard")).toBeUndefined();

    confirm.mockResolvedValueOnce("confirm" as never);
    await w.find(".outbox__discard").trigger("click");
    await flushPromises();
    expect(w.emitted("discard")).toEqual([[9]]);
    const message = String(confirm.mock.calls[0]?.[0]);
    expect(message).toContain("不会再发送");
    expect(message).toContain("仍保留在本机的提交记录中");
    expect(message).toContain("可能已经收到");
    w.unmount();
  });

  it("offers no 重试 for a refused write (only a blocked one is sent again as it is)", () => {
    const w = panel(ticketDetail({ outbox: [outboxEntry({ state: "rejected", state_label: "被退回" })] }));
    expect(w.find(".outbox__discard").exists()).toBe(true);
    expect(w.find(".outbox__retry").exists()).toBe(false);
    w.unmount();
  });

  it("lists pending writes without a discard button", () => {
    const w = panel(ticketDetail({ outbox: [outboxEntry({ state: "pending", state_label: "待发送", kind_label: "签收" })] }));
    expect(w.find(".outbox__entry--pending .outbox__state").text()).toBe("待发送");
    expect(w.find(".outbox__discard").exists()).toBe(false);
    expect(w.find(".outbox__retry").exists()).toBe(false);
    w.unmount();
  });

  it("lists attachments by name and size as text, says which are downloaded, and opens on click", async () => {
    const w = panel(
      ticketDetail({
        attachments: [
          { id: "a", name: "<img src=x onerror=alert(1)>.jpg", size: 245_760, content_type: "image/jpeg", cached: true },
          { id: "b", name: "情况说明.pdf", size: 2048, content_type: "application/pdf", cached: false },
        ],
      }),
    );
    const items = w.findAll(".detail__attachment");
    expect(items).toHaveLength(2);
    const [first, second] = [items[0]!, items[1]!];
    expect(first.find(".detail__attachment-name").text()).toBe("<img src=x onerror=alert(1)>.jpg");
    expect(w.find(".detail__attachments img").exists()).toBe(false);
    expect(first.text()).toContain("（240 KB）");
    expect(first.text()).toContain("已下载，离线可用");
    expect(first.find("button").text()).toBe("打开");
    expect(second.text()).not.toContain("离线可用");
    expect(second.find("button").text()).toBe("下载并打开");
    await second.find("button").trigger("click");
    expect(w.emitted("open-attachment")).toEqual([["b"]]);
    w.unmount();
  });

  it("offline, only downloaded attachments can be opened", () => {
    const detail = ticketDetail({
      attachments: [
        { id: "a", name: "现场照片.jpg", size: 1024, content_type: "image/jpeg", cached: true },
        { id: "b", name: "来电录音.mp3", size: 1024, content_type: "audio/mpeg", cached: false },
      ],
    });
    const w = mount(TicketDetailPanel, { props: { detail, nowMs: NOW, revealedPhone: null, offline: true }, attachTo: document.body });
    const [cached, missing] = w.findAll(".detail__attachment");
    if (!cached || !missing) throw new Error("two attachments expected");
    expect(cached.find("button").attributes("disabled")).toBeUndefined();
    expect(missing.text()).toContain("未下载，离线不可用");
    expect(missing.find("button").attributes("disabled")).toBeDefined();
    w.unmount();
  });
});

describe("ReassignDialog", () => {
  it("quotes 首接负责制 and keeps submit disabled until the reason is a real sentence of 15+ characters", async () => {
    const w = mount(ReassignDialog, { props: { modelValue: true, units: ["区城管局"] }, attachTo: document.body });
    await flushPromises();
    const dialog = () => document.querySelector(".reassign-dialog")!;
    expect(dialog().textContent).toContain(
      "根据首接负责制，工单派至本单位即由本单位牵头办理，不得推诿、一退了之；申请改派仅适用于确属派单错误的情况，并将计入派单准确率考核。",
    );
    const submit = () => document.querySelector<HTMLButtonElement>(".reassign-dialog__submit")!;
    const textarea = () => document.querySelector<HTMLTextAreaElement>(".reassign-dialog__reason textarea")!;
    const type = async (text: string) => {
      textarea().value = text;
      textarea().dispatchEvent(new Event("input"));
      await flushPromises();
    };
    expect(submit().disabled).toBe(true);

    await type("不归我们管。");
    expect(submit().disabled).toBe(true);
    expect(document.querySelector(".reassign-dialog__problem")?.textContent).toContain("至少 15 字");

    await type("事发地点位于相邻街道辖区内，非本单位属地范围"); // long enough, but no full stop
    expect(submit().disabled).toBe(true);

    await type("事发地点位于相邻街道辖区内，非本单位属地范围。");
    expect(submit().disabled).toBe(false);
    expect(document.querySelector(".reassign-dialog__problem")).toBeNull();
    submit().click();
    expect(w.emitted("submit")).toEqual([["事发地点位于相邻街道辖区内，非本单位属地范围。", null]]);
    w.unmount();
  });
});
