import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setBackend } from "../../../ipc/backend";
import type { AppInfo } from "../../../ipc/bindings";
import { fakeBackend, type FakeBackend } from "../../../testing/fakeBackend";
import { DEMO_APP_INFO, OFFICER_APP_INFO, syncStatus } from "../../../testing/fixtures";
import DeskView from "../../../views/DeskView.vue";

let backend: FakeBackend;

function mountDesk(info: AppInfo, needsSignIn = false) {
  backend = fakeBackend({ info, status: syncStatus({ needs_sign_in: needsSignIn, tickets: 0 }) });
  setBackend(backend);
  return mount(DeskView, { attachTo: document.body });
}

const dialog = () => document.querySelector<HTMLElement>(".sign-in");
const visible = () => {
  const d = dialog();
  return d !== null && d.closest<HTMLElement>(".el-overlay")?.style.display !== "none";
};

async function type(selector: string, value: string): Promise<void> {
  const input = document.querySelector<HTMLInputElement>(`${selector} input`);
  if (!input) throw new Error(`no ${selector}`);
  input.value = value;
  input.dispatchEvent(new Event("input"));
  await flushPromises();
}

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => {
  document.body.innerHTML = "";
});

describe("sign-in", () => {
  it("asks a first-time officer to sign in and sends what was typed, once", async () => {
    const w = mountDesk({ ...OFFICER_APP_INFO, signed_in: false, username: "", officer_name: "", unit_name: "" });
    await flushPromises();
    expect(visible()).toBe(true);
    const submit = () => document.querySelector<HTMLButtonElement>(".sign-in__submit")!;
    expect(submit().disabled).toBe(true);
    await type(".sign-in__username", "liaison-a");
    await type(".sign-in__password", "s3cret-口令");
    expect(submit().disabled).toBe(false);
    backend.commands.signIn.mockResolvedValueOnce({ info: OFFICER_APP_INFO, token_kept: true, note: null });
    submit().click();
    await flushPromises();
    expect(backend.commands.signIn).toHaveBeenCalledTimes(1);
    expect(backend.commands.signIn).toHaveBeenCalledWith("https://12345.example.gov.cn/api/v1", "liaison-a", "s3cret-口令");
    expect(backend.commands.syncNow).toHaveBeenCalled();
    expect(visible()).toBe(false);
    // The password does not stay in the form.
    expect(document.querySelector<HTMLInputElement>(".sign-in__password input")?.value ?? "").toBe("");
    w.unmount();
  });

  it("with a district preset by the system policy, shows it read-only and asks only username and password", async () => {
    const preset = "https://12345.tianqiao.gov.cn/api/v1";
    const w = mountDesk({ ...OFFICER_APP_INFO, signed_in: false, username: "", server_url: preset, preset_server_url: preset });
    await flushPromises();
    expect(visible()).toBe(true);
    expect(document.querySelector(".sign-in__server")).toBeNull();
    expect(document.querySelector(".sign-in__preset")?.textContent).toBe(preset);
    await type(".sign-in__username", "liaison-b");
    await type(".sign-in__password", "pw");
    document.querySelector<HTMLButtonElement>(".sign-in__submit")!.click();
    await flushPromises();
    expect(backend.commands.signIn).toHaveBeenCalledWith(preset, "liaison-b", "pw");
    w.unmount();
  });

  it("with an unusable policy file, names the file and the field instead of the sign-in form", async () => {
    const problem =
      "系统策略文件无效，无法登录。请联系本单位信息管理员修正：/etc/liaison-desk/policy.json: updates.feed_url: not an http(s) URL";
    const w = mountDesk({ ...OFFICER_APP_INFO, signed_in: false, policy_problem: problem });
    await flushPromises();
    expect(visible()).toBe(true);
    expect(document.querySelector(".sign-in__policy")?.textContent).toContain(problem);
    expect(document.querySelector(".sign-in__form")).toBeNull();
    expect(document.querySelector(".sign-in__submit")).toBeNull();
    w.unmount();
  });

  it("shows a refused sign-in's reason as text and keeps the dialog open", async () => {
    const w = mountDesk({ ...OFFICER_APP_INFO, signed_in: false });
    await flushPromises();
    await type(".sign-in__password", "wrong");
    backend.commands.signIn.mockRejectedValueOnce({ code: "unauthorized", message: "用户名或密码错误<b>!</b>" });
    document.querySelector<HTMLButtonElement>(".sign-in__submit")!.click();
    await flushPromises();
    const error = document.querySelector(".sign-in__error");
    expect(error?.textContent).toBe("用户名或密码错误<b>!</b>");
    expect(error?.querySelector("b")).toBeNull();
    expect(visible()).toBe(true);
    w.unmount();
  });

  it("after a 401 says nothing unsent is lost, and can be put off to read the cache", async () => {
    const w = mountDesk(OFFICER_APP_INFO, true);
    await flushPromises();
    expect(visible()).toBe(true);
    expect(document.querySelector(".sign-in__expired")?.textContent).toContain("不会丢失");
    document.querySelector<HTMLButtonElement>(".sign-in__later")!.click();
    await flushPromises();
    expect(visible()).toBe(false);
    w.unmount();
  });

  it("never asks in demo mode", async () => {
    const w = mountDesk({ ...DEMO_APP_INFO, signed_in: false });
    await flushPromises();
    expect(dialog()).toBeNull();
    expect(document.querySelector(".account__menu, .account__sign-in")).toBeNull();
    w.unmount();
  });

  it("says when the token is kept for this run only", async () => {
    const note = "系统钥匙串不可用：无法连接。令牌只保存在本次运行的内存中，下次启动需重新登录";
    const w = mountDesk({ ...OFFICER_APP_INFO, token_kept: false, token_note: note });
    await flushPromises();
    expect(document.querySelector(".app-header__token-note")?.textContent?.trim()).toBe(note);
    w.unmount();
  });
});
