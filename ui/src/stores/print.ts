import { defineStore } from "pinia";
import { ref, shallowRef } from "vue";
import type { Period } from "../domain/assessment";
import { getBackend } from "../ipc/backend";
import { maskPhone } from "../domain/assessment";
import { formatShanghaiDateTime } from "../domain/dates";
import { sentReplyRows } from "../domain/reply";
import type { IpcError, TicketDetail, TicketQuery } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";
import type { AssessmentReport } from "../report/types";

/** The reply as this PC queued or sent it, as label/value lines (the contact phone masked). */
export interface SheetReply {
  rows: { label: string; value: string }[];
  state_label: string;
  created_ms: number;
  sent_ms: number | null;
}

/** One ticket on paper: its detail (citizen data masked) and the reply this PC queued or sent. */
export interface TicketSheet {
  detail: TicketDetail;
  /** The newest reply of this ticket in the outbox, when this PC sent one. */
  reply: SheetReply | null;
}

export type PrintJob =
  | { kind: "report"; period: Period; unit: string; report: AssessmentReport; previous: AssessmentReport | null }
  | { kind: "ticket"; sheets: TicketSheet[] }
  | { kind: "redo"; sheets: TicketSheet[] };

/** Open redos fetched per page for the batch 重办件研判单. */
const REDO_PAGE = 200;

/**
 * The print preview: which sheets are on screen (and go to the printer with
 * `window.print()` and the print stylesheet). Tickets are read through `ticket_detail`.
 */
export const usePrintStore = defineStore("print", () => {
  const job = shallowRef<PrintJob | null>(null);
  const preparing = ref(false);
  const error = shallowRef<IpcError | null>(null);

  async function sheetOf(id: string): Promise<TicketSheet> {
    const commands = getBackend().commands;
    const detail = await commands.ticketDetail(id);
    let reply: SheetReply | null = null;
    if (detail.row.our_role === "lead" && ["replied", "closed", "redo"].includes(detail.row.status)) {
      try {
        const ws = await commands.replyWorkspace(id);
        const entry = ws.reply_entry;
        if (entry) {
          const rows = sentReplyRows(entry.body, ws.outcomes, ws.contact_methods, formatShanghaiDateTime).map((r) => ({
            label: r.label,
            value: r.field === "contact_phone" ? maskPhone(r.value) : r.value,
          }));
          reply = { rows, state_label: entry.state_label, created_ms: entry.created_ms, sent_ms: entry.sent_ms };
        }
      } catch {
        reply = null; // the sheet says the text is not kept on this PC
      }
    }
    return { detail, reply };
  }

  async function prepare(build: () => Promise<PrintJob>): Promise<void> {
    preparing.value = true;
    try {
      job.value = await build();
      error.value = null;
    } catch (err) {
      error.value = toIpcError(err);
      throw error.value;
    } finally {
      preparing.value = false;
    }
  }

  /** 工单处理单 of one ticket. */
  function ticket(id: string): Promise<void> {
    return prepare(async () => ({ kind: "ticket", sheets: [await sheetOf(id)] }));
  }

  /** 重办件研判单 of one redo. */
  function redo(id: string): Promise<void> {
    return prepare(async () => ({ kind: "redo", sheets: [await sheetOf(id)] }));
  }

  /** 重办件研判单 of every open redo (the list's 重办 tab), one sheet per page. */
  function allRedos(): Promise<void> {
    return prepare(async () => {
      const commands = getBackend().commands;
      const ids: string[] = [];
      for (let offset = 0; ; offset += REDO_PAGE) {
        const query: TicketQuery = { tab: "redo", search: null, offset, limit: REDO_PAGE, due_soon_hours: 24, figure: null };
        const page = await commands.listTickets(query);
        ids.push(...page.rows.map((r) => r.id));
        if (page.rows.length === 0 || ids.length >= page.total) break;
      }
      const sheets: TicketSheet[] = [];
      for (const id of ids) sheets.push(await sheetOf(id));
      return { kind: "redo", sheets };
    });
  }

  /** The monthly 考核报表. */
  function report(period: Period, unit: string, current: AssessmentReport, previous: AssessmentReport | null): void {
    job.value = { kind: "report", period, unit, report: current, previous };
  }

  function close(): void {
    job.value = null;
  }

  /** The webview's print dialog (the print stylesheet shows only the sheets). */
  function print(): void {
    window.print();
  }

  return { job, preparing, error, ticket, redo, allRedos, report, close, print };
});
