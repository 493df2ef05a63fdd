// Port of desk-domain/src/countdown.rs (`countdown`, `format_remaining`). Both sides are
// tested against crates/desk-domain/fixtures/countdown_cases.json: change them together.

export type CountdownUrgency = "normal" | "due_soon" | "overdue";

export interface Countdown {
  /** Seconds left; negative once overdue. */
  remainingSeconds: number;
  urgency: CountdownUrgency;
  /** e.g. `剩余 2天3小时`, `剩余 45分钟`, `已超时 5小时`. */
  text: string;
}

/**
 * The countdown to `deadlineMs` at `nowMs` (server-corrected), amber within
 * `dueSoonSeconds`. Like chrono's `num_seconds`, the remaining time truncates toward zero.
 */
export function countdown(deadlineMs: number, nowMs: number, dueSoonSeconds: number): Countdown {
  // `+ 0` folds -0 into 0 so the text never reads "-0".
  const remaining = Math.trunc((deadlineMs - nowMs) / 1000) + 0;
  let urgency: CountdownUrgency;
  if (remaining < 0) urgency = "overdue";
  else if (remaining <= dueSoonSeconds) urgency = "due_soon";
  else urgency = "normal";
  return { remainingSeconds: remaining, urgency, text: formatRemaining(remaining) };
}

/** Chinese wording of a signed number of seconds left (see format_remaining in Rust). */
export function formatRemaining(remainingSeconds: number): string {
  const prefix = remainingSeconds < 0 ? "已超时" : "剩余";
  const s = Math.abs(remainingSeconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  let body: string;
  if (days > 0) {
    body = hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  } else if (hours > 0) {
    body = minutes > 0 ? `${hours}小时${minutes}分钟` : `${hours}小时`;
  } else if (minutes > 0) {
    body = `${minutes}分钟`;
  } else {
    body = `${s % 60}秒`;
  }
  return `${prefix} ${body}`;
}

/** The countdown of a ticket's active deadline, or null when it has none (replied, closed). */
export function deadlineCountdown(
  deadline: { due_ms: number; due_soon_seconds: number } | null,
  nowMs: number,
): Countdown | null {
  if (deadline === null) return null;
  return countdown(deadline.due_ms, nowMs, deadline.due_soon_seconds);
}
