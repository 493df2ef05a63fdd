import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setBackend } from "../../ipc/backend";
import { fakeBackend, type FakeBackend } from "../../testing/fakeBackend";
import { ticketRow } from "../../testing/fixtures";
import { useTicketsStore } from "../tickets";

let backend: FakeBackend;

beforeEach(() => {
  backend = fakeBackend({ rows: [ticketRow({ id: "A" }), ticketRow({ id: "B" })] });
  setBackend(backend);
  setActivePinia(createPinia());
});
afterEach(() => setBackend(null));

describe("tickets store", () => {
  it("loads the rows in the backend's order", async () => {
    const store = useTicketsStore();
    await store.load();
    expect(store.rows.map((r) => r.id)).toEqual(["A", "B"]);
    expect(store.loaded).toBe(true);
  });

  it("calls uiReady exactly once, with the row count, however often the list reloads", async () => {
    const store = useTicketsStore();
    await store.load();
    expect(backend.commands.uiReady).toHaveBeenCalledTimes(1);
    expect(backend.commands.uiReady).toHaveBeenCalledWith(2);
    await store.load();
    await store.load();
    expect(backend.commands.listTickets).toHaveBeenCalledTimes(3);
    expect(backend.commands.uiReady).toHaveBeenCalledTimes(1);
  });

  it("does not report ready until a load succeeds", async () => {
    backend.commands.listTickets.mockRejectedValueOnce({ code: "storage", message: "数据库被锁定" });
    const store = useTicketsStore();
    await store.load();
    expect(store.error).toEqual({ code: "storage", message: "数据库被锁定" });
    expect(backend.commands.uiReady).not.toHaveBeenCalled();
    await store.load();
    expect(store.error).toBeNull();
    expect(backend.commands.uiReady).toHaveBeenCalledTimes(1);
  });

  it("keeps the last good list when a reload fails", async () => {
    const store = useTicketsStore();
    await store.load();
    backend.commands.listTickets.mockRejectedValueOnce("command list_tickets not found");
    await store.load();
    expect(store.rows.map((r) => r.id)).toEqual(["A", "B"]);
    expect(store.error?.message).toBe("command list_tickets not found");
  });

  it("coalesces a burst of reloads into one more load", async () => {
    const store = useTicketsStore();
    await Promise.all([store.load(), store.load(), store.load(), store.load()]);
    expect(backend.commands.listTickets).toHaveBeenCalledTimes(2);
  });
});
