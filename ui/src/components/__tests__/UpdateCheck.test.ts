import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { beforeEach, describe, expect, it } from "vitest";
import { setBackend } from "../../ipc/backend";
import type { UpdateCheck as Check } from "../../ipc/bindings";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import UpdateCheck from "../UpdateCheck.vue";

let backend: FakeBackend;

const offered = (overrides: Partial<Check> = {}): Check => ({
  current_version: "0.1.0",
  offer: { version: "0.2.0", notes: "修复提醒重复<b>弹出</b>的问题", date: "2026-12-01T08:00:00Z" },
  in_app: true,
  ask: null,
  ...overrides,
});

beforeEach(() => {
  setActivePinia(createPinia());
  backend = fakeBackend();
  setBackend(backend);
});

describe("检查更新", () => {
  it("says when this is the newest version", async () => {
    const w = mount(UpdateCheck);
    await w.find(".update-check__button").trigger("click");
    await flushPromises();
    expect(backend.commands.checkForUpdate).toHaveBeenCalledTimes(1);
    expect(w.find(".update-check__latest").text()).toBe("已是最新版本（0.1.0）");
    expect(w.find(".update-check__install").exists()).toBe(false);
  });

  it("shows the new version and its notes as text, then installs with progress", async () => {
    backend.commands.checkForUpdate.mockResolvedValueOnce(offered());
    const w = mount(UpdateCheck);
    await flushPromises();
    await w.find(".update-check__button").trigger("click");
    await flushPromises();
    expect(w.find(".update-check__version").text()).toBe("发现新版本 0.2.0（当前版本 0.1.0）");
    const notes = w.find(".update-check__notes");
    expect(notes.text()).toBe("修复提醒重复<b>弹出</b>的问题");
    expect(notes.find("b").exists()).toBe(false);
    let finish: (() => void) | undefined;
    backend.commands.installUpdate.mockImplementationOnce(() => new Promise((resolve) => (finish = () => resolve(null))));
    await w.find(".update-check__install").trigger("click");
    backend.emitUpdateProgress({ stage: "downloading", downloaded: 512 * 1024, total: 1024 * 1024 });
    await flushPromises();
    expect(w.find(".update-check__stage").text()).toBe("正在下载… 512 KB / 1.0 MB");
    backend.emitUpdateProgress({ stage: "verifying", downloaded: 0, total: null });
    await flushPromises();
    expect(w.find(".update-check__stage").text()).toBe("正在校验签名…");
    backend.emitUpdateProgress({ stage: "installed", downloaded: 0, total: null });
    finish?.();
    await flushPromises();
    expect(w.find(".update-check__stage").text()).toBe("新版本已安装，重新启动工作台后生效。");
    expect(backend.commands.installUpdate).toHaveBeenCalledTimes(1);
  });

  it("where in-app updates are off, says whom to ask and offers no install", async () => {
    const ask = "本机由单位统一管理，不能在应用内更新。请联系区政务服务中心信息科 010-12345678安装新版本。";
    backend.commands.checkForUpdate.mockResolvedValueOnce(offered({ in_app: false, ask }));
    const w = mount(UpdateCheck);
    await w.find(".update-check__button").trigger("click");
    await flushPromises();
    expect(w.find(".update-check__ask").text()).toContain(ask);
    expect(w.find(".update-check__install").exists()).toBe(false);
  });

  it("shows a refused signature's message", async () => {
    backend.commands.checkForUpdate.mockResolvedValueOnce(offered());
    const message = "更新文件的签名校验未通过，已拒绝安装：文件可能被篡改或不是本单位发布的版本。请联系信息管理员。";
    backend.commands.installUpdate.mockRejectedValueOnce({ code: "internal", message });
    const w = mount(UpdateCheck);
    await w.find(".update-check__button").trigger("click");
    await flushPromises();
    await w.find(".update-check__install").trigger("click");
    await flushPromises();
    expect(w.find(".update-check__error").text()).toBe(message);
    expect(w.find(".update-check__progress").exists()).toBe(false);
  });

  it("hears the daily check's event", async () => {
    const w = mount(UpdateCheck);
    await flushPromises();
    backend.emitUpdateAvailable(offered());
    await flushPromises();
    expect(w.find(".update-check__version").text()).toContain("0.2.0");
    w.unmount();
    // The header owns the subscription for the session: closing 关于 keeps hearing it.
    expect(backend.listenerCount()).toBe(2);
  });
});
