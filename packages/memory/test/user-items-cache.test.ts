import { conformanceItem } from "@engram/testing";
import { UserItemsCache, type VersionedMemoryStore } from "../src/recall/user-items-cache";
import type { StoredMemoryItem } from "../src/store/memory-store";

function item(id: string, text: string, vector: number[]): StoredMemoryItem {
  return { ...conformanceItem({ id, user_id: "ada", type: "semantic", text }), vector } as unknown as StoredMemoryItem;
}

/** A versioned store of one table and one user that counts its row reads. */
function fakeStore(rows: StoredMemoryItem[]) {
  const state = { version: 1, reads: 0 };
  const store = {
    tableVersion: async () => state.version,
    count: async () => rows.length,
    listStoredItems: async () => {
      state.reads += 1;
      return rows.map((row) => ({ ...row }));
    },
  } as unknown as VersionedMemoryStore;
  return { store, state };
}

describe("UserItemsCache", () => {
  const rows = [item("a", "Ada adopted a parrot", [1, 0]), item("b", "Ada likes chess and parrots", [0, 1]), item("c", "Bob sails", [1, 1])];

  it("ranks cached items by BM25, best first, only those holding a query term and passing keep", async () => {
    const { store } = fakeStore(rows);
    const cache = new UserItemsCache(store);
    const items = (await cache.items("semantic", "ada"))!;
    const hits = cache.searchText(items, "parrot chess", { limit: 10, keep: () => true });
    expect(hits.map((hit) => hit.item.id)).toEqual(["b", "a"]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[0]!.item).not.toHaveProperty("vector");
    expect(cache.searchText(items, "parrot", { limit: 10, keep: (entry) => entry.id !== "a" }).map((hit) => hit.item.id)).toEqual(["b"]);
    expect(cache.searchText(items, "  ", { limit: 10, keep: () => true })).toEqual([]);
  });

  it("serves the entry as it was during this process's write, then the written one, without reloading rows", async () => {
    const { store, state } = fakeStore(rows);
    const cache = new UserItemsCache(store);
    await cache.items("semantic", "ada");
    expect(state.reads).toBe(1);
    let release!: () => void;
    const committed = new Promise<void>((resolve) => (release = resolve));
    const writing = cache.whileWriting("semantic", "ada", async () => {
      state.version += 1;
      await committed;
      await cache.afterWrite("semantic", "ada", (items) => items.map((entry) => (entry.id === "a" ? { ...entry, access_count: 5 } : entry)));
    });
    await Promise.resolve();
    const during = (await cache.items("semantic", "ada"))!;
    expect(during.find((entry) => entry.id === "a")!.access_count).toBe(0);
    release();
    await writing;
    const after = (await cache.items("semantic", "ada"))!;
    expect(after.find((entry) => entry.id === "a")!.access_count).toBe(5);
    expect(state.reads).toBe(1);
  });

  it("keeps serving reads after a failed write", async () => {
    const { store, state } = fakeStore(rows);
    const cache = new UserItemsCache(store);
    await expect(cache.whileWriting("semantic", "ada", async () => Promise.reject(new Error("disk full")))).rejects.toThrow("disk full");
    expect(await cache.items("semantic", "ada")).toHaveLength(3);
    expect(state.reads).toBe(1);
  });
});
