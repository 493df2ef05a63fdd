import { defineStore } from "pinia";
import { ref } from "vue";

export type DeskPage = "desk" | "assessment";

/** Which page the main window shows: the workbench (list and ticket) or the 考核 page. */
export const useNavStore = defineStore("nav", () => {
  const page = ref<DeskPage>("desk");
  function show(next: DeskPage): void {
    page.value = next;
  }
  return { page, show };
});
