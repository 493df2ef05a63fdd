import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import generated from "../../../about/licenses.json";
import { filterLibraries, licenseCounts, type Library } from "../../../about/licenses";
import { setBackend } from "../../../ipc/backend";
import { useAboutStore } from "../../../stores/about";
import { fakeBackend, type FakeBackend } from "../../../testing/fakeBackend";
import { aboutInfo } from "../../../testing/fixtures";
import AboutDialog from "../AboutDialog.vue";

let backend: FakeBackend;

function mountDialog() {
  setBackend(backend);
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(AboutDialog, { global: { plugins: [pinia] }, attachTo: document.body });
  return { wrapper, about: useAboutStore() };
}

const q = (sel: string) => document.querySelector<HTMLElement>(sel);
const text = (sel: string) => q(sel)?.textContent?.trim() ?? null;
const tableNames = () => [...document.querySelectorAll(".about__table .el-table-v2__row")].map((r) => r.textContent ?? "");

beforeEach(() => {
  document.body.replaceChildren();
  backend = fakeBackend();
});
afterEach(() => setBackend(null));

describe("AboutDialog", () => {
  it("shows version, build date, commit, contract version and the folders", async () => {
    const { wrapper, about } = mountDialog();
    about.show();
    await flushPromises();
    expect(backend.commands.about).toHaveBeenCalledTimes(1);
    expect(text(".about__version")).toBe("0.1.0");
    expect(text(".about__build-date")).toBe("2026-12-06 10:15 UTC");
    expect(text(".about__commit")).toBe("1eb1231d4b2a");
    expect(text(".about__contract")).toBe("第 1 版");
    expect(text(".about__data-dir")).toBe("/home/officer/.local/share/cn.gov.tianqiao.liaison-desk");
    expect(text(".about__log-dir")).toBe("/home/officer/.local/share/cn.gov.tianqiao.liaison-desk/logs");
    // The one place the update check is mounted.
    expect(q(".about .about__updates .update-check")).not.toBeNull();
    wrapper.unmount();
  });

  it("says 未知 for a build without git and names a run without log files", async () => {
    backend.commands.about.mockResolvedValue(aboutInfo({ build_date: "unknown", commit: "unknown", log_dir: null }));
    const { wrapper, about } = mountDialog();
    about.show();
    await flushPromises();
    expect(text(".about__build-date")).toBe("未知");
    expect(text(".about__commit")).toBe("未知");
    expect(text(".about__log-dir")).toBe("未写日志文件（仅输出到标准错误）");
    wrapper.unmount();
  });

  it("shows folder names as text, never as HTML", async () => {
    backend.commands.about.mockResolvedValue(aboutInfo({ data_dir: "/home/<b>x</b>/数据" }));
    const { wrapper, about } = mountDialog();
    about.show();
    await flushPromises();
    expect(text(".about__data-dir")).toBe("/home/<b>x</b>/数据");
    expect(q(".about__data-dir b")).toBeNull();
    wrapper.unmount();
  });

  it("lists the generated licences and finds a library by name or licence", async () => {
    const { wrapper, about } = mountDialog();
    about.show();
    const total = generated.libraries.length;
    // The list is a lazily imported chunk: wait for it (bounded), not for a fixed tick.
    await vi.waitFor(() => expect(text(".about__licenses-count")).toBe(`共 ${total} 个，显示 ${total} 个`), {
      timeout: 4000,
    });
    expect(tableNames().length).toBeGreaterThan(0);

    await wrapper.findComponent({ name: "ElInput" }).setValue("element-plus");
    await flushPromises();
    const rows = tableNames();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes("element-plus"))).toBe(true);
    expect(rows[0]).toContain("MIT");
    expect(rows[0]).toContain("npm");

    await wrapper.findComponent({ name: "ElInput" }).setValue("没有这个库");
    await flushPromises();
    expect(tableNames()).toEqual([]);
    expect(text(".about__empty")).toBe("没有符合条件的库");
    wrapper.unmount();
  });

  it("offers a retry when the facts cannot be read", async () => {
    backend.commands.about.mockRejectedValueOnce({ code: "internal", message: "读取失败" });
    const { wrapper, about } = mountDialog();
    about.show();
    await flushPromises();
    expect(text(".about__error")).toContain("无法读取版本信息：读取失败");
    (q(".about__error button") as HTMLButtonElement).click();
    await flushPromises();
    expect(text(".about__version")).toBe("0.1.0");
    wrapper.unmount();
  });
});

describe("licences", () => {
  const libs: Library[] = [
    { ecosystem: "crates.io", name: "serde", version: "1.0.0", license: "MIT OR Apache-2.0", url: "" },
    { ecosystem: "npm", name: "vue", version: "3.5.45", license: "MIT", url: "" },
    { ecosystem: "npm", name: "zrender", version: "6.1.0", license: "BSD-3-Clause", url: "" },
    { ecosystem: "crates.io", name: "odd", version: "0.1.0", license: "", url: "" },
  ];

  it("filters by name or licence, case-insensitively", () => {
    expect(filterLibraries(libs, "VUE").map((l) => l.name)).toEqual(["vue"]);
    expect(filterLibraries(libs, "bsd").map((l) => l.name)).toEqual(["zrender"]);
    expect(filterLibraries(libs, "  ")).toHaveLength(4);
  });

  it("counts libraries per licence, most used first", () => {
    expect(licenseCounts([...libs, libs[1]!])).toEqual([
      { license: "MIT", count: 2 },
      { license: "BSD-3-Clause", count: 1 },
      { license: "MIT OR Apache-2.0", count: 1 },
      { license: "未声明", count: 1 },
    ]);
  });

  it("the generated list names every library with a version", () => {
    expect(generated.libraries.length).toBeGreaterThan(50);
    for (const l of generated.libraries) {
      expect(l.name).not.toBe("");
      expect(l.version).not.toBe("");
    }
  });
});
