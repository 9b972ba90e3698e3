import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conformanceEntity, conformanceItem, conformanceRelation } from "@engram/testing";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import fc from "fast-check";
import { bm25Scores, bm25Terms } from "../src/store/bm25";
import { searchItemsByVector } from "../src/recall/search-items-by-vector";
import { UserItemsCache, type VersionedMemoryStore } from "../src/recall/user-items-cache";
import type { StoredMemoryItem } from "../src/store/memory-store";

function item(id: string, text: string, vector: number[]): StoredMemoryItem {
  return { ...conformanceItem({ id, user_id: "ada", type: "semantic", text }), vector } as unknown as StoredMemoryItem;
}

/** A versioned store of one table and one user that counts its row reads. */
function fakeStore(rows: StoredMemoryItem[]) {
  const state = { version: 1, reads: 0, versionReads: 0 };
  const store = {
    tableVersion: async () => {
      state.versionReads += 1;
      return state.version;
    },
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

  it("reads each table's version once in a pinned view, shares the entries, and sees a later commit in the next view", async () => {
    const { store, state } = fakeStore(rows);
    const cache = new UserItemsCache(store);
    const view = cache.pinVersions(["semantic", "episodic"]);
    expect(state.versionReads).toBe(2); // both read at once
    expect((await view.items("semantic", "ada"))!.map((entry) => entry.id)).toEqual(["a", "b", "c"]);
    expect(state.versionReads).toBe(3); // a load checks the version once more after its rows
    await view.items("semantic", "ada");
    await view.items("semantic", "ada");
    expect(state.versionReads).toBe(3);
    expect(state.reads).toBe(1);
    await cache.items("semantic", "ada"); // the view filled the cache's own entry
    expect(state.reads).toBe(1);
    state.version = 2;
    expect(await view.items("semantic", "ada")).toHaveLength(3);
    expect(state.reads).toBe(1); // pinned: the commit is the next view's
    await cache.pinVersions([]).items("semantic", "ada");
    expect(state.reads).toBe(2);
  });

  it("never applies a write twice to an entry a pinned view loaded after that write committed", async () => {
    const { store, state } = fakeStore(rows);
    const cache = new UserItemsCache(store);
    const view = cache.pinVersions(["semantic"]); // pinned at version 1
    state.version = 2; // this process's access write commits; the rows read next already hold it
    await view.items("semantic", "ada");
    await cache.afterWrite("semantic", "ada", (items) => items.map((entry) => ({ ...entry, access_count: entry.access_count + 1 })));
    expect((await cache.items("semantic", "ada"))!.map((entry) => entry.access_count)).toEqual(rows.map((row) => row.access_count));
  });

  it("counts a too-large user once for concurrent reads, and not again after this process's own write", async () => {
    const { store, state } = fakeStore(rows);
    let counts = 0;
    (store as unknown as { count: () => Promise<number> }).count = async () => {
      counts += 1;
      return rows.length;
    };
    const cache = new UserItemsCache(store, { maxRowsPerTable: 2 });
    expect(await Promise.all([cache.items("semantic", "ada"), cache.items("semantic", "ada"), cache.items("semantic", "ada")])).toEqual([null, null, null]);
    expect(counts).toBe(1);
    await cache.whileWriting("semantic", "ada", async () => {
      state.version += 1; // e.g. access counts: one commit by this process
      await cache.afterWrite("semantic", "ada", (items) => items);
    });
    expect(await cache.items("semantic", "ada")).toBeNull();
    expect(counts).toBe(1);
    state.version += 1; // another writer's commit: counted again
    expect(await cache.items("semantic", "ada")).toBeNull();
    expect(counts).toBe(2);
    expect(state.reads).toBe(0);
  });

  it("indexes a list's BM25 corpus once, keeps it across an access-count write, and re-indexes after a text changes", async () => {
    const { store, state } = fakeStore(rows);
    const cache = new UserItemsCache(store);
    const before = (await cache.items("semantic", "ada"))!;
    const corpus = cache.itemsCorpus(before);
    expect(cache.itemsCorpus(before)).toBe(corpus); // hit
    const search = (items: StoredMemoryItem[]) => cache.searchText(items, "parrot chess sails", { limit: 10, keep: () => true }).map((hit) => ({ id: hit.item.id, score: hit.score }));
    // BM25 over the texts, scanned afresh.
    const scanned = (items: StoredMemoryItem[]) =>
      bm25Scores("parrot chess sails", items.map((entry) => bm25Terms(entry.text)))
        .map((score, index) => ({ id: items[index]!.id, score }))
        .filter(({ score }) => score > 0)
        .sort((a, b) => b.score - a.score);
    const scores = search(before);
    expect(scores).toEqual(scanned(before));
    state.version += 1; // this process's access counts
    await cache.afterWrite("semantic", "ada", (items) => items.map((entry) => ({ ...entry, access_count: entry.access_count + 1 })));
    const counted = (await cache.items("semantic", "ada"))!;
    expect(counted).not.toBe(before);
    expect(cache.itemsCorpus(counted)).toBe(corpus); // same texts: kept
    expect(search(counted)).toEqual(scores);
    state.version += 1; // this process rewrites a text
    await cache.afterWrite("semantic", "ada", (items) => items.map((entry) => (entry.id === "c" ? { ...entry, text: "Bob plays chess" } : entry)));
    const rewritten = (await cache.items("semantic", "ada"))!;
    expect(cache.itemsCorpus(rewritten)).not.toBe(corpus);
    expect(search(rewritten)).toEqual(scanned(rewritten));
    expect(search(rewritten).map((hit) => hit.id)).toContain("c");
    expect(state.reads).toBe(1);
  });

  it("gives the exact cosine distances of a full scan, bit for bit, for sparse and dense queries", () => {
    const vectorOf = (length: number) => fc.array(fc.oneof(fc.constant(0), fc.double({ min: -4, max: 4, noNaN: true })), { minLength: length, maxLength: length });
    fc.assert(
      fc.property(vectorOf(8), fc.array(vectorOf(8), { minLength: 1, maxLength: 12 }), (query, vectors) => {
        const items = vectors.map((vector, index) => item(`i${index}`, "x", vector));
        const plainDot = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);
        const expected = vectors.map((vector) => {
          const norms = Math.sqrt(plainDot(query, query)) * Math.sqrt(plainDot(vector, vector));
          return norms === 0 ? 1 : 1 - plainDot(query, vector) / norms;
        });
        const hits = searchItemsByVector(items, query, { limit: vectors.length, keep: () => true });
        for (const hit of hits) expect(Object.is(hit.score, expected[Number(hit.item.id.slice(1))])).toBe(true);
      }),
    );
  });

  it("drops a forgotten user's entries (the next read goes to the store) and keeps the other users'", async () => {
    const { store, state } = fakeStore(rows);
    const cache = new UserItemsCache(store);
    await cache.items("semantic", "ada");
    await cache.items("semantic", "bob");
    expect(state.reads).toBe(2);
    cache.dropUser("ada");
    await cache.items("semantic", "bob");
    expect(state.reads).toBe(2);
    await cache.items("semantic", "ada");
    expect(state.reads).toBe(3);
  });

  it("keeps no entry from a read that was under way when its user was dropped", async () => {
    const { store, state } = fakeStore(rows);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const list = store.listStoredItems.bind(store);
    store.listStoredItems = (async (...args: Parameters<typeof list>) => {
      const listed = await list(...args);
      await held;
      return listed;
    }) as typeof list;
    const cache = new UserItemsCache(store);
    const reading = cache.items("semantic", "ada");
    while (state.reads === 0) await new Promise((resolve) => setImmediate(resolve));
    cache.dropUser("ada");
    release();
    expect(await reading).toHaveLength(3);
    // The read's rows went to its caller alone: the next read goes to the store again.
    await cache.items("semantic", "ada");
    expect(state.reads).toBe(2);
  });

  it("keeps serving reads after a failed write", async () => {
    const { store, state } = fakeStore(rows);
    const cache = new UserItemsCache(store);
    await expect(cache.whileWriting("semantic", "ada", async () => Promise.reject(new Error("disk full")))).rejects.toThrow("disk full");
    expect(await cache.items("semantic", "ada")).toHaveLength(3);
    expect(state.reads).toBe(1);
  });
});

