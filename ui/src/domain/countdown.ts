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

/**
 * Milliseconds from `nowMs` until the text or urgency of `deadlineCountdown(deadline, …)`
 * next changes (issue 18: the clock wakes only then). The text shows seconds under a
 * minute, minutes under a day and hours beyond, so a countdown of 45 minutes changes
 * once a minute, at its own deadline's minute boundary. Null when there is no deadline.
 */
export function msUntilCountdownChanges(
  deadline: { due_ms: number; due_soon_seconds: number } | null,
  nowMs: number,
): number | null {
  if (deadline === null) return null;
  const left = deadline.due_ms - nowMs;
  const remaining = Math.abs(Math.trunc(left / 1000));
  const unitMs = remaining < 60 ? 1_000 : remaining < 86_400 ? 60_000 : 3_600_000;
  let next: number;
  if (left > 0) {
    // Counting down: the text changes just after `left` drops below its whole unit.
    next = left - Math.floor(left / unitMs) * unitMs + 1;
  } else {
    // Overdue: the text changes when the time past reaches the next whole unit.
    const past = -left;
    next = (Math.floor(past / unitMs) + 1) * unitMs - past;
  }
  // Turning amber (due soon) is a change too.
  const amberIn = left - (deadline.due_soon_seconds + 1) * 1000 + 1;
  if (amberIn > 0 && amberIn < next) next = amberIn;
  return next;
}
