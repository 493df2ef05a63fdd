import { defineStore } from "pinia";
import { ref, shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { IpcError, LocalAttachment, OutboxEntry, RevealedContact, TicketDetail, WorkdayDates } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";
import { shanghaiDateAt } from "../domain/dates";

/** Extensions run to the end of the requested working day. */
export const EXTENSION_DUE_HOUR = 18;

/**
 * The ticket open in the detail view and the actions on it. Every action queues a write
 * in the backend's outbox and returns its entry; the detail is reloaded after it.
 * Actions reject with an IpcError; the view decides how to tell the officer.
 */
export const useTicketDetailStore = defineStore("ticketDetail", () => {
  const backend = getBackend();

  /** The open ticket, or null when the list is shown. */
  const openId = ref<string | null>(null);
  const detail = shallowRef<TicketDetail | null>(null);
  const loading = ref(false);
  const error = shallowRef<IpcError | null>(null);
  /** An action is being queued. */
  const busy = ref(false);

  async function fetch(id: string): Promise<void> {
    loading.value = true;
    try {
      const next = await backend.commands.ticketDetail(id);
      if (openId.value !== id) return; // closed or another ticket opened meanwhile
      detail.value = next;
      error.value = null;
    } catch (err) {
      if (openId.value === id) error.value = toIpcError(err);
    } finally {
      loading.value = false;
    }
  }

  function open(id: string): Promise<void> {
    if (openId.value !== id) detail.value = null;
    openId.value = id;
    error.value = null;
    return fetch(id);
  }

  function close(): void {
    openId.value = null;
    detail.value = null;
    error.value = null;
  }

  /** Reloads the open ticket (after an action, or when the cache changed). */
  async function reload(): Promise<void> {
    if (openId.value !== null) await fetch(openId.value);
  }

  async function act(run: (id: string) => Promise<OutboxEntry | null>): Promise<OutboxEntry | null> {
    const id = openId.value;
    if (id === null) return null;
    busy.value = true;
    try {
      const entry = await run(id);
      await fetch(id);
      return entry;
    } catch (err) {
      throw toIpcError(err);
    } finally {
      busy.value = false;
    }
  }

  const c = backend.commands;
  return {
    openId,
    detail,
    loading,
    error,
    busy,
    open,
    close,
    reload,
    ack: () => act((id) => c.ack(id)),
    /** `date` is a working day "YYYY-MM-DD"; the request runs to 18:00 Shanghai time that day. */
    requestExtension: (reason: string, date: string) =>
      act((id) => c.requestExtension(id, reason.trim(), shanghaiDateAt(date, EXTENSION_DUE_HOUR))),
    requestCoordination: (reason: string, units: string[]) =>
      act((id) => c.requestCoordination(id, reason.trim(), units)),
    requestReassignment: (reason: string, suggestedUnit: string | null) =>
      act((id) => c.requestReassignment(id, reason.trim(), suggestedUnit)),
    submitOpinion: (text: string, contactName: string, contactPhone: string) =>
      act((id) => c.submitOpinion(id, text.trim(), contactName.trim(), contactPhone.trim())),
    discardOutbox: (entryId: number) => act(() => c.discardOutbox(entryId)),
    /** Sends a blocked write again (same idempotency key). */
    retryOutbox: (entryId: number) => act(() => c.retryOutbox(entryId)),
    /** Reveals the citizen's phone and address (the backend writes an audit record). Not stored here. */
    revealPhone: async (): Promise<RevealedContact> => {
      if (openId.value === null) throw toIpcError({ code: "invalid_input", message: "未打开工单" });
      try {
        return await c.revealPhone(openId.value);
      } catch (err) {
        throw toIpcError(err);
      }
    },
    /** Downloads (once) and opens an attachment of the open ticket, then refreshes its cached mark. */
    openAttachment: async (attachmentId: string): Promise<LocalAttachment> => {
      const id = openId.value;
      if (id === null) throw toIpcError({ code: "invalid_input", message: "未打开工单" });
      try {
        const file = await c.openAttachment(id, attachmentId);
        if (file.downloaded_now) await fetch(id);
        return file;
      } catch (err) {
        throw toIpcError(err);
      }
    },
    workdayDates: async (from: string, to: string): Promise<WorkdayDates> => {
      try {
        return await c.workdayDates(from, to);
      } catch (err) {
        throw toIpcError(err);
      }
    },
    unitDirectory: async (): Promise<string[]> => {
      try {
        return await c.unitDirectory();
      } catch (err) {
        throw toIpcError(err);
      }
    },
  };
});
