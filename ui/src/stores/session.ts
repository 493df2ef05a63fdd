import { defineStore } from "pinia";
import { ref } from "vue";
import { getBackend } from "../ipc/backend";
import type { SignInOutcome } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";
import { useAppInfoStore } from "./appInfo";
import { useSyncStore } from "./sync";

/**
 * Signing in and out. The password goes to the backend once and is not kept here; the
 * token never reaches the webview. Failures reject with an IpcError.
 */
export const useSessionStore = defineStore("session", () => {
  const backend = getBackend();
  /** The officer closed the sign-in dialog to work with the cached data for now. */
  const dismissed = ref(false);
  const busy = ref(false);

  async function signIn(serverUrl: string, username: string, password: string): Promise<SignInOutcome> {
    busy.value = true;
    try {
      const outcome = await backend.commands.signIn(serverUrl.trim(), username.trim(), password);
      dismissed.value = false;
      await useAppInfoStore().load();
      void useSyncStore().syncNow();
      return outcome;
    } catch (err) {
      throw toIpcError(err);
    } finally {
      busy.value = false;
    }
  }

  async function signOut(wipe: boolean): Promise<void> {
    busy.value = true;
    try {
      await backend.commands.signOut(wipe);
      await useAppInfoStore().load();
      await useSyncStore().refresh();
    } catch (err) {
      throw toIpcError(err);
    } finally {
      busy.value = false;
    }
  }

  return { dismissed, busy, signIn, signOut };
});
