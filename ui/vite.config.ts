import { defineConfig } from "vitest/config";
import vue from "@vitejs/plugin-vue";

// Tauri loads the built files from disk (relative base) inside WebKitGTK on Linux,
// WebView2 on Windows and WKWebView on macOS: target the oldest of those we support.
export default defineConfig({
  base: "./",
  plugins: [vue()],
  clearScreen: false,
  envPrefix: ["VITE_", "TAURI_ENV_"],
  server: {
    port: 5173,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts", "src/**/__tests__/**/*.test.ts"],
    restoreMocks: true,
  },
});
