// Calendar dates ("YYYY-MM-DD") in Asia/Shanghai, the time zone of every 12345 deadline.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The Shanghai calendar date of an instant. */
export function shanghaiDate(epochMs: number): string {
  const d = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** The instant `date` at `hour`:00 in Shanghai (e.g. 18:00, the end of a working day). */
export function shanghaiDateAt(date: string, hour: number): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, hour, 0, 0) - SHANGHAI_OFFSET_MS;
}

/** A date picker's day (a local Date at midnight of the PC's zone) as "YYYY-MM-DD". */
export function pickerDate(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** `YYYY-MM-DD HH:mm` in Shanghai. */
export function formatShanghaiDateTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return "—";
  const d = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return `${shanghaiDate(epochMs)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** "240 KB", "1.5 MB". */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
