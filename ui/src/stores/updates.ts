import { defineStore } from "pinia";
import { ref, shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { UpdateCheck, UpdateProgress } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";
import type { Unlisten } from "../ipc/events";

/**
 * 检查更新 (issue 17). The backend checks the update feed daily (a Rust timer) and tells
 * through `update-available`; 关于 → 检查更新 asks now. Downloading, verifying the
 * signature and installing happen in Rust; this store only shows where they are.
 */
export const useUpdateStore = defineStore("updates", () => {
  const backend = getBackend();
  /** What the last check found (`offer: null`: this is the newest version). */
  const check = shallowRef<UpdateCheck | null>(null);
  const checking = ref(false);
  const installing = ref(false);
  const progress = shallowRef<UpdateProgress | null>(null);
  /** The last failure's message, as the backend wrote it (Chinese). */
  const error = ref<string | null>(null);
  let unlisten: Unlisten[] = [];

  /** Subscribes to the backend's update events (once). */
  async function listen(): Promise<void> {
    if (unlisten.length > 0) return;
    unlisten = await Promise.all([
      backend.events.onUpdateAvailable((found) => {
        check.value = found;
      }),
      backend.events.onUpdateProgress((p) => {
        progress.value = p;
      }),
    ]);
  }

  function stop(): void {
    unlisten.forEach((u) => u());
    unlisten = [];
  }

  async function checkNow(): Promise<void> {
    checking.value = true;
    error.value = null;
    try {
      check.value = await backend.commands.checkForUpdate();
    } catch (err) {
      error.value = toIpcError(err).message;
    } finally {
      checking.value = false;
    }
  }

  async function install(): Promise<void> {
    if (installing.value) return;
    installing.value = true;
    error.value = null;
    progress.value = null;
    try {
      await backend.commands.installUpdate();
    } catch (err) {
      error.value = toIpcError(err).message;
      progress.value = null;
    } finally {
      installing.value = false;
    }
  }

  return { check, checking, installing, progress, error, listen, stop, checkNow, install };
});
