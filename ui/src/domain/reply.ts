// Pure helpers of the reply editor: field names and labels, times in Shanghai, what the
// district said about a refused reply. Everything returned here is shown as text.

import type { LintFinding, ReplyForm, ReplyOutcome } from "../ipc/bindings";

/** The reply's contract field names (the `field` of a finding and the keys of a 422). */
export type ReplyField =
  | "outcome"
  | "text"
  | "citizen_contacted_at"
  | "contact_method"
  | "contact_name"
  | "contact_phone"
  | "policy_basis"
  | "addresses_redo_reason";

export const REPLY_FIELDS: readonly ReplyField[] = [
  "outcome",
  "text",
  "citizen_contacted_at",
  "contact_method",
  "contact_name",
  "contact_phone",
  "policy_basis",
  "addresses_redo_reason",
];

export const FIELD_LABELS: Record<ReplyField, string> = {
  outcome: "答复结果",
  text: "答复内容",
  citizen_contacted_at: "联系市民时间",
  contact_method: "联系方式",
  contact_name: "联系人",
  contact_phone: "联系电话",
  policy_basis: "政策依据",
  addresses_redo_reason: "针对重办原因的办理情况",
};

export function isReplyField(field: string): field is ReplyField {
  return (REPLY_FIELDS as readonly string[]).includes(field);
}

/** The label of a field name, or the name itself when it is not a reply field. */
export function fieldLabel(field: string): string {
  return isReplyField(field) ? FIELD_LABELS[field] : field;
}

/** Outcomes for which the district's default rules ask for a policy basis. */
export const POLICY_BASIS_OUTCOMES: readonly ReplyOutcome[] = ["partially_resolved", "unresolved_explained"];

export function emptyReplyForm(): ReplyForm {
  return {
    outcome: null,
    text: "",
    citizen_contacted_ms: null,
    contact_method: null,
    contact_name: "",
    contact_phone: "",
    policy_basis: "",
    addresses_redo_reason: "",
  };
}

export function sameForm(a: ReplyForm, b: ReplyForm): boolean {
  return (
    a.outcome === b.outcome &&
    a.text === b.text &&
    a.citizen_contacted_ms === b.citizen_contacted_ms &&
    a.contact_method === b.contact_method &&
    a.contact_name === b.contact_name &&
    a.contact_phone === b.contact_phone &&
    a.policy_basis === b.policy_basis &&
    a.addresses_redo_reason === b.addresses_redo_reason
  );
}

/** Findings about `field`, blocking ones first (the linter's order otherwise). */
export function findingsFor(findings: readonly LintFinding[], field: string): LintFinding[] {
  const of = findings.filter((f) => f.field === field);
  return [...of.filter((f) => f.blocking), ...of.filter((f) => !f.blocking)];
}

/** Findings not about one of the form's fields (e.g. about the rules document). */
export function otherFindings(findings: readonly LintFinding[]): LintFinding[] {
  return findings.filter((f) => !isReplyField(f.field));
}

/** The text manual merging starts from: mine, then theirs, marked. */
export function mergeSeed(mine: string, theirs: string): string {
  return `${mine.trimEnd()}\n\n——以下为对方的版本——\n${theirs.trimStart()}`;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:mm:ss` in Shanghai. */
export function formatShanghaiClock(epochMs: number): string {
  const d = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** `HH:mm` in Shanghai when `epochMs` falls on the same Shanghai day as `nowMs`, else `MM-DD HH:mm`. */
export function formatShanghaiShort(epochMs: number, nowMs: number): string {
  const d = new Date(epochMs + SHANGHAI_OFFSET_MS);
  const n = new Date(nowMs + SHANGHAI_OFFSET_MS);
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  const sameDay =
    d.getUTCFullYear() === n.getUTCFullYear() && d.getUTCMonth() === n.getUTCMonth() && d.getUTCDate() === n.getUTCDate();
  return sameDay ? hm : `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${hm}`;
}

/**
 * A date-time picker works in the PC's zone; the officer means Shanghai wall-clock time.
 * The picker's value (a local Date) → the instant of that wall-clock time in Shanghai.
 */
export function pickerDateTimeToMs(d: Date): number {
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()) - SHANGHAI_OFFSET_MS;
}

/** The inverse of pickerDateTimeToMs: a local Date showing the instant's Shanghai wall-clock time. */
export function msToPickerDateTime(epochMs: number): Date {
  const s = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return new Date(s.getUTCFullYear(), s.getUTCMonth(), s.getUTCDate(), s.getUTCHours(), s.getUTCMinutes(), s.getUTCSeconds());
}

/** The reply text of an outbox body (the contract's reply), or null when it has none. */
export function bodyText(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const text = (body as Record<string, unknown>).text;
  return typeof text === "string" ? text : null;
}

/** 422 field errors keyed by reply field; errors about other keys under "other". */
export function fieldErrorsByField(errors: Record<string, string[]> | null): {
  byField: Partial<Record<ReplyField, string[]>>;
  other: { field: string; messages: string[] }[];
} {
  const byField: Partial<Record<ReplyField, string[]>> = {};
  const other: { field: string; messages: string[] }[] = [];
  for (const [key, messages] of Object.entries(errors ?? {})) {
    // The district may name a field plainly ("text") or as a path ("reply.text").
    const name = key.split(".").pop() ?? key;
    if (isReplyField(name)) byField[name] = [...(byField[name] ?? []), ...messages];
    else other.push({ field: key, messages });
  }
  return { byField, other };
}

/**
 * The reply as it was queued (the contract's reply in an outbox body), as label/value
 * lines for reading. `outcomes`/`methods` turn codes into their Chinese labels.
 */
export function sentReplyRows(
  body: unknown,
  outcomes: readonly { value: string; label: string }[],
  methods: readonly { value: string; label: string }[],
  formatTime: (ms: number) => string,
): { field: ReplyField; label: string; value: string }[] {
  if (typeof body !== "object" || body === null) return [];
  const b = body as Record<string, unknown>;
  const rows: { field: ReplyField; label: string; value: string }[] = [];
  for (const field of REPLY_FIELDS) {
    const raw = b[field];
    if (typeof raw !== "string" || raw.trim() === "") continue;
    let value = raw;
    if (field === "outcome") value = outcomes.find((o) => o.value === raw)?.label ?? raw;
    else if (field === "contact_method") value = methods.find((m) => m.value === raw)?.label ?? raw;
    else if (field === "citizen_contacted_at") {
      const ms = Date.parse(raw);
      if (Number.isFinite(ms)) value = formatTime(ms);
    }
    rows.push({ field, label: FIELD_LABELS[field], value });
  }
  return rows;
}
