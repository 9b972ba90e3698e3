import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { grepFolder } from "@engram/testing";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import { sineVector, storedEvent } from "./stored-event";

/**
 * A forget that leaves an ANN-indexed table with fewer rows than PQ training needs (256): LanceDB
 * retrains the index when it compacts and failed ("Not enough rows to train PQ"), so the purge
 * stopped with the user's rows deleted but still held by the table's old versions.
 */
const DIMENSIONS = 32;
const FORGOTTEN_WORD = "Wombatquixotry";
const vector = (seed: number) => sineVector(seed, DIMENSIONS);
const event = (userId: string, index: number, word: string) =>
  storedEvent({ id: `${userId}-${index}`, userId, text: `${word} event ${index}`, source: `${userId}:${index}`, vector: vector(userId.length * 1000 + index) });

describe("LanceDbMemoryStore.deleteUser on an ANN-indexed table left small", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-purge-ann-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("completes, drops the index (searches go exact) and leaves no file holding the user's rows", async () => {
    const open = () => LanceDbMemoryStore.open({ path: dir, dimensions: DIMENSIONS, embedderId: "test", annMinUserRows: 0 });
    const store = await open();
    await store.appendNewItems("episodic", [
      ...Array.from({ length: 300 }, (_, index) => event("zelda", index, FORGOTTEN_WORD)),
      ...Array.from({ length: 30 }, (_, index) => event("kim", index, "Kim")),
    ]);
    expect(await store.ensureVectorIndexes({ minRows: 256 })).toEqual(["episodic"]);
    expect(grepFolder(dir, FORGOTTEN_WORD).length).toBeGreaterThan(0);

    expect((await store.deleteUser("zelda")).episodic).toBe(300);

    expect(grepFolder(dir, FORGOTTEN_WORD)).toEqual([]);
    expect(store.vectorIndexedTables()).toEqual([]);
    expect(await store.explainVectorSearch("episodic", "kim", vector(5), { limit: 5 })).not.toContain("ANN");
    expect(await store.vectorSearch("episodic", "kim", vector(5), { limit: 5 })).toHaveLength(5);
    expect(await store.count("episodic", "kim")).toBe(30);
    await store.close();
    const reopened = await open();
    expect(reopened.vectorIndexedTables()).toEqual([]);
    await reopened.close();
  });
});
