import { deadlineCountdown } from "../domain/countdown";
import type { TicketRow } from "../ipc/bindings";

export const ROW_CLASS_OVERDUE = "ticket-row--overdue";
export const ROW_CLASS_DUE_SOON = "ticket-row--due-soon";

/** Red tint once overdue, amber when due soon, nothing otherwise. */
export function ticketRowClass(row: TicketRow, nowMs: number): string {
  switch (deadlineCountdown(row.deadline, nowMs)?.urgency) {
    case "overdue":
      return ROW_CLASS_OVERDUE;
    case "due_soon":
      return ROW_CLASS_DUE_SOON;
    default:
      return "";
  }
}

/** The row the keyboard (↑/↓) points at; Enter opens it. */
export const ROW_CLASS_HIGHLIGHTED = "ticket-row--highlighted";
