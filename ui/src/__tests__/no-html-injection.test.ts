import { describe, expect, it } from "vitest";

// Citizens' text, names, addresses and server errors are untrusted: the UI shows them
// only through text interpolation. Guard against the ways HTML could sneak in.
const sources = import.meta.glob<string>(["../**/*.vue", "../**/*.ts", "!../**/__tests__/**", "!../**/*.test.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("no raw HTML rendering", () => {
  it("scans the sources", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });

  it.each(Object.entries(sources))("%s uses no v-html / innerHTML / dangerouslyUseHTMLString", (_path, text) => {
    expect(text).not.toMatch(/v-html|innerHTML|outerHTML|insertAdjacentHTML|dangerouslyUseHTMLString|document\.write/);
  });
});
