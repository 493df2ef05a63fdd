// How the outbox (writes queued for the district) shows on tickets.

import type { OutboxMark, OutboxState } from "../ipc/bindings";
import type { BadgeTone } from "./badges";

export interface OutboxBadgeView {
  text: string;
  tone: BadgeTone;
}

/** The colour of an outbox state: amber while waiting, red when refused or stuck. */
export function outboxTone(state: OutboxState): "warning" | "danger" | "success" | "info" {
  switch (state) {
    case "pending":
      return "warning";
    case "conflict":
    case "rejected":
    case "blocked":
      return "danger";
    case "sent":
      return "success";
    case "discarded":
      return "info";
  }
}

/** The 标记 badge for `TicketRow.outbox_state` (text from the backend); null when nothing is unresolved. */
export function outboxBadge(mark: OutboxMark | null): OutboxBadgeView | null {
  if (mark === null) return null;
  return { text: mark.label, tone: outboxTone(mark.state) };
}

/** What the officer is asked before discarding a write: what stays, what is lost. */
export function discardConfirmation(entry: { kind_label: string; state: OutboxState }): string {
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
