import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { useSyncStore } from "./sync";

/**
 * The one shared clock for every countdown: ticks once a second and exposes the
 * server-corrected time. Components never start timers of their own.
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

  function schedule(): void {
    // Wake just after the next whole server second, so every countdown changes in step
    // with the server's clock rather than drifting by up to a second.
    const intoSecond = ((serverNowMs.value % 1000) + 1000) % 1000;
    timer = setTimeout(() => {
      tick();
      schedule();
    }, 1000 - intoSecond + 5);
  }

  /** Starts ticking (reference-counted: every start() needs a stop()). */
  function start(): void {
    users += 1;
    if (timer === null) {
      tick();
      schedule();
    }
  }

  function stop(): void {
    users = Math.max(0, users - 1);
    if (users === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  return { pcNowMs, serverNowMs, tick, start, stop };
});
