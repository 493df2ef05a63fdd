import { defineStore } from "pinia";
import { shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { AppInfo, IpcError } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";

/** Who is signed in, for which unit, and whether this is the demo. */
export const useAppInfoStore = defineStore("appInfo", () => {
  const backend = getBackend();
  const info = shallowRef<AppInfo | null>(null);
  const error = shallowRef<IpcError | null>(null);

  async function load(): Promise<void> {
    try {
      info.value = await backend.commands.appInfo();
      error.value = null;
    } catch (err) {
      error.value = toIpcError(err);
    }
  }

  return { info, error, load };
});
