import { onBeforeUnmount, onMounted } from "vue";
import { getBackend } from "../ipc/backend";
import type { Unlisten } from "../ipc/events";
import { toIpcError } from "../ipc/errors";
import { useAppInfoStore } from "../stores/appInfo";
import { useClockStore } from "../stores/clock";
import { useSyncStore } from "../stores/sync";
import { useTicketsStore } from "../stores/tickets";

/**
 * Wires the desk to the backend for the lifetime of the calling component: starts the
 * shared clock, subscribes to backend events (before the first loads, so no change
 * is missed), then loads who/what/where.
 */
export function useDeskSession(): void {
  const backend = getBackend();
  const appInfo = useAppInfoStore();
  const sync = useSyncStore();
  const tickets = useTicketsStore();
  const clock = useClockStore();

  const unlisteners: Unlisten[] = [];
  let disposed = false;

  async function subscribe(register: () => Promise<Unlisten>): Promise<void> {
    try {
      const unlisten = await register();
      if (disposed) unlisten();
      else unlisteners.push(unlisten);
    } catch (err) {
      console.error("event subscription failed:", toIpcError(err).message);
    }
  }

  onMounted(async () => {
    clock.start();
    await Promise.all([
      subscribe(() => backend.events.onSyncStatus((status) => sync.applyStatus(status))),
      subscribe(() => backend.events.onTicketsChanged(() => void tickets.load())),
    ]);
    if (disposed) return;
    await Promise.all([appInfo.load(), sync.refresh(), tickets.load()]);
  });

  onBeforeUnmount(() => {
    disposed = true;
    clock.stop();
    for (const unlisten of unlisteners.splice(0)) unlisten();
  });
}
