import { onBeforeUnmount, onMounted, ref, type Ref } from "vue";

/**
 * The content size of an element, measured synchronously on mount (so a virtualized
 * table can render its first rows in the same tick) and kept up to date by a
 * ResizeObserver where one exists.
 */
export function useElementSize(target: Ref<HTMLElement | null>) {
  const width = ref(0);
  const height = ref(0);
  let observer: ResizeObserver | null = null;

  function measure(): void {
    const el = target.value;
    if (!el) return;
    width.value = Math.floor(el.clientWidth);
    height.value = Math.floor(el.clientHeight);
  }

  onMounted(() => {
    measure();
    if (typeof ResizeObserver !== "undefined" && target.value) {
      observer = new ResizeObserver(() => measure());
      observer.observe(target.value);
    }
  });

  onBeforeUnmount(() => {
    observer?.disconnect();
    observer = null;
  });

  return { width, height, measure };
}
