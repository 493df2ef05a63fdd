import { flushPromises, mount, type VueWrapper } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { ElMessageBox } from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import type { ReplyForm } from "../../ipc/bindings";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import {
  draftVersion,
  lintFinding,
  outboxEntry,
  replyForm,
  replyWorkspace,
  syncStatus,
  ticketDetail,
  ticketRow,
} from "../../testing/fixtures";
import TicketDetailPanel from "../../components/detail/TicketDetailPanel.vue";
import ReplyEditorView from "../ReplyEditorView.vue";
import TicketDetailView from "../TicketDetailView.vue";
import { useSyncStore } from "../../stores/sync";
import { useTicketDetailStore } from "../../stores/ticketDetail";

const NOW = Date.UTC(2026, 10, 28, 2, 42, 3);
const ID = "BY20261128-0001";
const XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
let backend: FakeBackend;
let wrapper: VueWrapper | null = null;

async function mountEditor(init: Parameters<typeof fakeBackend>[0] = {}) {
  backend = fakeBackend(init);
  setBackend(backend);
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(ReplyEditorView, { props: { ticketId: ID }, global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const q = <T extends Element = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const sendButton = () => q<HTMLButtonElement>(".reply-editor__send")!;
const fieldText = (field: string) => q(`[data-field="${field}"] .field-findings`)?.textContent?.replace(/\s+/g, "") ?? "";

async function typeInto(selector: string, text: string): Promise<void> {
  const el = q<HTMLTextAreaElement | HTMLInputElement>(selector)!;
  el.value = text;
  el.dispatchEvent(new Event("input"));
  await flushPromises();
}
const typeText = (text: string) => typeInto('[data-field="text"] textarea', text);

async function chooseOutcome(value: string): Promise<void> {
  const radio = q<HTMLInputElement>(`.reply-form__outcome input[value="${value}"]`)!;
  radio.checked = true;
  radio.dispatchEvent(new Event("change"));
  await flushPromises();
}

/** Lets the debounced save run and answer. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(1000);
  await flushPromises();
}

/** A complete, valid reply. */
const good: ReplyForm = replyForm({
  outcome: "resolved",
  text: "您好，您反映的路灯问题已于11月28日修复，经回访市民表示认可。",
  citizen_contacted_ms: NOW - 3_600_000,
  contact_method: "phone",
});

beforeEach(() => {
  document.body.innerHTML = "";
  vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.useRealTimers();
  setBackend(null);
});

describe("ReplyEditorView: blocking state and inline findings", () => {
  it("disables sending while a blocking finding stands and enables it once a save finds none", async () => {
    await mountEditor({
      workspace: replyWorkspace({
        form: { ...good, text: "不归我们管。" },
        findings: [lintFinding({ code: "forbidden_phrase", message: "含有禁用语“不归我们管”", matched: "不归我们管", start: 0, end: 5 })],
        blocked: true,
      }),
      lint: (form) => (form.text.includes("不归我们管") ? [lintFinding({ code: "forbidden_phrase" })] : []),
    });
    expect(sendButton().disabled).toBe(true);
    expect(q(".reply-editor__blocked")?.textContent).toBe("还有 1 项须修改后才能发送");

    await typeText(good.text);
    await settle();
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledWith(ID, expect.objectContaining({ text: good.text }), false);
    expect(sendButton().disabled).toBe(false);
    expect(q(".reply-editor__blocked")).toBeNull();

    await typeText("这事不归我们管");
    await settle();
    expect(sendButton().disabled).toBe(true);
  });

  it("shows each finding under its own field: blocking in red, hints in grey, forbidden phrases quoted", async () => {
    await mountEditor({
      lint: () => [
        lintFinding({ code: "forbidden_phrase", field: "text", message: "含有禁用语“不归我们管”（写作“不归 我们管”）", matched: "不归 我们管", start: 2, end: 8 }),
        lintFinding({ code: "invalid_phone", field: "contact_phone", message: "联系电话格式不正确" }),
        lintFinding({ code: "phone_non_ascii_digits", field: "contact_phone", blocking: false, message: "联系电话含全角数字" }),
      ],
    });
    expect(fieldText("text")).toBe("");
    await typeText("这事不归 我们管");
    await settle();

    const text = q('[data-field="text"] .field-findings')!;
    expect(text.querySelector(".field-findings__item--blocking")?.getAttribute("data-code")).toBe("forbidden_phrase");
    expect(text.querySelector(".field-findings__matched")?.textContent).toBe("不归 我们管");
    expect(text.textContent).toContain("第 3 字起");
    expect(text.textContent).not.toContain("联系电话");

    const phone = q('[data-field="contact_phone"] .field-findings')!;
    expect(phone.querySelector(".field-findings__item--blocking")?.textContent).toContain("联系电话格式不正确");
    expect(phone.querySelector(".field-findings__item--hint")?.textContent).toContain("联系电话含全角数字");
    expect(q('[data-field="contact_phone"]')!.classList.contains("reply-field--flagged")).toBe(true);
    expect(q('[data-field="outcome"] .field-findings')).toBeNull();
  });

  it("marks the policy basis required for 部分解决 and when a finding asks for it", async () => {
    await mountEditor({ workspace: replyWorkspace({ form: good }) });
    const label = () => q('[data-field="policy_basis"] .reply-field__label')!.textContent;
    expect(label()).toContain("选填");
    await chooseOutcome("partially_resolved");
    expect(label()).toContain("必填");
  });
});

describe("ReplyEditorView: templates", () => {
  it("offers only the templates of the chosen outcome and inserts one into the empty text", async () => {
    await mountEditor();
    expect(document.querySelectorAll(".template-picker__item")).toHaveLength(0);
    expect(q(".template-picker__hint")?.textContent).toContain("选择答复结果后");

    await chooseOutcome("partially_resolved");
    const names = () => [...document.querySelectorAll(".template-picker__name")].map((n) => n.textContent);
    expect(names()).toEqual(["部分解决"]);
    await chooseOutcome("resolved");
    expect(names()).toEqual(["已解决通用"]);

    q<HTMLButtonElement>('[data-template-id="t-resolved"] .template-picker__insert')!.click();
    await flushPromises();
    expect(q<HTMLTextAreaElement>('[data-field="text"] textarea')!.value).toBe("您好，您反映的路灯问题已于11月28日修复。");
    await settle();
    expect(backend.commands.saveReplyDraft).toHaveBeenLastCalledWith(
      ID,
      expect.objectContaining({ outcome: "resolved", text: "您好，您反映的路灯问题已于11月28日修复。" }),
      false,
    );
  });

  it("asks before replacing text already written; placeholders stay visible", async () => {
    await mountEditor({ workspace: replyWorkspace({ form: replyForm({ outcome: "partially_resolved", text: "我自己写的" }) }) });
    q<HTMLButtonElement>('[data-template-id="t-partial"] .template-picker__insert')!.click();
    await flushPromises();
    expect(q(".template-picker__confirm")?.textContent).toContain("将替换已填写的答复内容");
    expect(q<HTMLTextAreaElement>('[data-field="text"] textarea')!.value).toBe("我自己写的");

    q<HTMLButtonElement>(".template-picker__confirm-no")!.click();
    await flushPromises();
    expect(q(".template-picker__confirm")).toBeNull();
    expect(q<HTMLTextAreaElement>('[data-field="text"] textarea')!.value).toBe("我自己写的");

    q<HTMLButtonElement>('[data-template-id="t-partial"] .template-picker__insert')!.click();
    await flushPromises();
    q<HTMLButtonElement>(".template-picker__confirm-yes")!.click();
    await flushPromises();
    expect(q<HTMLTextAreaElement>('[data-field="text"] textarea')!.value).toBe("您好，经核实，{{原因}}，已部分处理。");
  });
});

describe("ReplyEditorView: autosave", () => {
  it("saves what was typed within a second, and flushes (shared) on unmount", async () => {
    const w = await mountEditor();
    await typeText("您好，经核实");
    await vi.advanceTimersByTimeAsync(999);
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledTimes(1);
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledWith(ID, expect.objectContaining({ text: "您好，经核实" }), false);
    await flushPromises();
    expect(q(".draft-status__save")?.textContent).toBe("已自动保存 10:42:03");

    await typeText("您好，经核实，路灯已修复");
    w.unmount();
    wrapper = null;
    await flushPromises();
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledTimes(2);
    expect(backend.commands.saveReplyDraft).toHaveBeenLastCalledWith(ID, expect.objectContaining({ text: "您好，经核实，路灯已修复" }), true);
  });

  it("flushes when the window is hidden", async () => {
    await mountEditor();
    await typeText("切换窗口前打的字");
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
    await flushPromises();
    // @ts-expect-error drop the instance property, back to the prototype's getter
    delete document.visibilityState;
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledWith(ID, expect.objectContaining({ text: "切换窗口前打的字" }), true);
  });

  it("says who saved the shared draft last and that this PC has unsynced edits", async () => {
    await mountEditor({
      workspace: replyWorkspace({
        shared: { revision: 3, updated_by: "王五", updated_at_ms: Date.UTC(2026, 10, 28, 2, 10, 0), mine: false },
        unshared: true,
      }),
    });
    expect(q(".draft-status__shared")?.textContent).toBe("草稿由 王五 于 10:10 保存");
    expect(q(".draft-status__unshared")?.textContent).toBe("本机有未同步的修改");
  });
});

describe("ReplyEditorView: collisions", () => {
  const collision = {
    theirs: replyForm({ outcome: "resolved", text: `对方写的答复${XSS}` }),
    by: "王五",
    at_ms: NOW - 60_000,
    summary: "B角 王五 10:41 更新了草稿",
  };
  const mine = replyForm({ outcome: "resolved", text: "我写的答复" });

  it("shows both texts side by side, as literal text", async () => {
    await mountEditor({ workspace: replyWorkspace({ form: mine, collision }) });
    expect(q(".collision__summary")?.textContent).toBe("B角 王五 10:41 更新了草稿");
    expect(q(".collision__side--theirs .collision__text")?.textContent).toBe(`对方写的答复${XSS}`);
    expect(q(".collision__side--mine .collision__text")?.textContent).toBe("我写的答复");
    expect(document.querySelector(".collision img, .collision script")).toBeNull();
    expect(sendButton().disabled).toBe(true);
  });

  it("用对方的 resolves with their text", async () => {
    await mountEditor({ workspace: replyWorkspace({ form: mine, collision }) });
    q<HTMLButtonElement>(".collision__theirs")!.click();
    await flushPromises();
    expect(backend.commands.resolveDraftCollision).toHaveBeenCalledWith(ID, collision.theirs);
    expect(q(".collision")).toBeNull();
    expect(q<HTMLTextAreaElement>('[data-field="text"] textarea')!.value).toBe(collision.theirs.text);
  });

  it("保留我的 resolves with my text, including what was just typed", async () => {
    await mountEditor({ workspace: replyWorkspace({ form: mine, collision }) });
    await typeText("我写的答复，刚补充的一句");
    q<HTMLButtonElement>(".collision__mine")!.click();
    await flushPromises();
    expect(backend.commands.resolveDraftCollision).toHaveBeenCalledWith(ID, expect.objectContaining({ text: "我写的答复，刚补充的一句" }));
  });

  it("手动合并 starts from mine and theirs and resolves with the merged text", async () => {
    await mountEditor({ workspace: replyWorkspace({ form: mine, collision }) });
    q<HTMLButtonElement>(".collision__merge")!.click();
    await flushPromises();
    const box = q<HTMLTextAreaElement>(".collision__merged textarea")!;
    expect(box.value).toContain("我写的答复");
    expect(box.value).toContain(`对方写的答复${XSS}`);
    await typeInto(".collision__merged textarea", "合并后的答复");
    q<HTMLButtonElement>(".collision__merge-use")!.click();
    await flushPromises();
    expect(backend.commands.resolveDraftCollision).toHaveBeenCalledWith(ID, { ...mine, text: "合并后的答复" });
  });
});

describe("ReplyEditorView: sending", () => {
  it("sends and shows the reply as 待发送 (offline) with the text readable", async () => {
    await mountEditor({ workspace: replyWorkspace({ form: good }) });
    useSyncStore().applyStatus(syncStatus({ online: "offline" }));
    expect(sendButton().disabled).toBe(false);
    sendButton().click();
    await flushPromises();
    expect(backend.commands.sendReply).toHaveBeenCalledWith(ID);
    expect(q(".reply-state__tag")?.textContent).toBe("待发送");
    expect(q(".reply-state__note")?.textContent).toContain("当前离线：答复已保存在本机，联网后自动发送");
    expect(q(".reply-state__value--text")?.textContent).toBe(good.text);
    expect(q(".reply-form")).toBeNull(); // read-only from now on
  });

  it("shows a sent reply read-only", async () => {
    await mountEditor({
      workspace: replyWorkspace({
        form: good,
        reply_entry: outboxEntry({ kind: "reply", state: "sent", state_label: "已发送", sent_ms: NOW, body: { ...good, text: `已发送的答复${XSS}` } }),
      }),
    });
    expect(q(".reply-state__tag")?.textContent).toBe("已发送");
    expect(q(".reply-state__value--text")?.textContent).toBe(`已发送的答复${XSS}`);
    expect(q(".reply-editor__send")).toBeNull();
    expect(document.querySelector(".reply-state img, .reply-state script")).toBeNull();
  });

  it("shows a 422's field errors next to the fields and lets the officer send again", async () => {
    await mountEditor({
      workspace: replyWorkspace({
        form: good,
        reply_entry: outboxEntry({
          kind: "reply",
          state: "rejected",
          state_label: "被退回",
          status_code: 422,
          last_error: "请求内容不符合要求：contact_phone, text",
          field_errors: { text: ["答复内容须包含办理结果"], contact_phone: ["联系电话格式不正确"] },
          body: { ...good },
        }),
      }),
    });
    expect(q(".reply-state__error")?.textContent).toContain("请求内容不符合要求");
    expect(q('[data-field="text"] .field-findings__item--server')?.textContent).toContain("答复内容须包含办理结果");
    expect(q('[data-field="contact_phone"] .field-findings__item--server')?.textContent).toContain("联系电话格式不正确");
    expect(q('[data-field="outcome"] .field-findings__item--server')).toBeNull();
    await typeText(`${good.text}办理结果：已修复。`);
    expect(sendButton().textContent?.trim()).toBe("重新发送");
    sendButton().click();
    await flushPromises();
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledWith(ID, expect.objectContaining({ text: `${good.text}办理结果：已修复。` }), false);
    expect(backend.commands.sendReply).toHaveBeenCalledTimes(1);
  });

  it("shows a 412 with what the district says now and 确认重新发送", async () => {
    await mountEditor({
      workspace: replyWorkspace({
        form: good,
        reply_entry: outboxEntry({
          kind: "reply",
          state: "conflict",
          state_label: "冲突",
          status_code: 412,
          last_error: "工单已被修改（版本 4），请核对后重新提交",
          // ServerCurrentView::of the district's ticket (version 4, a redo).
          server_view: { lines: ["工单状态：重办", "工单版本：4", `重办原因：市民不满意${XSS}`] },
          body: { ...good },
        }),
      }),
    });
    expect(q(".reply-state__error")?.textContent).toBe("工单已被修改（版本 4），请核对后重新提交");
    const lines = [...document.querySelectorAll(".reply-state__server-lines li")].map((l) => l.textContent);
    expect(lines).toContain("工单状态：重办");
    expect(lines).toContain(`重办原因：市民不满意${XSS}`);
    expect(document.querySelector(".reply-state img, .reply-state script")).toBeNull();
    q<HTMLButtonElement>(".reply-state__resend")!.click();
    await flushPromises();
    expect(backend.commands.sendReply).toHaveBeenCalledWith(ID);
  });

  it("shows a blocked reply read-only with the district's reason; 重试 sends it again", async () => {
    const blocked = outboxEntry({
      id: 31,
      kind: "reply",
      state: "blocked",
      state_label: "发送受阻",
      status_code: 500,
      last_error: `区热线平台返回 500: 服务器内部错误${XSS}`,
      body: { ...good },
    });
    await mountEditor({ workspace: replyWorkspace({ form: good, reply_entry: blocked }) });
    expect(q(".reply-state__tag")?.textContent).toBe("发送受阻");
    expect(q(".reply-state__error")?.textContent).toBe(`区热线平台返回 500: 服务器内部错误${XSS}`);
    expect(q(".reply-state__value--text")?.textContent).toBe(good.text);
    expect(q(".reply-form")).toBeNull();
    expect(document.querySelector(".reply-state img, .reply-state script")).toBeNull();
    q<HTMLButtonElement>(".reply-state__retry")!.click();
    await flushPromises();
    expect(backend.commands.retryOutbox).toHaveBeenCalledWith(31);
    expect(backend.commands.discardOutbox).not.toHaveBeenCalled();
  });

  it("放弃 on a blocked reply asks first and says the text stays in the record", async () => {
    const confirm = vi.spyOn(ElMessageBox, "confirm");
    const blocked = outboxEntry({ id: 31, kind: "reply", kind_label: "答复", state: "blocked", state_label: "发送受阻", body: { ...good } });
    await mountEditor({ workspace: replyWorkspace({ form: good, reply_entry: blocked }) });
    confirm.mockRejectedValueOnce("cancel");
    q<HTMLButtonElement>(".reply-state__discard")!.click();
    await flushPromises();
    expect(backend.commands.discardOutbox).not.toHaveBeenCalled();
    confirm.mockResolvedValueOnce("confirm" as never);
    q<HTMLButtonElement>(".reply-state__discard")!.click();
    await flushPromises();
    expect(backend.commands.discardOutbox).toHaveBeenCalledWith(31);
    expect(String(confirm.mock.calls[0]?.[0])).toContain("您所写的内容和区热线平台的答复仍保留在本机的提交记录中");
    confirm.mockRestore();
  });

  it("shows why the backend refused to send", async () => {
    await mountEditor({ workspace: replyWorkspace({ form: good }) });
    backend.commands.sendReply.mockRejectedValueOnce({ code: "invalid_input", message: "答复不符合规范，不能发送：请填写联系电话" });
    sendButton().click();
    await flushPromises();
    expect(document.querySelector(".el-message")?.textContent).toContain("答复不符合规范，不能发送：请填写联系电话");
  });
});

describe("ReplyEditorView: redo, versions, untrusted text", () => {
  it("shows the redo reason and callback comment above the form, as literal text", async () => {
    await mountEditor({
      workspace: replyWorkspace({ is_redo: true, redo_reason: `答复与实际不符${XSS}`, callback_comment: `<b>没人来修</b>` }),
    });
    const notice = q(".redo-notice")!;
    expect(notice.compareDocumentPosition(q(".reply-form")!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(q(".redo-notice__reason")?.textContent).toBe(`答复与实际不符${XSS}`);
    expect(q(".redo-notice__callback")?.textContent).toBe("<b>没人来修</b>");
    expect(document.querySelector(".redo-notice img, .redo-notice script, .redo-notice b")).toBeNull();
    expect(q('[data-field="addresses_redo_reason"]')).not.toBeNull();
  });

  it("shows template names and bodies as literal text", async () => {
    await mountEditor({
      workspace: replyWorkspace({
        form: replyForm({ outcome: "resolved" }),
        templates: [{ id: "x", name: `<i>模板</i>`, outcome: "resolved", body: `正文${XSS}` }],
      }),
    });
    expect(q(".template-picker__name")?.textContent).toBe("<i>模板</i>");
    expect(q(".template-picker__preview")?.textContent).toBe(`正文${XSS}`);
    expect(document.querySelector(".template-picker img, .template-picker script, .template-picker i")).toBeNull();
  });

  it("lists earlier versions and restores one", async () => {
    const versions = [
      draftVersion({ id: 7, source_label: "被共享草稿替换前", form: replyForm({ text: "较早的答复内容" }) }),
      draftVersion({ id: 6, source_label: "自动保存", form: replyForm({ text: "" }) }),
    ];
    await mountEditor({ workspace: replyWorkspace({ version_count: 2 }), versions });
    const open = q<HTMLButtonElement>(".reply-editor__versions")!;
    expect(open.textContent?.trim()).toBe("历史版本 (2)");
    open.click();
    await flushPromises();
    const items = document.querySelectorAll(".draft-versions__item");
    expect(items).toHaveLength(2);
    expect(items[0]!.querySelector(".draft-versions__source")?.textContent).toBe("被共享草稿替换前");
    expect(items[0]!.querySelector(".draft-versions__preview")?.textContent).toBe("较早的答复内容");
    expect(items[1]!.querySelector(".draft-versions__preview")?.textContent).toBe("（答复内容为空）");
    items[0]!.querySelector<HTMLButtonElement>(".draft-versions__restore")!.click();
    await flushPromises();
    expect(backend.commands.restoreDraftVersion).toHaveBeenCalledWith(ID, 7);
    expect(q<HTMLTextAreaElement>('[data-field="text"] textarea')!.value).toBe("较早的答复内容");
  });
});

describe("TicketDetailView: 撰写答复", () => {
  it("opens the editor in place of the detail; Esc goes back to the detail and saves", async () => {
    backend = fakeBackend({ detail: ticketDetail({ can_reply: true }, ticketRow({ id: ID })) });
    setBackend(backend);
    const pinia = createPinia();
    setActivePinia(pinia);
    const detail = useTicketDetailStore();
    await detail.open(ID);
    wrapper = mount(TicketDetailView, { global: { plugins: [pinia] }, attachTo: document.body });
    await flushPromises();

    q<HTMLButtonElement>(".detail__reply")!.click();
    await flushPromises();
    expect(q(".reply-editor")).not.toBeNull();
    expect(q(".detail")).toBeNull();
    expect(backend.commands.replyWorkspace).toHaveBeenCalledWith(ID);

    await typeText("离开前打的字");
    const textarea = q('[data-field="text"] textarea')!;
    textarea.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    await flushPromises();
    expect(q(".reply-editor")).toBeNull();
    expect(q(".detail")).not.toBeNull();
    expect(detail.openId).toBe(ID);
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledWith(ID, expect.objectContaining({ text: "离开前打的字" }), true);
  });
});

describe("TicketDetailPanel: the reply entry point", () => {
  it("offers 撰写答复 while the unit may reply and 查看答复 once it replied", async () => {
    const open = mount(TicketDetailPanel, { props: { detail: ticketDetail({ can_reply: true }), nowMs: NOW, revealedPhone: null } });
    expect(open.find(".detail__reply").text()).toBe("撰写答复");
    await open.find(".detail__reply").trigger("click");
    expect(open.emitted("reply")).toHaveLength(1);
    open.unmount();

    const replied = mount(TicketDetailPanel, {
      props: { detail: ticketDetail({ can_reply: false }, { status: "replied", status_label: "已答复待回访" }), nowMs: NOW, revealedPhone: null },
    });
    expect(replied.find(".detail__reply--view").text()).toBe("查看答复");
    replied.unmount();

    const co = mount(TicketDetailPanel, {
      props: { detail: ticketDetail({ can_reply: false }, { our_role: "co_handler" }), nowMs: NOW, revealedPhone: null },
    });
    expect(co.find(".detail__reply").exists()).toBe(false);
    co.unmount();
  });
});