const T0 = "2024-01-01T00:00:00.000Z";

describe("UserItemsCache over LanceDB: graph rows and messages", () => {
  let folder: string;
  let store: LanceDbMemoryStore;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "engram-items-cache-"));
    store = await LanceDbMemoryStore.open({ path: folder, dimensions: 4, embedderId: "test-4" });
  });

  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("reads graph rows once per table version and sees this or another writer's commit on the next read", async () => {
    await store.upsertGraphRows("entities", [conformanceEntity({ id: "e1", user_id: "ada", name: "Melanie" })] as never[]);
    const reads = jest.spyOn(store, "listGraphRows");
    const cache = new UserItemsCache(store);
    const first = (await cache.graphRows("entities", "ada"))!;
    expect(first.map((row) => row.name)).toEqual(["Melanie"]);
    expect(await cache.graphRows("entities", "ada")).toBe(first);
    expect(reads).toHaveBeenCalledTimes(1);
    await store.upsertGraphRows("entities", [conformanceEntity({ id: "e1", user_id: "ada", name: "Mel" }), conformanceEntity({ id: "e2", user_id: "ada", name: "Caroline" })] as never[]);
    expect((await cache.graphRows("entities", "ada"))!.map((row) => row.name).sort()).toEqual(["Caroline", "Mel"]);
    expect(reads).toHaveBeenCalledTimes(2);
    expect(await cache.graphRows("relations", "ada")).toEqual([]);
    reads.mockRestore();
  });

  it("applies this process's own graph write to the entry (no reload), and drops it after another commit in between", async () => {
    await store.upsertGraphRows("entities", [conformanceEntity({ id: "w1", user_id: "wes", name: "Melanie" })] as never[]);
    const cache = new UserItemsCache(store);
    await cache.graphRows("entities", "wes");
    const reads = jest.spyOn(store, "listGraphRows");
    const written = [conformanceEntity({ id: "w1", user_id: "wes", name: "Mel" }), { ...conformanceEntity({ id: "w2", user_id: "wes", name: "Caroline" }), vector: [0.1, 0.2, 0.3, 0.4] }] as never[];
    await store.upsertGraphRows("entities", written);
    await cache.afterGraphWrite("entities", "wes", written);
    const rows = (await cache.graphRows("entities", "wes"))!;
    expect(reads).not.toHaveBeenCalled();
    expect(rows).toEqual(await store.listGraphRows("entities", "wes"));
    expect(rows[1]!.vector).toEqual(Array.from(Float32Array.from([0.1, 0.2, 0.3, 0.4])));
    reads.mockClear();
    const third = [conformanceEntity({ id: "w3", user_id: "wes", name: "Jon" })] as never[];
    await store.upsertGraphRows("entities", [conformanceEntity({ id: "w4", user_id: "wes", name: "Gina" })] as never[]);
    await store.upsertGraphRows("entities", third);
    await cache.afterGraphWrite("entities", "wes", third);
    expect((await cache.graphRows("entities", "wes"))!.map((row) => row.name).sort()).toEqual(["Caroline", "Gina", "Jon", "Mel"]);
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
  });

  it("gives null (not cached) past maxRowsPerTable, and keeps users apart", async () => {
    await store.upsertGraphRows("relations", [conformanceRelation({ id: "r1", user_id: "bob" }), conformanceRelation({ id: "r2", user_id: "bob" })] as never[]);
    const cache = new UserItemsCache(store, { maxRowsPerTable: 1 });
    expect(await cache.graphRows("relations", "bob")).toBeNull();
    expect(await cache.graphRows("relations", "ada")).toEqual([]);
  });

  it("reloads a user's messages after a commit to the messages table", async () => {
    const message = (id: string, seq: number) => ({ id, user_id: "ada", agent_id: "a", session_id: "s1", role: "user", speaker: "Ada", content: `hello ${id}`, timestamp: T0, image_caption: "", image_url: "", ingested_at: T0, seq, processed_at: null, error: null });
    await store.putMessages([message("m1", 0)] as never[]);
    const cache = new UserItemsCache(store);
    expect((await cache.messages("ada"))!.map((entry) => [entry.id, entry.seq])).toEqual([["m1", 0]]);
    await store.putMessages([message("m2", 1)] as never[]);
    expect((await cache.messages("ada"))!.map((entry) => [entry.id, entry.seq])).toEqual([
      ["m1", 0],
      ["m2", 1],
    ]);
  });
});
