// Which flags a ticket row carries in the 标记 column, as plain data. The component only
// paints them; the rules live here so filters and detail views can reuse them.

import type { TicketRow } from "../ipc/bindings";
import { outboxBadge } from "./outbox";

export type BadgeTone = "danger" | "warning" | "primary" | "info" | "success";

export interface Badge {
  /** Stable key, also used as a CSS modifier (`badge--<key>`). */
  key: string;
  text: string;
  tone: BadgeTone;
  /** Supervision level when key === "supervision". */
  level?: string;
}

/** Colour of a supervision badge: reminder blue/grey, yellow amber, red red. */
export function supervisionTone(level: string): BadgeTone {
  switch (level) {
    case "red":
      return "danger";
    case "yellow":
      return "warning";
    case "reminder":
      return "primary";
    default:
      return "info";
  }
}

function extensionTone(status: string): BadgeTone {
  switch (status) {
    case "approved":
      return "success";
    case "rejected":
      return "danger";
    case "pending":
      return "warning";
    default:
      return "info";
  }
}

export function ticketBadges(row: TicketRow): Badge[] {
  const badges: Badge[] = [];
  if (row.status === "pending_ack") {
    badges.push({ key: "pending-ack", text: "待签收", tone: "warning" });
  }
  if (row.redo_count > 0) {
    badges.push({ key: "redo", text: `重办×${row.redo_count}`, tone: "danger" });
  }
  if (row.supervision) {
    badges.push({
      key: "supervision",
      text: row.supervision.label,
      tone: supervisionTone(row.supervision.level),
      level: row.supervision.level,
    });
  }
  if (row.our_role === "co_handler") {
    badges.push({ key: "co-handler", text: "协办", tone: "info" });
  }
  if (row.extension_status) {
    badges.push({
      key: "extension",
      text: row.extension_label || row.extension_status,
      tone: extensionTone(row.extension_status),
    });
  }
  const outbox = outboxBadge(row.outbox_state);
  if (outbox) {
    badges.push({ key: "outbox", text: outbox.text, tone: outbox.tone });
  }
  return badges;
}

/** Whether the urgency column should stand out (紧急). */
export function isUrgent(row: TicketRow): boolean {
  return row.urgency === "urgent";
}
