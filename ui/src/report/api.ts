// The report commands, through the generated `commands` of the installed backend.
import { getBackend } from "../ipc/backend";
import type { ReportCommands } from "./contract";

/** TEMPORARY cast until the generated commands.ts carries the report commands. */
export function reportCommands(): ReportCommands {
  return getBackend().commands as unknown as ReportCommands;
}
