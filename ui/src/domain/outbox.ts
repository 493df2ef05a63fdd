// How the outbox (writes queued for the district) shows on tickets.

import type { BadgeTone } from "./badges";

export interface OutboxBadgeView {
  text: string;
  tone: BadgeTone;
}

/** The 标记 badge for `TicketRow.outbox_state`; null when nothing is unresolved. */
export function outboxBadge(state: string | null): OutboxBadgeView | null {
  switch (state) {
    case "pending":
      return { text: "待发送", tone: "warning" };
    case "conflict":
      return { text: "冲突", tone: "danger" };
    case "rejected":
      return { text: "被退回", tone: "danger" };
    case "blocked":
      return { text: "发送受阻", tone: "danger" };
    default:
      return null;
  }
}

/**
 * Outbox entries the officer must look at: the server refused them, or kept failing on
 * them (发送受阻: no longer sent by itself).
 */
export function needsAttention(state: string): boolean {
  return state === "conflict" || state === "rejected" || state === "blocked";
}

/** Only a blocked write can be sent again as it is (same idempotency key). */
export function canRetry(state: string): boolean {
  return state === "blocked";
}

/** What the officer is asked before discarding a write: what stays, what is lost. */
export function discardConfirmation(entry: { kind_label: string; state: string }): string {
  const kept = `放弃后这条${entry.kind_label}不会再发送。您所写的内容和区热线平台的答复仍保留在本机的提交记录中，可随时查看；`;
  if (entry.state === "blocked") {
    return `${kept}但区热线平台可能已经收到过它，放弃不会撤回已生效的操作。如需再办，须重新提交。`;
  }
  return `${kept}如需再办，须重新提交。`;
}

/** The officer's request body as indented JSON text (shown as text, never as HTML). */
export function prettyBody(body: unknown): string {
  if (body === null || body === undefined) return "";
  if (typeof body === "string") return body;
  try {
    return JSON.stringify(body, null, 2);
  } catch {
    return String(body);
  }
}
