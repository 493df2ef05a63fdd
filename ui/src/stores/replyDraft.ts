import { defineStore } from "pinia";
import { computed, ref, shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { DraftVersionView, IpcError, LintFinding, OutboxEntry, ReplyForm, ReplyWorkspace } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";
import { emptyReplyForm, formatShanghaiClock } from "../domain/reply";

/** A save follows this long after the last keystroke… */
export const SAVE_DEBOUNCE_MS = 500;
/** …and never later than this after the first unsaved keystroke, even while typing on. */
export const SAVE_MAX_WAIT_MS = 800;
/** The unit's shared draft gets the text after this long without typing (and on leaving). */
export const SHARE_IDLE_MS = 5_000;

/**
 * The reply being written for one ticket. What the officer types goes to the local cache
 * within SAVE_MAX_WAIT_MS (`save_reply_draft`, share=false); after SHARE_IDLE_MS without
 * typing, and on `flush()` (leaving, closing the window, hiding it), it is also queued for
 * the unit's shared A/B draft. Saves run one at a time, each with the newest text; each
 * answers with the linter's findings, which the editor shows inline.
 */
export const useReplyDraftStore = defineStore("replyDraft", () => {
  const backend = getBackend();
  const c = backend.commands;

  const ticketId = ref<string | null>(null);
  const workspace = shallowRef<ReplyWorkspace | null>(null);
  const form = ref<ReplyForm>(emptyReplyForm());
  const findings = shallowRef<LintFinding[]>([]);
  const blocked = ref(false);
  const savedMs = ref<number | null>(null);
  const loading = ref(false);
  const loadError = shallowRef<IpcError | null>(null);
  /** A save is running. */
  const saving = ref(false);
  const saveError = shallowRef<IpcError | null>(null);
  /** The reply is being queued. */
  const sending = ref(false);
  /** Resolving a collision or restoring a version. */
  const busy = ref(false);
  const versions = shallowRef<DraftVersionView[]>([]);

  // Edits are numbered; a save records the number it carried. Nothing is lost while
  // `savedSeq < editSeq`.
  const editSeq = ref(0);
  const savedSeq = ref(0);
  /** The last edit number queued for the shared draft (-1: the cache holds unshared edits). */
  let sharedSeq = 0;

  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let shareTimer: ReturnType<typeof setTimeout> | null = null;
  let firstUnsavedAt: number | null = null;
  let chain: Promise<void> = Promise.resolve();

  /** Typed but not yet in the local cache. */
  const dirty = computed(() => savedSeq.value < editSeq.value);

  const statusText = computed(() => {
    if (saving.value) return "保存中…";
    if (saveError.value) return `自动保存失败：${saveError.value.message}`;
    if (dirty.value) return "保存中…";
    if (savedMs.value !== null) return `已自动保存 ${formatShanghaiClock(savedMs.value)}`;
    return "";
  });

  function clearTimers(): void {
    if (saveTimer !== null) clearTimeout(saveTimer);
    if (shareTimer !== null) clearTimeout(shareTimer);
    saveTimer = null;
    shareTimer = null;
    firstUnsavedAt = null;
  }

  /** Takes the workspace's form, findings and saved state (the officer has nothing unsaved). */
  function adopt(ws: ReplyWorkspace): void {
    workspace.value = ws;
    form.value = { ...ws.form };
    findings.value = ws.findings;
    blocked.value = ws.blocked;
    savedMs.value = ws.saved_ms;
    savedSeq.value = editSeq.value;
    sharedSeq = ws.unshared ? -1 : editSeq.value;
  }

  /** Takes everything but the form (the officer is typing: their text wins). */
  function adoptMeta(ws: ReplyWorkspace): void {
    workspace.value = { ...ws, form: form.value, findings: findings.value, blocked: blocked.value, saved_ms: savedMs.value };
  }

  async function load(id: string): Promise<void> {
    const fresh = ticketId.value !== id;
    if (fresh) {
      const previous = ticketId.value;
      if (previous !== null && (dirty.value || sharedSeq < editSeq.value)) {
        // Another ticket: what was typed for the previous one still goes to the cache.
        const snapshot: ReplyForm = { ...form.value };
        const last = () =>
          c.saveReplyDraft(previous, snapshot, true).then(
            () => undefined,
            (err: unknown) => console.error("draft not saved:", toIpcError(err).message),
          );
        chain = chain.then(last, last);
      }
      clearTimers();
      ticketId.value = id;
      workspace.value = null;
      form.value = emptyReplyForm();
      findings.value = [];
      blocked.value = false;
      savedMs.value = null;
      saveError.value = null;
      versions.value = [];
      editSeq.value = 0;
      savedSeq.value = 0;
      sharedSeq = 0;
    }
    loading.value = true;
    loadError.value = null;
    try {
      const ws = await c.replyWorkspace(id);
      if (ticketId.value !== id) return;
      if (!fresh && (dirty.value || saving.value || saveTimer !== null)) adoptMeta(ws);
      else adopt(ws);
    } catch (err) {
      if (ticketId.value === id) loadError.value = toIpcError(err);
    } finally {
      loading.value = false;
    }
  }

  /** Re-reads the workspace (the cache changed: a sync, a flush). Unsaved typing is kept. */
  async function refresh(): Promise<void> {
    const id = ticketId.value;
    if (id === null) return;
    try {
      const ws = await c.replyWorkspace(id);
      if (ticketId.value !== id) return;
      if (dirty.value || saving.value || saveTimer !== null) adoptMeta(ws);
      else adopt(ws);
    } catch {
      // Keep what is shown; the next change or save tries again.
    }
  }

  /** One save with the newest text, after the ones before it. */
  function save(share: boolean): Promise<void> {
    const id = ticketId.value;
    if (id === null) return chain;
    const run = async (): Promise<void> => {
      if (ticketId.value !== id) return;
      const seq = editSeq.value;
      const needsSave = savedSeq.value < seq;
      const needsShare = share && sharedSeq < seq;
      if (!needsSave && !needsShare) return;
      const snapshot: ReplyForm = { ...form.value };
      saving.value = true;
      try {
        const result = await c.saveReplyDraft(id, snapshot, share);
        if (ticketId.value !== id) return;
        savedSeq.value = Math.max(savedSeq.value, seq);
        if (share) sharedSeq = Math.max(sharedSeq, seq);
        savedMs.value = result.saved_ms;
        findings.value = result.findings;
        blocked.value = result.blocked;
        saveError.value = null;
        if (workspace.value) {
          workspace.value = { ...workspace.value, unshared: true, saved_ms: result.saved_ms };
        }
      } catch (err) {
        if (ticketId.value === id) saveError.value = toIpcError(err);
      } finally {
        saving.value = false;
      }
      if (share && ticketId.value === id) await refresh();
    };
    chain = chain.then(run, run);
    return chain;
  }

  /** The officer changed the form. */
  function update(next: ReplyForm): void {
    if (ticketId.value === null) return;
    form.value = { ...next };
    editSeq.value += 1;
    const now = Date.now();
    if (firstUnsavedAt === null) firstUnsavedAt = now;
    const wait = Math.max(0, Math.min(SAVE_DEBOUNCE_MS, firstUnsavedAt + SAVE_MAX_WAIT_MS - now));
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = null;
      firstUnsavedAt = null;
      void save(false);
    }, wait);
    if (shareTimer !== null) clearTimeout(shareTimer);
    shareTimer = setTimeout(() => {
      shareTimer = null;
      void save(true);
    }, SHARE_IDLE_MS);
  }

  /** Saves now and queues the text for the shared draft: leaving, closing, hiding. */
  function flush(): Promise<void> {
    clearTimers();
    return save(true);
  }

  /** Saves now (local cache only), e.g. before sending. */
  function saveNow(): Promise<void> {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = null;
    firstUnsavedAt = null;
    return save(false);
  }

  /** Ends a collision with the chosen text (theirs, mine, or merged by hand). */
  async function resolveCollision(chosen: ReplyForm): Promise<void> {
    const id = ticketId.value;
    if (id === null) return;
    // What was typed reaches the cache (and so the versions) before it is replaced.
    await saveNow();
    busy.value = true;
    try {
      const ws = await c.resolveDraftCollision(id, { ...chosen });
      if (ticketId.value !== id) return;
      clearTimers();
      adopt(ws);
    } catch (err) {
      throw toIpcError(err);
    } finally {
      busy.value = false;
    }
  }

  async function loadVersions(): Promise<void> {
    const id = ticketId.value;
    if (id === null) return;
    try {
      const list = await c.draftVersions(id);
      if (ticketId.value === id) versions.value = list;
    } catch (err) {
      throw toIpcError(err);
    }
  }

  /** Brings an earlier version back; the current text becomes a version first. */
  async function restoreVersion(versionId: number): Promise<void> {
    const id = ticketId.value;
    if (id === null) return;
    await saveNow();
    busy.value = true;
    try {
      const ws = await c.restoreDraftVersion(id, versionId);
      if (ticketId.value !== id) return;
      clearTimers();
      adopt(ws);
    } catch (err) {
      throw toIpcError(err);
    } finally {
      busy.value = false;
    }
  }

  /**
   * Sends the reply: the newest text is saved first; nothing is sent while a blocking
   * finding stands (the backend checks again). Rejects with an IpcError.
   */
  async function send(): Promise<OutboxEntry | null> {
    const id = ticketId.value;
    if (id === null) return null;
    sending.value = true;
    try {
      await saveNow();
      if (saveError.value) throw saveError.value;
      if (blocked.value) throw toIpcError({ code: "invalid_input", message: "答复不符合规范，请先按提示修改" });
      const entry = await c.sendReply(id);
      await refresh();
      return entry;
    } catch (err) {
      // The backend may know findings this form does not show yet.
      await refresh();
      throw toIpcError(err);
    } finally {
      sending.value = false;
    }
  }

  /** The reply's write is blocked (发送受阻): send it again (same key) or drop it. */
  async function settleBlocked(entryId: number, how: "retry" | "discard"): Promise<void> {
    sending.value = true;
    try {
      if (how === "retry") await c.retryOutbox(entryId);
      else await c.discardOutbox(entryId);
    } catch (err) {
      throw toIpcError(err);
    } finally {
      sending.value = false;
      await refresh();
    }
  }

  return {
    ticketId,
    workspace,
    form,
    findings,
    blocked,
    savedMs,
    loading,
    loadError,
    saving,
    saveError,
    sending,
    busy,
    versions,
    dirty,
    statusText,
    load,
    refresh,
    update,
    flush,
    saveNow,
    resolveCollision,
    loadVersions,
    restoreVersion,
    send,
    settleBlocked,
  };
});
