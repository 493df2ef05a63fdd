import { defineStore } from "pinia";
import { nextTick, ref, shallowRef } from "vue";
import { getBackend } from "../ipc/backend";
import type { AlertEntry, IpcError, TabCounts, TicketQuery, TicketRow } from "../ipc/bindings";
import { toIpcError } from "../ipc/errors";
import type { TabId } from "../domain/tabs";
import type { FigureFilter } from "../report/types";
import { useNavStore } from "./nav";

/** Rows per list_tickets call: the cache may hold 100k tickets, they never travel at once. */
export const PAGE_SIZE = 200;
/** A reload keeps up to this many already-scrolled rows (so the list does not jump). */
export const MAX_RELOAD_ROWS = 1000;
/** Typing in the search box reaches the backend after this pause. */
export const SEARCH_DEBOUNCE_MS = 200;

/**
 * The unit's ticket list: one tab (quick filter) and search at a time, loaded in pages of
 * PAGE_SIZE in the backend's order (already sorted by urgency), with the counts of every tab.
 */
export const useTicketsStore = defineStore("tickets", () => {
  const backend = getBackend();

  // Rows are replaced wholesale (or appended to a new array) and never mutated.
  const rows = shallowRef<readonly TicketRow[]>([]);
  /** Rows in the selected tab with the current search (may exceed rows.length). */
  const total = ref(0);
  const counts = shallowRef<TabCounts | null>(null);
  /** Set when a broad search was not counted per tab: it matches more than this many tickets. */
  const countsOver = ref<number | null>(null);
  const loaded = ref(false);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = shallowRef<IpcError | null>(null);

  const tab = ref<TabId>("all");
  /** What the search box shows (immediately). */
  const searchText = ref("");
  /** The search the list is filtered by (after the debounce). */
  const search = ref("");
  /** The 即将超时 window in hours. */
  const dueSoonHours = ref(24);
  /** The 考核 page's click-through: only the tickets behind one figure (null: no filter). */
  const figure = shallowRef<FigureFilter | null>(null);
  /** A digest's click-through: only the tickets of one notification (its id; null: no filter). */
  const alert = ref<number | null>(null);
  /** What the removable chip over the list says while `figure` or `alert` is set. */
  const figureText = ref("");

  let readyReported = false;
  let inFlight: Promise<void> | null = null;
  let reloadRequested = false;
  /** Bumped whenever page 0 is (re)applied; a next page of an older list is dropped. */
  let generation = 0;
  /** A tab or search change: start from the top rather than keeping scrolled rows. */
  let resetRequested = false;
  let searchTimer: ReturnType<typeof setTimeout> | null = null;

  function query(offset: number, limit: number): TicketQuery {
    const s = search.value.trim();
    return {
      tab: tab.value,
      search: s.length > 0 ? s : null,
      offset,
      limit,
      due_soon_hours: dueSoonHours.value,
      figure: figure.value,
      alert: alert.value,
    };
  }

  async function fetchFirst(): Promise<void> {
    const keep = resetRequested ? 0 : Math.min(rows.value.length, MAX_RELOAD_ROWS);
    resetRequested = false;
    const limit = Math.max(PAGE_SIZE, Math.ceil(keep / PAGE_SIZE) * PAGE_SIZE);
    loading.value = true;
    try {
      const page = await backend.commands.listTickets(query(0, limit));
      // Another load follows with a newer query: this answer is already stale.
      if (reloadRequested) return;
      generation += 1;
      rows.value = page.rows;
      total.value = page.total;
      counts.value = page.counts;
      countsOver.value = page.counts_over;
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toIpcError(err);
      return;
    } finally {
      loading.value = false;
    }
    await reportReadyOnce();
  }

  /** Tells the backend the first list is on screen (smoke tests and benchmarks wait for it). */
  async function reportReadyOnce(): Promise<void> {
    if (readyReported) return;
    readyReported = true;
    await nextTick(); // the rows are in the DOM after this flush
    try {
      await backend.commands.uiReady(rows.value.length);
    } catch (err) {
      console.warn("ui_ready failed:", toIpcError(err).message);
    }
  }

  /**
   * Loads (reloads) the list from the top. Calls during a load are coalesced into one
   * more load after it, so a burst of `tickets-changed` events costs at most two round trips.
   */
  function load(): Promise<void> {
    if (inFlight !== null) {
      reloadRequested = true;
      return inFlight;
    }
    inFlight = (async () => {
      try {
        do {
          reloadRequested = false;
          await fetchFirst();
        } while (reloadRequested);
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  /** Loads the next page (the table scrolled to its end). No-op when all rows are here. */
  async function loadMore(): Promise<void> {
    if (inFlight !== null || loadingMore.value || !loaded.value) return;
    if (rows.value.length >= total.value) return;
    const gen = generation;
    loadingMore.value = true;
    try {
      const page = await backend.commands.listTickets(query(rows.value.length, PAGE_SIZE));
      if (gen !== generation) return;
      // The list may have shifted between pages: never show a row twice.
      const seen = new Set(rows.value.map((r) => r.id));
      rows.value = [...rows.value, ...page.rows.filter((r) => !seen.has(r.id))];
      total.value = page.total;
      counts.value = page.counts;
      countsOver.value = page.counts_over;
      error.value = null;
    } catch (err) {
      error.value = toIpcError(err);
    } finally {
      loadingMore.value = false;
    }
  }

  function restart(): Promise<void> {
    resetRequested = true;
    return load();
  }

  /** Selects a quick filter and loads its first page. */
  function selectTab(next: TabId): Promise<void> {
    if (next === tab.value) return inFlight ?? Promise.resolve();
    tab.value = next;
    return restart();
  }

  function cancelSearchTimer(): void {
    if (searchTimer !== null) {
      clearTimeout(searchTimer);
      searchTimer = null;
    }
  }

  /** The search box changed: query after SEARCH_DEBOUNCE_MS without further typing. */
  function setSearch(text: string): void {
    searchText.value = text;
    cancelSearchTimer();
    searchTimer = setTimeout(() => {
      searchTimer = null;
      applySearch();
    }, SEARCH_DEBOUNCE_MS);
  }

  function applySearch(): void {
    if (searchText.value.trim() === search.value.trim()) {
      search.value = searchText.value;
      return;
    }
    search.value = searchText.value;
    void restart();
  }

  /** Clears the search at once (Esc). */
  function clearSearch(): void {
    cancelSearchTimer();
    searchText.value = "";
    applySearch();
  }

  /** Shows exactly the tickets behind a figure of the 考核 page (tab 全部; search still applies). */
  function showFigure(filter: FigureFilter, text: string): Promise<void> {
    alert.value = null;
    figure.value = filter;
    figureText.value = text;
    tab.value = "all";
    return restart();
  }

  /** Shows exactly the tickets of a digest notification on the workbench (tab 全部; search still applies). */
  function showAlert(entry: AlertEntry): Promise<void> {
    figure.value = null;
    alert.value = entry.id;
    figureText.value = `通知：${entry.title}`;
    tab.value = "all";
    useNavStore().show("desk");
    return restart();
  }

  /** Removes the 考核 or notification filter: the list is the workbench's again. */
  function clearFigure(): Promise<void> {
    if (figure.value === null && alert.value === null) return inFlight ?? Promise.resolve();
    figure.value = null;
    alert.value = null;
    figureText.value = "";
    return restart();
  }

  function setDueSoonHours(hours: number): Promise<void> {
    dueSoonHours.value = hours;
    return load();
  }

  return {
    rows,
    total,
    counts,
    countsOver,
    loaded,
    loading,
    loadingMore,
    error,
    tab,
    searchText,
    search,
    dueSoonHours,
    figure,
    alert,
    figureText,
    load,
    loadMore,
    selectTab,
    setSearch,
    clearSearch,
    setDueSoonHours,
    showFigure,
    showAlert,
    clearFigure,
  };
});
