import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import type { SyncStatus } from "../../ipc/bindings";
import { syncStatus } from "../../testing/fixtures";
import StatusBar from "../StatusBar.vue";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);

function bar(status: SyncStatus | null, extra: { ticketCount?: number; syncing?: boolean } = {}) {
  return mount(StatusBar, {
    props: { status, pcNowMs: NOW, ticketCount: extra.ticketCount ?? 0, syncing: extra.syncing ?? false },
  });
}

describe("StatusBar", () => {
  it("says 离线 with a red dot when offline", () => {
    const w = bar(syncStatus({ online: "offline" }));
    expect(w.find(".status-bar__conn").text()).toBe("离线");
    expect(w.find(".status-bar__conn").classes()).toContain("status-bar__conn--bad");
  });

  it.each([
    ["online", "在线", "ok"],
    ["degraded", "部分可用", "warn"],
    ["unknown", "未知", "muted"],
  ] as const)("shows %s as %s", (online, label, tone) => {
    const w = bar(syncStatus({ online }));
    expect(w.find(".status-bar__conn").text()).toBe(label);
    expect(w.find(".status-bar__conn").classes()).toContain(`status-bar__conn--${tone}`);
  });

  it("counts writes waiting to be sent and those the district refused, only when there are any", () => {
    const quiet = bar(syncStatus());
    expect(quiet.find(".status-bar__pending").exists()).toBe(false);
    expect(quiet.find(".status-bar__problems").exists()).toBe(false);
    const busy = bar(syncStatus({ online: "offline", outbox_pending: 3, outbox_conflicts: 1, outbox_rejected: 1 }));
    expect(busy.find(".status-bar__pending").text()).toBe("待发送 3 条");
    expect(busy.find(".status-bar__problems").text()).toBe("冲突/被退回 2 条");
  });

  it("counts blocked writes (发送受阻) on their own, while the status stays 在线", () => {
    expect(bar(syncStatus()).find(".status-bar__blocked").exists()).toBe(false);
    const w = bar(syncStatus({ online: "online", outbox_pending: 1, outbox_blocked: 2 }));
    expect(w.find(".status-bar__conn").text()).toBe("在线");
    expect(w.find(".status-bar__blocked").text()).toBe("发送受阻 2 条");
    expect(w.find(".status-bar__pending").text()).toBe("待发送 1 条");
  });

  it("says the sign-in expired and that queued work is kept", () => {
    const w = bar(syncStatus({ online: "degraded", needs_sign_in: true, outbox_pending: 2 }));
    expect(w.find(".status-bar__signin").text()).toContain("待发送事项已保留");
  });

  it("says 未知 before the first status arrives", () => {
    expect(bar(null).find(".status-bar__conn").text()).toBe("未知");
  });

  it("shows the last successful sync as relative time", () => {
    expect(bar(syncStatus({ last_sync_ms: NOW - 20_000 })).find(".status-bar__last-sync").text()).toBe("上次同步：刚刚");
    expect(bar(syncStatus({ last_sync_ms: NOW - 3 * 60_000 - 5_000 })).find(".status-bar__last-sync").text()).toBe(
      "上次同步：3 分钟前",
    );
    expect(bar(syncStatus({ last_sync_ms: NOW - 2 * 3_600_000 })).find(".status-bar__last-sync").text()).toBe(
      "上次同步：2 小时前",
    );
    expect(bar(syncStatus({ last_sync_ms: null })).find(".status-bar__last-sync").text()).toBe("上次同步：尚未同步");
  });

  it("shows the ticket count", () => {
    expect(bar(syncStatus(), { ticketCount: 42 }).find(".status-bar__count").text()).toBe("工单 42 件");
  });

  it("notes the PC clock only when it is off by more than 30 seconds", () => {
    expect(bar(syncStatus({ server_offset_ms: 0 })).find(".status-bar__clock").exists()).toBe(false);
    expect(bar(syncStatus({ server_offset_ms: 30_000 })).find(".status-bar__clock").exists()).toBe(false);
    expect(bar(syncStatus({ server_offset_ms: -30_000 })).find(".status-bar__clock").exists()).toBe(false);
    expect(bar(syncStatus({ server_offset_ms: 31_000 })).find(".status-bar__clock").exists()).toBe(true);
  });

  it("says 快了 when the PC is ahead of the server (negative offset)", () => {
    const w = bar(syncStatus({ server_offset_ms: -5 * 60_000 }));
    expect(w.find(".status-bar__clock").text()).toBe("本机时钟快了 5 分钟，倒计时已按服务器时间校正");
  });

  it("says 慢了 when the PC is behind the server (positive offset)", () => {
    const w = bar(syncStatus({ server_offset_ms: 5 * 60_000 + 2_000 }));
    expect(w.find(".status-bar__clock").text()).toBe("本机时钟慢了 5 分钟，倒计时已按服务器时间校正");
  });

  it("shows the last error as text, and none when there is none", () => {
    expect(bar(syncStatus()).find(".status-bar__error").exists()).toBe(false);
    const w = bar(syncStatus({ online: "offline", last_error: "<script>alert(1)</script>连接被拒绝" }));
    expect(w.find(".status-bar__error").text()).toBe("同步出错：<script>alert(1)</script>连接被拒绝");
    expect(w.find("script").exists()).toBe(false);
  });

  it("emits sync from 立即同步 and shows it loading while syncing", async () => {
    const idle = bar(syncStatus());
    await idle.find(".status-bar__sync").trigger("click");
    expect(idle.emitted("sync")).toHaveLength(1);

    const busy = bar(syncStatus(), { syncing: true });
    expect(busy.find(".status-bar__sync").classes()).toContain("is-loading");
    expect(busy.find(".status-bar__syncing").text()).toBe("同步中…");
  });
});
