import { onBeforeUnmount, onMounted } from "vue";
import { getBackend } from "../ipc/backend";
import type { Unlisten } from "../ipc/events";
import { toIpcError } from "../ipc/errors";
import { useAboutStore } from "../stores/about";
import { useAlertsStore } from "../stores/alerts";
import { useAppInfoStore } from "../stores/appInfo";
import { useClockStore } from "../stores/clock";
import { useSyncStore } from "../stores/sync";
import { useTicketDetailStore } from "../stores/ticketDetail";
import { useTicketsStore } from "../stores/tickets";

/**
 * The tabs' time-based counts (即将超时, 已超时) move with the clock: reload this often
 * while the window is shown; not while it is hidden or minimised, and at once on showing.
 */
export const LIST_REFRESH_MS = 60_000;

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
  const detail = useTicketDetailStore();
  const alerts = useAlertsStore();
  const about = useAboutStore();

  const unlisteners: Unlisten[] = [];
  let disposed = false;
  let refreshTimer: ReturnType<typeof setInterval> | null = null;

  function startRefresh(): void {
    if (refreshTimer === null && !document.hidden) {
      refreshTimer = setInterval(() => void tickets.load(), LIST_REFRESH_MS);
    }
  }

  function stopRefresh(): void {
    if (refreshTimer !== null) clearInterval(refreshTimer);
    refreshTimer = null;
  }

  function onVisibility(): void {
    if (document.hidden) {
      stopRefresh();
    } else if (refreshTimer === null) {
      void tickets.load();
      startRefresh();
    }
  }

  function onTicketsChanged(): void {
    void tickets.load();
    void detail.reload();
  }

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
      subscribe(() => backend.events.onTicketsChanged(onTicketsChanged)),
      subscribe(() => backend.events.onAlertsChanged(() => void alerts.load())),
      // A click on an alert's desktop notification: the window is shown; open its ticket.
      subscribe(() => backend.events.onOpenTicket((id) => void detail.open(id))),
      // The tray's 关于: the window is shown; open the dialog.
      subscribe(() => backend.events.onOpenAbout(() => about.show())),
      // A click on a digest's desktop notification: the list filtered to its tickets.
      subscribe(() => backend.events.onOpenAlert((entry) => void tickets.showAlert(entry))),
    ]);
    if (disposed) return;
    document.addEventListener("visibilitychange", onVisibility);
    startRefresh();
    await Promise.all([appInfo.load(), sync.refresh(), tickets.load(), alerts.load()]);
  });

  onBeforeUnmount(() => {
    disposed = true;
    clock.stop();
    document.removeEventListener("visibilitychange", onVisibility);
    stopRefresh();
    for (const unlisten of unlisteners.splice(0)) unlisten();
  });
}
