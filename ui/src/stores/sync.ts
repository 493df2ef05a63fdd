import { defineStore } from "pinia";
import { computed, ref, shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { IpcError, SyncReport, SyncStatus } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";
import { useTicketsStore } from "./tickets";

/** The backend's sync state (fed by `sync-status` events) and the manual 立即同步 action. */
export const useSyncStore = defineStore("sync", () => {
  const backend = getBackend();

  const status = shallowRef<SyncStatus | null>(null);
  /** A 立即同步 started here is in flight. */
  const manualSyncing = ref(false);
  /** Last failure to read the status itself (not a sync failure, which is in status). */
  const statusError = shallowRef<IpcError | null>(null);

  const syncing = computed(() => manualSyncing.value || (status.value?.syncing ?? false));
  const serverOffsetMs = computed(() => status.value?.server_offset_ms ?? 0);

  function applyStatus(next: SyncStatus): void {
    status.value = next;
  }

  async function refresh(): Promise<void> {
    try {
      applyStatus(await backend.commands.syncStatus());
      statusError.value = null;
    } catch (err) {
      statusError.value = toIpcError(err);
    }
  }

  /**
   * Syncs now, then reloads the ticket list. Rejects with an IpcError when the sync
   * fails; the caller decides how to tell the user.
   */
  async function syncNow(): Promise<SyncReport> {
    manualSyncing.value = true;
    try {
      const report = await backend.commands.syncNow();
      await useTicketsStore().load();
      return report;
    } catch (err) {
      throw toIpcError(err);
    } finally {
      manualSyncing.value = false;
      void refresh();
    }
  }

  return { status, manualSyncing, statusError, syncing, serverOffsetMs, applyStatus, refresh, syncNow };
});
