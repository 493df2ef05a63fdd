import { defineStore } from "pinia";
import { ref, shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { DesktopPrefs, DutyPanel, IpcError, OutboxEntry } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";

/**
 * A/B duty (who is on duty, since and until when, the handover note, the two actions)
 * and the desktop preferences (autostart, the pause of alerts). Reloaded after each
 * sync: a handover made on the other officer's desk arrives with the feed.
 */
export const useDutyStore = defineStore("duty", () => {
  const backend = getBackend();

  const panel = shallowRef<DutyPanel | null>(null);
  const prefs = shallowRef<DesktopPrefs | null>(null);
  const error = shallowRef<IpcError | null>(null);
  /** A duty action or a preference change is in flight. */
  const busy = ref(false);

  async function load(): Promise<void> {
    try {
      const [p, d] = await Promise.all([backend.commands.dutyPanel(), backend.commands.desktopPrefs()]);
      panel.value = p;
      prefs.value = d;
      error.value = null;
    } catch (err) {
      error.value = toIpcError(err);
    }
  }

  async function act(action: () => Promise<OutboxEntry>): Promise<OutboxEntry> {
    busy.value = true;
    try {
      const entry = await action();
      await load();
      return entry;
    } catch (err) {
      throw toIpcError(err);
    } finally {
      busy.value = false;
    }
  }

  /** 我要请假/外出: B on duty until `untilMs`. Rejects with an IpcError. */
  function handOver(untilMs: number, note: string): Promise<OutboxEntry> {
    return act(() => backend.commands.handOverDuty(untilMs, note));
  }

  /** 我已返岗. Rejects with an IpcError. */
  function takeBack(): Promise<OutboxEntry> {
    return act(() => backend.commands.takeDutyBack());
  }

  /** Turns starting with the desktop session on or off. Rejects with an IpcError. */
  async function setAutostart(enabled: boolean): Promise<void> {
    busy.value = true;
    try {
      prefs.value = await backend.commands.setAutostart(enabled);
    } catch (err) {
      throw toIpcError(err);
    } finally {
      busy.value = false;
    }
  }

  return { panel, prefs, error, busy, load, handOver, takeBack, setAutostart };
});
