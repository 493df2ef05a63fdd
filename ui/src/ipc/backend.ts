// The backend as the rest of the UI sees it: the generated commands plus the events.
// The app installs the Tauri backend at start-up (main.ts); tests install fakes.
import type { Commands } from "./commands";
import type { DeskEvents } from "./events";

export interface Backend {
  commands: Commands;
  events: DeskEvents;
}

let current: Backend | null = null;

export function setBackend(backend: Backend | null): void {
  current = backend;
}

export function getBackend(): Backend {
  if (current === null) {
    throw new Error("backend not configured: call setBackend() before using the stores");
  }
  return current;
}
