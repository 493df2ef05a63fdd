import { createApp } from "vue";
import { createPinia } from "pinia";
import App from "./App.vue";
import { setBackend } from "./ipc/backend";
import { isTauri, tauriBackend } from "./ipc/tauri";
import "./element";
import "./styles/app.css";
import "./styles/print.css";

async function boot(): Promise<void> {
  if (import.meta.env.DEV && !isTauri()) {
    // `npm run dev` in a plain browser: a built-in fake backend, never in a build.
    const { devMockBackend } = await import("./ipc/devMock");
    setBackend(devMockBackend());
  } else {
    setBackend(tauriBackend());
  }
  createApp(App).use(createPinia()).mount("#app");
}

void boot();
