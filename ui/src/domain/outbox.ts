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
    default:
      return null;
  }
}

/** Outbox entries the officer must look at: the server refused them. */
export function needsAttention(state: string): boolean {
  return state === "conflict" || state === "rejected";
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
