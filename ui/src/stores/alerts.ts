import { defineStore } from "pinia";
import { ref, shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { AlertEntry, IpcError } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";

/**
 * The notification centre: every alert fired (newest first, as the backend lists them)
 * and how many the officer has not read. Reloaded on `alerts-changed` events.
 */
export const useAlertsStore = defineStore("alerts", () => {
  const backend = getBackend();

  const entries = shallowRef<AlertEntry[]>([]);
  const unread = ref(0);
  const error = shallowRef<IpcError | null>(null);

  async function load(): Promise<void> {
    try {
      const [list, count] = await Promise.all([backend.commands.alertLog(), backend.commands.unreadAlertCount()]);
      entries.value = list;
      unread.value = count;
      error.value = null;
    } catch (err) {
      error.value = toIpcError(err);
    }
  }

  /** Marks one entry read (here at once; the backend keeps it). Rejects with an IpcError. */
  async function markRead(id: number): Promise<void> {
    const entry = entries.value.find((e) => e.id === id);
    if (!entry || entry.read) return;
    try {
      await backend.commands.markAlertRead(id);
    } catch (err) {
      throw toIpcError(err);
    }
    entries.value = entries.value.map((e) => (e.id === id ? { ...e, read: true } : e));
    unread.value = Math.max(0, unread.value - 1);
  }

  /** Marks every entry read. Rejects with an IpcError. */
  async function markAllRead(): Promise<void> {
    try {
      await backend.commands.markAllAlertsRead();
    } catch (err) {
      throw toIpcError(err);
    }
    entries.value = entries.value.map((e) => (e.read ? e : { ...e, read: true }));
    unread.value = 0;
  }

  return { entries, unread, error, load, markRead, markAllRead };
});
