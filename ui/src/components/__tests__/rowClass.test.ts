import { describe, expect, it } from "vitest";
import { activeDeadline, ticketRow } from "../../testing/fixtures";
import { ROW_CLASS_DUE_SOON, ROW_CLASS_OVERDUE, ticketRowClass } from "../rowClass";

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);

describe("ticketRowClass", () => {
  it("is red once the active deadline has passed", () => {
    expect(ticketRowClass(ticketRow({ deadline: activeDeadline("reply", NOW - 1_000) }), NOW)).toBe(ROW_CLASS_OVERDUE);
  });

  it("is amber inside the deadline's due-soon window", () => {
    // Ack: amber within 30 minutes; reply: within 24 hours.
    expect(ticketRowClass(ticketRow({ deadline: activeDeadline("ack", NOW + 29 * 60_000) }), NOW)).toBe(ROW_CLASS_DUE_SOON);
    expect(ticketRowClass(ticketRow({ deadline: activeDeadline("reply", NOW + 23 * 3_600_000) }), NOW)).toBe(
      ROW_CLASS_DUE_SOON,
    );
  });

  it("is plain when there is time, or no deadline at all", () => {
    expect(ticketRowClass(ticketRow({ deadline: activeDeadline("ack", NOW + 31 * 60_000) }), NOW)).toBe("");
    expect(ticketRowClass(ticketRow({ deadline: null }), NOW)).toBe("");
  });

  it("changes as time passes the deadline", () => {
    const row = ticketRow({ deadline: activeDeadline("ack", NOW + 60_000) });
    expect(ticketRowClass(row, NOW)).toBe(ROW_CLASS_DUE_SOON);
    expect(ticketRowClass(row, NOW + 60_000)).toBe(ROW_CLASS_DUE_SOON);
    expect(ticketRowClass(row, NOW + 61_000)).toBe(ROW_CLASS_OVERDUE);
  });
});
