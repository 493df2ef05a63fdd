// The real backend: Tauri commands and events. Only main.ts imports this.
import type { Backend } from "./backend";
import { commands } from "./commands";
import { events } from "./events";

export function tauriBackend(): Backend {
  return { commands, events };
}

/** True inside a Tauri webview (false in a plain browser running `npm run dev`). */
export function isTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
