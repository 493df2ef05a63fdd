import { defineStore } from "pinia";
import { nextTick, ref, shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { IpcError, TicketRow } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";

/** The unit's ticket list, in the backend's order (already sorted by urgency). */
export const useTicketsStore = defineStore("tickets", () => {
  const backend = getBackend();

  // Rows are replaced wholesale on every load and never mutated: no deep reactivity.
  const rows = shallowRef<readonly TicketRow[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = shallowRef<IpcError | null>(null);

  let readyReported = false;
  let inFlight: Promise<void> | null = null;
  let reloadRequested = false;

  async function fetchOnce(): Promise<void> {
    loading.value = true;
    try {
      rows.value = await backend.commands.listTickets();
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toIpcError(err);
      return;
    } finally {
      loading.value = false;
    }
    await reportReadyOnce();
  }

  /** Tells the backend the first list is on screen (smoke tests and benchmarks wait for it). */
  async function reportReadyOnce(): Promise<void> {
    if (readyReported) return;
    readyReported = true;
    await nextTick(); // the rows are in the DOM after this flush
    try {
      await backend.commands.uiReady(rows.value.length);
    } catch (err) {
      console.warn("ui_ready failed:", toIpcError(err).message);
    }
  }

  /**
   * Loads the list. Calls during a load are coalesced into one more load after it,
   * so a burst of `tickets-changed` events costs at most two round trips.
   */
  function load(): Promise<void> {
    if (inFlight !== null) {
      reloadRequested = true;
      return inFlight;
    }
    inFlight = (async () => {
      try {
        do {
          reloadRequested = false;
          await fetchOnce();
        } while (reloadRequested);
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  return { rows, loaded, loading, error, load };
});
