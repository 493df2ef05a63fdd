import { flushPromises } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import type { ReplyForm } from "../../ipc/bindings";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import { lintFinding, replyForm, replyWorkspace } from "../../testing/fixtures";
import { SAVE_MAX_WAIT_MS, SHARE_IDLE_MS, useReplyDraftStore } from "../replyDraft";

const NOW = Date.UTC(2026, 10, 28, 2, 42, 3); // 10:42:03 in Shanghai
const ID = "BY20261128-0001";
let backend: FakeBackend;

function setup(init: Parameters<typeof fakeBackend>[0] = {}) {
  backend = fakeBackend(init);
  setBackend(backend);
  setActivePinia(createPinia());
  return useReplyDraftStore();
}

const withText = (form: ReplyForm, text: string): ReplyForm => ({ ...form, text });

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
  setBackend(null);
});

describe("reply draft store: autosave", () => {
  it("loads the workspace with its form, findings and blocking state", async () => {
    const store = setup({
      workspace: replyWorkspace({
        form: replyForm({ text: "已写的内容" }),
        findings: [lintFinding({ field: "outcome", message: "请选择答复结果" })],
        blocked: true,
        saved_ms: NOW - 60_000,
      }),
    });
    await store.load(ID);
    expect(backend.commands.replyWorkspace).toHaveBeenCalledWith(ID);
    expect(store.form.text).toBe("已写的内容");
    expect(store.blocked).toBe(true);
    expect(store.findings.map((f) => f.message)).toEqual(["请选择答复结果"]);
    expect(store.statusText).toBe("已自动保存 10:41:03");
  });

  it("debounces keystrokes into one local save with the newest text, well within a second", async () => {
    const store = setup();
    await store.load(ID);
    store.update(withText(store.form, "您"));
    await vi.advanceTimersByTimeAsync(100);
    store.update(withText(store.form, "您好"));
    await vi.advanceTimersByTimeAsync(100);
    store.update(withText(store.form, "您好，路灯"));
    expect(store.statusText).toBe("保存中…");
    expect(backend.commands.saveReplyDraft).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(SAVE_MAX_WAIT_MS);
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledTimes(1);
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledWith(ID, expect.objectContaining({ text: "您好，路灯" }), false);
    expect(store.dirty).toBe(false);
    expect(store.statusText).toMatch(/^已自动保存 \d\d:\d\d:\d\d$/);
  });

  it("saves within the maximum wait even while the officer keeps typing", async () => {
    const store = setup();
    await store.load(ID);
    let text = "";
    for (let i = 0; i < 5; i++) {
      text += "字";
      store.update(withText(store.form, text));
      await vi.advanceTimersByTimeAsync(300); // faster than the debounce
    }
    // 1.5 s of typing: at least one save already, none later than 800 ms after a change.
    expect(backend.commands.saveReplyDraft.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(backend.commands.saveReplyDraft.mock.calls[0]![1].text.length).toBeGreaterThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(SAVE_MAX_WAIT_MS);
    expect(backend.commands.saveReplyDraft).toHaveBeenLastCalledWith(ID, expect.objectContaining({ text: "字字字字字" }), false);
  });

  it("shares the draft after five seconds without typing", async () => {
    const store = setup();
    await store.load(ID);
    store.update(withText(store.form, "经核实，路灯已修复。"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledTimes(1);
    expect(backend.commands.saveReplyDraft.mock.calls[0]![2]).toBe(false);
    await vi.advanceTimersByTimeAsync(SHARE_IDLE_MS);
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledTimes(2);
    expect(backend.commands.saveReplyDraft).toHaveBeenLastCalledWith(ID, expect.objectContaining({ text: "经核实，路灯已修复。" }), true);
  });

  it("flush saves and shares at once what the debounce had not saved yet", async () => {
    const store = setup();
    await store.load(ID);
    store.update(withText(store.form, "刚刚打的字"));
    await store.flush();
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledTimes(1);
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledWith(ID, expect.objectContaining({ text: "刚刚打的字" }), true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledTimes(1); // the timers were cancelled
  });

  it("keeps the findings of each save; sending is blocked only while one blocks", async () => {
    const store = setup({
      lint: (form) =>
        form.text.includes("不归我们管")
          ? [lintFinding({ code: "forbidden_phrase", message: "含有禁用语“不归我们管”", matched: "不归我们管", start: 0, end: 5 })]
          : [lintFinding({ code: "text_too_short", blocking: false, message: "答复内容偏短" })],
    });
    await store.load(ID);
    store.update(withText(store.form, "不归我们管"));
    await vi.advanceTimersByTimeAsync(SAVE_MAX_WAIT_MS);
    expect(store.blocked).toBe(true);
    expect(store.findings[0]?.matched).toBe("不归我们管");
    store.update(withText(store.form, "已协调处理"));
    await vi.advanceTimersByTimeAsync(SAVE_MAX_WAIT_MS);
    expect(store.blocked).toBe(false);
    expect(store.findings.map((f) => f.code)).toEqual(["text_too_short"]);
  });

  it("shows a failed save and tries again", async () => {
    const store = setup();
    await store.load(ID);
    backend.commands.saveReplyDraft.mockRejectedValueOnce({ code: "storage", message: "磁盘已满" });
    store.update(withText(store.form, "内容"));
    await vi.advanceTimersByTimeAsync(SAVE_MAX_WAIT_MS);
    expect(store.statusText).toBe("自动保存失败：磁盘已满");
    expect(store.dirty).toBe(true);
    await store.saveNow();
    expect(store.dirty).toBe(false);
    expect(store.statusText).toMatch(/^已自动保存/);
  });

  it("saves the previous ticket's text when another ticket is loaded", async () => {
    const store = setup();
    await store.load(ID);
    store.update(withText(store.form, "第一张工单的答复"));
    await store.load("BY-OTHER");
    await flushPromises();
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledWith(ID, expect.objectContaining({ text: "第一张工单的答复" }), true);
    expect(store.ticketId).toBe("BY-OTHER");
  });

  it("does not overwrite unsaved typing when the workspace is refreshed", async () => {
    const store = setup();
    await store.load(ID);
    store.update(withText(store.form, "正在输入"));
    await store.refresh();
    expect(store.form.text).toBe("正在输入");
  });

  it("refuses to send while a blocking finding stands, after saving the newest text", async () => {
    const store = setup({ lint: () => [lintFinding()] });
    await store.load(ID);
    store.update(withText(store.form, ""));
    await expect(store.send()).rejects.toMatchObject({ code: "invalid_input" });
    expect(backend.commands.saveReplyDraft).toHaveBeenCalledTimes(1);
    expect(backend.commands.sendReply).not.toHaveBeenCalled();
  });
});
