import { onBeforeUnmount, onMounted } from "vue";

export interface ListKeyHandlers {
  /** Whether the list is what the officer sees (no detail view over it). */
  active(): boolean;
  focusSearch(): void;
  move(delta: 1 | -1): void;
  openHighlighted(): void;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

function inSearchBox(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.closest?.(".ticket-search");
}

/**
 * The list's keyboard: `/` focuses the search (unless typing somewhere), ↑/↓ move the
 * highlighted row and Enter opens it — also from the search box, so an officer can type,
 * then pick. Other inputs, buttons and dialogs keep their keys.
 */
export function useListKeys(handlers: ListKeyHandlers): void {
  function onKeydown(event: KeyboardEvent): void {
    if (!handlers.active() || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.target as HTMLElement | null)?.closest?.(".el-overlay, .el-popper")) return;
    const typing = isTyping(event.target);
    const fromSearch = inSearchBox(event.target);
    if (typing && !fromSearch) return;
    switch (event.key) {
      case "/":
        if (typing) return;
        event.preventDefault();
        handlers.focusSearch();
        return;
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        handlers.move(event.key === "ArrowDown" ? 1 : -1);
        return;
      case "Enter": {
        const tag = (event.target as HTMLElement | null)?.tagName;
        if (!fromSearch && (tag === "BUTTON" || tag === "A")) return;
        event.preventDefault();
        handlers.openHighlighted();
        return;
      }
    }
  }
  onMounted(() => document.addEventListener("keydown", onKeydown));
  onBeforeUnmount(() => document.removeEventListener("keydown", onKeydown));
}
