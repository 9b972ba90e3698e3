import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { LanceDbMemoryStore, type StoredMemoryItem } from "../src/store/lancedb-memory-store";
import { cosineDistance } from "../src/store/cosine-distance";

const DIMENSIONS = 32;

/** A deterministic pseudo-random unit-free vector (xorshift), so the test needs no embedder. */
function vectorOf(seed: number): number[] {
  let state = seed * 2654435761 + 1;
  return Array.from({ length: DIMENSIONS }, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 2000) / 1000 - 1;
  });
}

function episodic(userId: string, index: number): StoredMemoryItem {
  const at = "2024-01-01T00:00:00.000Z";
  return {
    type: "episodic",
    id: `${userId}-${index}`,
    user_id: userId,
    agent_id: "engram",
    session_id: "",
    text: `${userId} event ${index}`,
    created_at: at,
    updated_at: at,
    valid_from: at,
    valid_to: null,
    sources: [`${userId}:${index}`],
    importance: 0.5,
    access_count: 0,
    last_accessed_at: null,
    key: "",
    occurred_at: at,
    occurred_precision: "day",
    occurred_end: null,
    event_type: "event",
    actor: userId,
    summary: "",
    details: "",
    vector: vectorOf(userId.length * 100_003 + index),
  };
}

const items = (userId: string, from: number, count: number) => Array.from({ length: count }, (_, index) => episodic(userId, from + index));
const usesAnnIndex = (plan: string) => /ANNSubIndex|ANNIvfPartition/.test(plan);

describe("LanceDB vector search routing and scalar indexes", () => {
  let folder: string;
  const open = (annMinUserRows?: number) => LanceDbMemoryStore.open({ path: folder, dimensions: DIMENSIONS, embedderId: "test", annMinUserRows });
  const query = vectorOf(7);

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "engram-ann-routing-"));
    const store = await open();
    // A large user (400 rows) and a small one (30 rows) in one table of 430 rows.
    await store.appendNewItems("episodic", [...items("large", 0, 400), ...items("small", 0, 30)]);
    expect(await store.ensureVectorIndexes({ minRows: 1000 })).toEqual([]);
    expect(store.scalarIndexedTables()).toEqual([]);
    expect(await store.ensureVectorIndexes({ minRows: 300 })).toEqual(["episodic"]);
    await store.close();
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("builds BTREE indexes on user_id and id beside the ANN index, found again on reopen", async () => {
    const store = await open();
    try {
      expect(store.vectorIndexedTables()).toEqual(["episodic"]);
      expect(store.scalarIndexedTables()).toEqual(["episodic"]);
      const plan = await store.explainVectorSearch("episodic", "small", query, { limit: 5 });
      // The user's rows are found through the BTREE index on user_id, not by scanning the column.
      expect(plan).toMatch(/ScalarIndexQuery: query=\[user_id = small\]@user_id_idx\(BTree\)/);
    } finally {
      await store.close();
    }
  });

  it("searches a user below annMinUserRows exactly and a user above it through the index", async () => {
    const store = await open(100);
    try {
      expect(usesAnnIndex(await store.explainVectorSearch("episodic", "small", query, { limit: 5 }))).toBe(false);
      expect(usesAnnIndex(await store.explainVectorSearch("episodic", "large", query, { limit: 5 }))).toBe(true);
      const hits = await store.vectorSearch("episodic", "small", query, { limit: 5 });
      const exact = items("small", 0, 30)
        .map((item) => ({ id: item.id, distance: cosineDistance(query, item.vector) }))
        .sort((a, b) => a.distance - b.distance)
        .slice(0, 5);
      expect(hits.map((hit) => hit.item.id)).toEqual(exact.map((entry) => entry.id));
      expect(hits.map((hit) => hit.score)).toEqual(exact.map((entry) => expect.closeTo(entry.distance, 4)));
    } finally {
      await store.close();
    }
  });

  it("uses the index for every user with annMinUserRows 0 and for none with Infinity", async () => {
    const always = await open(0);
    try {
      expect(usesAnnIndex(await always.explainVectorSearch("episodic", "small", query, { limit: 5 }))).toBe(true);
    } finally {
      await always.close();
    }
    const never = await open(Number.POSITIVE_INFINITY);
    try {
      expect(usesAnnIndex(await never.explainVectorSearch("episodic", "large", query, { limit: 5 }))).toBe(false);
    } finally {
      await never.close();
    }
  });

  it("moves a user to the index once a commit takes its rows past annMinUserRows", async () => {
    const store = await open(40);
    try {
      expect(usesAnnIndex(await store.explainVectorSearch("episodic", "small", query, { limit: 5 }))).toBe(false);
      await store.upsertItems("episodic", items("small", 30, 20));
      expect(await store.count("episodic", "small")).toBe(50);
      expect(usesAnnIndex(await store.explainVectorSearch("episodic", "small", query, { limit: 5 }))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("optimize adds rows written after the BTREE indexes to them", async () => {
    const store = await open();
    const connection = await lancedb.connect(folder, { readConsistencyInterval: 0 });
    const table = await connection.openTable("episodic");
    try {
      const unindexed = async (name: string) => (await table.indexStats(name))?.numUnindexedRows;
      const before = await unindexed("user_id_idx");
      await store.appendNewItems("episodic", items("late", 0, 10));
      for (const name of ["user_id_idx", "id_idx"]) expect(await unindexed(name)).toBe(before! + 10);
      await store.optimize();
      for (const name of ["user_id_idx", "id_idx"]) expect(await table.indexStats(name)).toMatchObject({ numUnindexedRows: 0, indexType: "BTREE" });
    } finally {
      table.close();
      connection.close();
      await store.close();
    }
  });

  it("refuses a negative annMinUserRows", async () => {
    await expect(open(-1)).rejects.toMatchObject({ name: "ValidationError" });
  });
});
