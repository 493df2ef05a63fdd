import { flushPromises, mount } from "@vue/test-utils";
import { ElDatePicker } from "element-plus";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import { dutyPanel, desktopPrefs, outboxEntry, syncStatus } from "../../testing/fixtures";
import { useSyncStore } from "../../stores/sync";
import DutyPanel from "../DutyPanel.vue";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0); // 2026-11-28 10:00 in Shanghai
const HOUR = 3_600_000;

let backend: FakeBackend;

function mountPanel() {
  setBackend(backend);
  const pinia = createPinia();
  setActivePinia(pinia);
  return mount(DutyPanel, { global: { plugins: [pinia] }, attachTo: document.body });
}

const q = (sel: string) => document.querySelector<HTMLElement>(sel);
const text = (sel: string) => q(sel)?.textContent?.trim() ?? null;
const button = (sel: string) => q(sel) as HTMLButtonElement | null;

async function openDrawer(wrapper: ReturnType<typeof mountPanel>): Promise<void> {
  await wrapper.find(".duty-panel__open").trigger("click");
  await flushPromises();
}

beforeEach(() => {
  document.body.innerHTML = "";
  vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  backend = fakeBackend({ status: syncStatus({ last_sync_ms: NOW }) });
});
afterEach(() => {
  vi.useRealTimers();
  setBackend(null);
});

