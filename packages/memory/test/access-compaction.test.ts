import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { conformanceItem } from "@engram/testing";
import { AccessRecorder, ROWS_PER_ACCESS_WRITE } from "../src/access-recorder";
import { UserItemsCache } from "../src/recall/user-items-cache";
import { Engram, HashEmbedder, InMemoryMemoryStore, ValidationError } from "../src/index";
import type { MemoryItem } from "../src/schema/memory-item";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import type { StoredMemoryItem } from "../src/store/memory-store";

/**
 * Access-count flushes compact a memory table after `compactAfterWrites` updates to it
 * (`EngramOptions.compactAfterAccessWrites`): each LanceDB update adds a fragment, and a compaction
 * merges them. Read from the table's own fragment statistics, not from timing.
 */
const K = 3;
const item = (id: string) => ({ ...conformanceItem({ id, user_id: "ada", type: "semantic", text: `Ada fact ${id}` }), vector: [1, 0, 0, 0] }) as unknown as StoredMemoryItem;

describe("access flushes compact a LanceDB table after K writes", () => {
  let folder: string;
  let store: LanceDbMemoryStore;
  let connection: lancedb.Connection;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), "engram-access-compaction-"));
    store = await LanceDbMemoryStore.open({ path: folder, dimensions: 4, embedderId: "test-4" });
    await store.upsertItems("semantic", ["a", "b", "c", "d", "e", "f", "g", "h"].map(item));
    connection = await lancedb.connect(folder);
  });

  afterEach(async () => {
    connection.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const fragments = async () => {
    const table = await connection.openTable("semantic");
    try {
      return (await table.stats()).fragmentStats.numFragments;
    } finally {
      table.close();
    }
  };

  /** `flushes` flushes (idle-time ones, which compact, unless `compact` is false), each one access write to `semantic` (one item recalled once, another each time while they last). */
  const flushAccesses = async (access: AccessRecorder, flushes: number, items: MemoryItem[], compact = true) => {
    for (let index = 0; index < flushes; index++) {
      access.noteAccess("ada", [items[index % items.length]!], `2024-02-0${index + 1}T00:00:00.000Z`);
      await access.flush({ compact });
    }
  };

  it("has one fragment per access write without compaction, and few after K + 1 flushes with it", async () => {
    const items = await store.listItems("semantic", "ada");
    const start = await fragments();
    await flushAccesses(new AccessRecorder(store, { warn: () => {} }), K + 1, items);
    const uncompacted = await fragments();
    expect(uncompacted).toBe(start + K + 1);
    // The flushes `add`, `forget` and `usage` make (no `compact`) never compact, past K or not.
    const optimize = jest.spyOn(store, "optimize");
    await flushAccesses(new AccessRecorder(store, { warn: () => {} }, undefined, K), K + 1, items, false);
    expect(optimize).not.toHaveBeenCalled();

    const warnings: string[] = [];
    await flushAccesses(new AccessRecorder(store, { warn: (message) => warnings.push(message) }, undefined, K), K + 1, items);
    // Compacted by the K-th flush (LanceDB leaves at most two fragments there: the rewritten rows of a
    // fragment with deletions, and the small fragments merged); the (K + 1)-th flush added one more.
    expect(await fragments()).toBeLessThanOrEqual(3);
    expect(optimize).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual([]);
    // Every write landed: 3 (K + 1) accesses over the first K + 1 items.
    const counts = (await store.listItems("semantic", "ada")).reduce((sum, entry) => sum + entry.access_count, 0);
    expect(counts).toBe(3 * (K + 1));
  });

  it("optimizes only known tables: an unknown name is a ValidationError", async () => {
    await expect(store.optimize({ tables: ["semantic", "nope" as "semantic"] })).rejects.toThrow(ValidationError);
    await expect(store.optimize({ tables: ["semantic", "nope" as "semantic"] })).rejects.toThrow(/"nope"/);
  });

  it("leaves the user's cached entry current, with the written counts: the next recall reads no rows", async () => {
    const cache = new UserItemsCache(store);
    const items = (await cache.items("semantic", "ada"))!;
    await flushAccesses(new AccessRecorder(store, { warn: () => {} }, cache, K), K, items);
    const stored = await store.listStoredItems("semantic", "ada");
    const listStoredItems = store.listStoredItems;
    store.listStoredItems = () => Promise.reject(new Error("the entry was read again after the flush"));
    const cached = (await cache.items("semantic", "ada"))!;
    store.listStoredItems = listStoredItems;
    const byId = (rows: StoredMemoryItem[]) => Object.fromEntries(rows.map((row) => [row.id, [row.access_count, row.last_accessed_at]]));
    expect(byId(cached)).toEqual(byId(stored));
    expect(byId(cached).a).toEqual([1, "2024-02-01T00:00:00.000Z"]);
  });
});

describe("compactAfterAccessWrites", () => {
  const open = (compactAfterAccessWrites: unknown) => {
    const embedder = new HashEmbedder();
    return Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder, compactAfterAccessWrites: compactAfterAccessWrites as number });
  };

  it("waits for one access write per ROWS_PER_ACCESS_WRITE rows of a large table before compacting it", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 4 });
    // 500 rows: with K = 2, due after max(2, 500 / 100) = 5 access writes.
    await store.upsertItems("semantic", Array.from({ length: 500 }, (_, index) => item(`r${index}`)));
    const optimize = jest.spyOn(store, "optimize");
    const access = new AccessRecorder(store, { warn: () => {} }, undefined, 2);
    const rows = await store.listItems("semantic", "ada");
    const flushes = async (count: number) => {
      for (let index = 0; index < count; index++) {
        access.noteAccess("ada", [rows[index]!], "2024-02-01T00:00:00.000Z");
        await access.flush({ compact: true });
      }
    };
    await flushes(4);
    expect(optimize).not.toHaveBeenCalled();
    await flushes(1);
    expect(optimize).toHaveBeenCalledTimes(1);
    expect(500 / ROWS_PER_ACCESS_WRITE).toBe(5);
  });

  it("refuses a count that is not a positive integer or Infinity", async () => {
    for (const bad of [0, -1, 1.5, "64", Number.NaN]) await expect(open(bad)).rejects.toBeInstanceOf(ValidationError);
  });

  it("is a no-op on the in-memory store: every flush writes its counts, nothing fails", async () => {
    const warnings: string[] = [];
    const embedder = new HashEmbedder();
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const engram = await Engram.open({ store, embedder, compactAfterAccessWrites: 1, logger: { warn: (message) => warnings.push(message) } });
    await engram.add([{ id: "m1", content: "I work as a nurse at the Santa Maria hospital.", timestamp: "2024-06-03T10:00:00Z" }], { user_id: "ada" });
    for (let index = 0; index < 3; index++) {
      await engram.recall("Where does she work?", { user_id: "ada" });
      await engram.flushAccess();
    }
    const items = [...(await store.listItems("semantic", "ada")), ...(await store.listItems("episodic", "ada"))];
    expect(Math.max(...items.map((entry) => entry.access_count))).toBe(3);
    expect(warnings).toEqual([]);
    await engram.close();
    await expect(open(Number.POSITIVE_INFINITY).then((opened) => opened.close())).resolves.toBeUndefined();
  });
});
