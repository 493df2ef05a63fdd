import { defineStore } from "pinia";
import { ref, shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { AboutInfo, IpcError } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";

/** The 关于 dialog: whether it is open (the header's 关于, the tray's 关于) and what it shows. */
export const useAboutStore = defineStore("about", () => {
  const backend = getBackend();
  const visible = ref(false);
  const info = shallowRef<AboutInfo | null>(null);
  const error = shallowRef<IpcError | null>(null);

  async function load(): Promise<void> {
    try {
      info.value = await backend.commands.about();
      error.value = null;
    } catch (err) {
      error.value = toIpcError(err);
    }
  }

  /** Opens the dialog and reads the facts again (the log folder may have changed). */
  function show(): void {
    visible.value = true;
    void load();
  }

  return { visible, info, error, load, show };
});
