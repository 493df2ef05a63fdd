// Reports the first paint the way the desk reports its first list: the `ui_ready`
// command with the number of rows on screen, once, after they are in the DOM.
"use strict";
requestAnimationFrame(() => {
  const rows = document.querySelectorAll("#list li").length;
  window.__TAURI_INTERNALS__.invoke("ui_ready", { rows }).catch((err) => {
    console.warn("ui_ready failed:", err);
  });
});
