import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engram, HashEmbedder, type MessageInput } from "../src/index";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import { storedEvent } from "./stored-event";
import { fact, scriptedPolicy } from "./scripted-policy";

/**
 * `vectorSearch` with `maxDistance` through the ANN index: LanceDB 0.39 applies `distanceRange` to
 * the PQ-compressed distances inside the index, before the exact re-rank, so a bound of 0.02 missed
 * items identical to the query, and reconciliation's duplicate check added repeated facts again
 * (the second test gave ADD 18 / MERGE 2). The bound now filters the re-ranked hits.
 */
const DIMENSIONS = 64;
const ROWS = 1_200;
let seed = 7;
/** A linear congruential generator: the same vectors on every run. */
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
};
const vectors = Array.from({ length: ROWS }, () => Array.from({ length: DIMENSIONS }, random));
const event = (index: number) => storedEvent({ id: `e${index}`, userId: "kim", text: `event ${index}`, source: `kim:${index}`, vector: vectors[index]! });

describe("LanceDbMemoryStore.vectorSearch with maxDistance on the ANN route", () => {
  let dir: string;
  let store: LanceDbMemoryStore;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-ann-max-distance-"));
    store = await LanceDbMemoryStore.open({ path: dir, dimensions: DIMENSIONS, embedderId: "test", annMinUserRows: 0 });
    await store.appendNewItems("episodic", vectors.map((_, index) => event(index)));
    expect(await store.ensureVectorIndexes({ minRows: 256 })).toEqual(["episodic"]);
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds a stored item identical to the query, and only hits closer than the bound", async () => {
    expect(await store.explainVectorSearch("episodic", "kim", vectors[0]!, { limit: 10, maxDistance: 0.02 })).toMatch(/ANNSubIndex|ANNIvfPartition/);
    for (const index of [0, 1, 2, 3, 4, 500, 1_000, ROWS - 1]) {
      const hits = await store.vectorSearch("episodic", "kim", vectors[index]!, { limit: 10, maxDistance: 0.02 });
      expect(hits.map((hit) => hit.item.id)).toEqual([`e${index}`]);
      expect(hits[0]!.score).toBeCloseTo(0, 5);
    }
    const wide = await store.vectorSearch("episodic", "kim", vectors[0]!, { limit: 10, maxDistance: 0.9 });
    expect(wide[0]!.item.id).toBe("e0");
    expect(wide.every((hit) => hit.score < 0.9)).toBe(true);
  });
});

describe("reconciliation of repeated facts on an ANN-indexed table", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-ann-repeat-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("merges each repeat of a stored fact (the store's duplicate search, past the in-process cache)", async () => {
    const embedder = new HashEmbedder();
    const words = ["apple", "river", "violin", "garden", "Paris", "tennis", "novel", "piano", "coffee", "mountain", "sailing", "chess"];
    const facts = Array.from({ length: ROWS }, (_, index) => `Ada likes ${words[index % 12]} and ${words[(index * 7 + 3) % 12]} number ${index}.`);
    const message = (index: number, content: string): MessageInput => ({ id: `m${index}`, role: "user", speaker: "Ada", content, timestamp: "2024-05-01T10:00:00Z" });
    const open = () => LanceDbMemoryStore.open({ path: dir, dimensions: embedder.dimensions, embedderId: embedder.modelId, annMinUserRows: 0 });
    const policy = scriptedPolicy((messages) => messages.map((stored) => fact(stored, stored.content)));
    // Stored through the in-process cache (quicker), repeated past it: the store's search decides.
    const loader = await Engram.open({ store: await open(), embedder, policy, annIndexAfterRows: 256 });
    await loader.add(facts.map((text, index) => message(index, text)), { user_id: "ada" }, { batchSize: ROWS });
    await loader.close();
    const store = await open();
    expect(store.vectorIndexedTables()).toContain("semantic");
    const engram = await Engram.open({ store, embedder, policy, annIndexAfterRows: 256, inProcessSearchMaxRows: 0 });

    const again = await engram.add(facts.slice(0, 20).map((text, index) => message(50_000 + index, text)), { user_id: "ada" }, { batchSize: 20 });

    expect(again.actions).toMatchObject({ ADD: 0, MERGE: 20 });
    await engram.close();
  });
});
