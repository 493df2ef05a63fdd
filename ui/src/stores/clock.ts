import { defineStore } from "pinia";
import { computed, onBeforeUnmount, onMounted, ref, watch } from "vue";
import { useSyncStore } from "./sync";

/**
 * Tells the clock when the text of something on screen next changes: milliseconds after
 * the clock's current tick (the time the caller's text was computed from), or null.
 */
export type ClockWaker = () => number | null;

const wakers = new Set<ClockWaker>();
/** The running clock's rescheduler (null while no view uses the clock). */
let wakersChanged: (() => void) | null = null;

/**
 * Registers `waker` for the lifetime of the calling component: the clock wakes when its
 * text changes (issue 18: a 45-minute countdown wakes the clock once a minute, not 60
 * times). Plain module state rather than the store, so cells need no Pinia.
 */
export function useClockWaker(waker: ClockWaker): { changed: () => void } {
  onMounted(() => {
    wakers.add(waker);
    wakersChanged?.();
  });
  onBeforeUnmount(() => {
    wakers.delete(waker);
    wakersChanged?.();
  });
  return { changed: () => wakersChanged?.() };
}

/** When nothing on screen asks sooner, the clock still wakes at Beijing midnight (dates). */
function msUntilShanghaiMidnight(serverNowMs: number): number {
  const day = 86_400_000;
  const shanghai = serverNowMs + 8 * 3_600_000;
  return day - (((shanghai % day) + day) % day);
}

/** Wake a few ms after the change, so the new text is computed on its side of it. */
const MARGIN_MS = 5;

/**
 * The one shared clock for every countdown and relative time. It wakes only when some
 * text on screen changes (see `useClockWaker`), and not at all while the window is
 * hidden or minimised (`document.hidden`): on showing, it ticks at once. Components
 * never start timers of their own.
 */
export const useClockStore = defineStore("clock", () => {
  const sync = useSyncStore();

  /** The PC's own clock at the last tick. */
  const pcNowMs = ref(Date.now());
  /** PC time corrected by server_offset_ms (server minus PC). */
  const serverNowMs = computed(() => pcNowMs.value + sync.serverOffsetMs);

  let timer: ReturnType<typeof setTimeout> | null = null;
  let users = 0;

  function tick(): void {
    pcNowMs.value = Date.now();
  }

  function hidden(): boolean {
    return typeof document !== "undefined" && document.hidden;
  }

  /** (Re)arms the one timer for the earliest change on screen, measured from the last tick. */
  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (users === 0 || hidden()) return;
    let wait = msUntilShanghaiMidnight(serverNowMs.value);
    for (const waker of wakers) {
      const w = waker();
      if (w !== null && w < wait) wait = Math.max(0, w);
    }
    const delay = Math.max(0, pcNowMs.value + wait - Date.now()) + MARGIN_MS;
    timer = setTimeout(() => {
      timer = null;
      tick();
      schedule();
    }, delay);
  }

  function onVisibility(): void {
    if (hidden()) {
      schedule(); // clears the timer
    } else {
      tick();
      schedule();
    }
  }

  // A corrected server offset moves every countdown.
  watch(
    () => sync.serverOffsetMs,
    () => schedule(),
  );

  /** Starts ticking (reference-counted: every start() needs a stop()). */
  function start(): void {
    users += 1;
    if (users === 1) {
      wakersChanged = schedule;
      if (typeof document !== "undefined") document.addEventListener("visibilitychange", onVisibility);
      tick();
      schedule();
    }
  }

  function stop(): void {
    if (users === 0) return;
    users -= 1;
    if (users === 0) {
      wakersChanged = null;
      if (typeof document !== "undefined") document.removeEventListener("visibilitychange", onVisibility);
      schedule(); // clears the timer
    }
  }

  return { pcNowMs, serverNowMs, tick, start, stop };
});
