// Small, pure formatting helpers for what the desk shows. All Chinese wording lives here
// or in the backend's *_label fields.

import type { Connectivity } from "../ipc/bindings";

/** China Standard Time: UTC+8 all year (no DST since 1991), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `MM-DD HH:mm` in Asia/Shanghai, whatever the PC's own time zone. */
export function formatShanghaiMonthDayTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return "—";
  const d = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** "刚刚", "3 分钟前", "2 小时前", "4 天前"; "尚未同步" when there was none. */
export function formatRelativePast(thenMs: number | null, nowMs: number): string {
  if (thenMs === null) return "尚未同步";
  const seconds = Math.floor((nowMs - thenMs) / 1000);
  if (seconds < 60) return "刚刚"; // also covers small clock differences into the future
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} 分钟前`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} 小时前`;
  return `${Math.floor(hours / 24)} 天前`;
}

/** Beyond this, the status bar says the PC clock is off and countdowns are corrected. */
export const CLOCK_OFFSET_NOTE_THRESHOLD_MS = 30_000;

/** A duration for people: "45 秒", "5 分钟", "2 小时 5 分钟", "3 天". */
export function formatDurationApprox(ms: number): string {
  const totalSeconds = Math.round(Math.abs(ms) / 1000);
  if (totalSeconds < 60) return `${totalSeconds} 秒`;
  const totalMinutes = Math.round(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} 分钟`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours < 24) return minutes > 0 ? `${hours} 小时 ${minutes} 分钟` : `${hours} 小时`;
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours > 0 ? `${days} 天 ${restHours} 小时` : `${days} 天`;
}

/**
 * The note shown when the PC clock differs from the server's by more than 30 s, or null.
 * `serverOffsetMs` is server minus PC: positive means the PC is behind (慢了).
 */
export function clockOffsetNote(serverOffsetMs: number): string | null {
  if (!Number.isFinite(serverOffsetMs)) return null;
  if (Math.abs(serverOffsetMs) <= CLOCK_OFFSET_NOTE_THRESHOLD_MS) return null;
  const direction = serverOffsetMs > 0 ? "慢了" : "快了";
  return `本机时钟${direction} ${formatDurationApprox(serverOffsetMs)}，倒计时已按服务器时间校正`;
}

export interface ConnectivityView {
  label: string;
  /** CSS modifier for the status dot. */
  tone: "ok" | "bad" | "warn" | "muted";
}

export function connectivityView(online: Connectivity | undefined): ConnectivityView {
  switch (online) {
    case "online":
      return { label: "在线", tone: "ok" };
    case "offline":
      return { label: "离线", tone: "bad" };
    case "degraded":
      return { label: "部分可用", tone: "warn" };
    default:
      return { label: "未知", tone: "muted" };
  }
}

/** "张敏（A角）" from officer_role "A", "a", "A角" or any other wording. */
export function officerWithRole(name: string, role: string): string {
  const r = role.trim();
  if (r.length === 0) return name;
  const label = /^[ab]$/i.test(r) ? `${r.toUpperCase()}角` : r;
  return `${name}（${label}）`;
}

/** Milliseconds from `nowMs` until `formatRelativePast(thenMs, …)` changes; null if never. */
export function msUntilRelativePastChanges(thenMs: number | null, nowMs: number): number | null {
  if (thenMs === null) return null;
  const ago = nowMs - thenMs;
  const unitMs = ago < 3_600_000 ? 60_000 : ago < 86_400_000 ? 3_600_000 : 86_400_000;
  if (ago < 0) return -ago + 60_000; // in the future: "刚刚" until a minute after it
  return (Math.floor(ago / unitMs) + 1) * unitMs - ago;
}
