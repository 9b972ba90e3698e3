import { ClosedError, InMemoryMemoryStore } from "../src/index";
import { EngramLifecycle } from "../src/engram-lifecycle";

/**
 * `EngramLifecycle.trackStore`: only the asynchronous `MemoryStore` methods are tracked and refused
 * after close; everything else of the store passes through as it is.
 */
class StoreWithSyncMethod extends InMemoryMemoryStore {
  /** A synchronous method outside `MemoryStore` (as a LanceDB store's `vectorIndexedTables`). */
  indexedTables(): string[] {
    return ["episodic"];
  }
}

describe("EngramLifecycle.trackStore", () => {
  it("passes a synchronous method through after close (no rejected promise) and refuses the async ones", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const life = new EngramLifecycle();
      const store = new StoreWithSyncMethod({ dimensions: 8 });
      const tracked = life.trackStore(store);
      expect(tracked.indexedTables()).toEqual(["episodic"]);
      await life.close(async () => {}, async () => store.close());
      expect(tracked.indexedTables()).toEqual(["episodic"]);
      await expect(tracked.count("episodic", "ada")).rejects.toBeInstanceOf(ClosedError);
      await expect(tracked.count("episodic", "ada")).rejects.toMatchObject({ operation: "store.count" });
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("hands out one wrapper per method, not a new one per property read", () => {
    const tracked = new EngramLifecycle().trackStore(new InMemoryMemoryStore({ dimensions: 8 }));
    expect(tracked.count).toBe(tracked.count);
    expect(tracked.vectorSearch).toBe(tracked.vectorSearch);
  });
});