describe("DutyPanel", () => {
  it("shows B on duty since and until when, with the handover note as text, and gives B no actions", async () => {
    backend.commands.dutyPanel.mockResolvedValue(
      dutyPanel({
        on_duty: "B",
        since_ms: NOW - HOUR,
        until_ms: NOW + 8 * HOUR,
        note: "TQ0001 已约市民明早回访\n<b>请跟进</b>",
        me: "B",
        i_am_on_duty: true,
        can_hand_over: false,
        can_take_back: false,
      }),
    );
    const wrapper = mountPanel();
    await flushPromises();
    expect(text(".duty-panel__open")).toBe("值班：我");

    await openDrawer(wrapper);
    expect(text(".duty-panel__on-duty")).toBe("B角 王磊");
    expect(text(".duty-panel__since")).toContain("2026-11-28 09:00");
    expect(text(".duty-panel__until")).toContain("2026-11-28 18:00");
    const note = q(".duty-panel__note-text")!;
    expect(note.textContent).toBe("TQ0001 已约市民明早回访\n<b>请跟进</b>");
    expect(note.querySelector("b")).toBeNull();
    expect(text(".duty-panel__officer-A")).toContain("A角 张敏");
    expect(text(".duty-panel__officer-B")).toContain("（我）");
    expect(q(".duty-panel__hand-over")).toBeNull();
    expect(q(".duty-panel__take-back")).toBeNull();
    wrapper.unmount();
  });

  it("lets A hand over only with a future return time and a note, and sends both", async () => {
    const wrapper = mountPanel();
    await flushPromises();
    expect(text(".duty-panel__open")).toBe("值班：我");
    await openDrawer(wrapper);

    const send = () => button(".duty-panel__hand-over")!;
    expect(send().disabled).toBe(true);
    const picker = wrapper.findComponent(ElDatePicker);
    // A time already past is refused in place.
    picker.vm.$emit("update:modelValue", NOW - HOUR);
    await flushPromises();
    expect(text(".duty-panel__until-error")).toBe("返岗时间须晚于现在");
    expect(send().disabled).toBe(true);

    picker.vm.$emit("update:modelValue", NOW + 6 * HOUR);
    await flushPromises();
    expect(q(".duty-panel__until-error")).toBeNull();
    expect(send().disabled).toBe(true); // no note yet
    const textarea = q(".duty-panel__note-input textarea") as HTMLTextAreaElement;
    textarea.value = "   ";
    textarea.dispatchEvent(new Event("input"));
    await flushPromises();
    expect(send().disabled).toBe(true); // blank is no note
    textarea.value = "下午去区里开会，TQ0001 请跟进";
    textarea.dispatchEvent(new Event("input"));
    await flushPromises();
    expect(send().disabled).toBe(false);

    backend.commands.dutyPanel.mockResolvedValue(
      dutyPanel({
        pending: outboxEntry({ ticket_id: null, kind: "duty", kind_label: "值班交接" }),
      }),
    );
    send().click();
    await flushPromises();
    expect(backend.commands.handOverDuty).toHaveBeenCalledWith(NOW + 6 * HOUR, "下午去区里开会，TQ0001 请跟进");
    // The panel reloaded: the handover waits in the outbox until it reaches the district.
    expect(text(".duty-panel__pending")).toContain("值班交接待发送");
    expect(document.body.textContent).toContain("B角同步后将收到交接通知");
    wrapper.unmount();
  });

  it("shows the district's refusal of a handover and keeps the form", async () => {
    backend.commands.handOverDuty.mockRejectedValue({ code: "invalid_input", message: "配置无效: 返岗时间须晚于现在" });
    const wrapper = mountPanel();
    await flushPromises();
    await openDrawer(wrapper);
    wrapper.findComponent(ElDatePicker).vm.$emit("update:modelValue", NOW + HOUR);
    const textarea = q(".duty-panel__note-input textarea") as HTMLTextAreaElement;
    textarea.value = "外出";
    textarea.dispatchEvent(new Event("input"));
    await flushPromises();
    button(".duty-panel__hand-over")!.click();
    await flushPromises();
    expect(document.querySelector(".el-message--error")?.textContent).toContain("返岗时间须晚于现在");
    expect((q(".duty-panel__note-input textarea") as HTMLTextAreaElement).value).toBe("外出");
    wrapper.unmount();
  });

  it("lets A take duty back while B is on duty", async () => {
    backend.commands.dutyPanel.mockResolvedValue(
      dutyPanel({ on_duty: "B", until_ms: NOW + HOUR, i_am_on_duty: false, can_hand_over: false, can_take_back: true }),
    );
    const wrapper = mountPanel();
    await flushPromises();
    expect(text(".duty-panel__open")).toBe("值班：B角 王磊");
    await openDrawer(wrapper);
    expect(q(".duty-panel__hand-over")).toBeNull();
    backend.commands.dutyPanel.mockResolvedValue(dutyPanel());
    button(".duty-panel__take-back")!.click();
    await flushPromises();
    expect(backend.commands.takeDutyBack).toHaveBeenCalledTimes(1);
    expect(text(".duty-panel__open")).toBe("值班：我");
    wrapper.unmount();
  });

  it("reloads after a sync, so a handover made on the other desk shows up", async () => {
    backend.commands.dutyPanel.mockResolvedValue(dutyPanel({ me: "B", i_am_on_duty: false, can_hand_over: false }));
    const wrapper = mountPanel();
    await flushPromises();
    expect(text(".duty-panel__open")).toBe("值班：A角 张敏");
    backend.commands.dutyPanel.mockResolvedValue(
      dutyPanel({ on_duty: "B", me: "B", i_am_on_duty: true, can_hand_over: false, note: "外出" }),
    );
    useSyncStore().applyStatus(syncStatus({ last_sync_ms: NOW + 60_000 }));
    await flushPromises();
    expect(text(".duty-panel__open")).toBe("值班：我");
    wrapper.unmount();
  });

  it("turns starting with the desktop session off, and shows a pause of alerts", async () => {
    backend.commands.desktopPrefs.mockResolvedValue(desktopPrefs({ alerts_paused_until_ms: NOW + HOUR }));
    const wrapper = mountPanel();
    await flushPromises();
    await openDrawer(wrapper);
    expect(text(".duty-panel__paused")).toContain("提醒已暂停至 2026-11-28 11:00");
    const toggle = q(".duty-panel__autostart")!;
    expect(toggle.classList).toContain("is-checked");
    toggle.click();
    await flushPromises();
    expect(backend.commands.setAutostart).toHaveBeenCalledWith(false);
    expect(q(".duty-panel__autostart")!.classList).not.toContain("is-checked");
    wrapper.unmount();
  });

  it("says so before any roster was synced", async () => {
    backend.commands.dutyPanel.mockResolvedValue(
      dutyPanel({ known: false, a: null, b: null, since_ms: null, can_hand_over: false }),
    );
    const wrapper = mountPanel();
    await flushPromises();
    expect(text(".duty-panel__open")).toBe("值班");
    await openDrawer(wrapper);
    expect(document.body.textContent).toContain("尚未同步值班安排");
    expect(q(".duty-panel__hand-over")).toBeNull();
    wrapper.unmount();
  });
});
