export type * from "./bindings";
export type { Backend } from "./backend";
export { getBackend, setBackend } from "./backend";
export type { DeskEvents, Unlisten } from "./events";
export { isIpcError, toIpcError } from "./errors";
