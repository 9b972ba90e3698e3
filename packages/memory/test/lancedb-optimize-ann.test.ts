import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import { sineVector, storedEvent } from "./stored-event";

/**
 * An ANN-indexed table whose indexed rows were all deleted, with fewer than 256 rows added since:
 * LanceDB's compaction trains the index again on those rows and failed ("Not enough rows to train
 * PQ"), so `optimize` threw on every call from then on. The same table left by a forget is
 * `lancedb-purge-ann.test.ts`; a store that did not know of the index is `lancedb-index-state.test.ts`.
 */
const DIMENSIONS = 32;
const vector = (seed: number) => sineVector(seed, DIMENSIONS);
const event = (index: number) => storedEvent({ id: `e${index}`, userId: "kim", text: `event ${index}`, source: `kim:${index}`, vector: vector(index) });

describe("LanceDbMemoryStore.optimize on an ANN-indexed table shrunk below 256 rows", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-optimize-ann-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("drops the index, compacts, and searches the remaining rows exactly", async () => {
    const open = () => LanceDbMemoryStore.open({ path: dir, dimensions: DIMENSIONS, embedderId: "test", annMinUserRows: 0 });
    const store = await open();
    await store.appendNewItems("episodic", Array.from({ length: 256 }, (_, index) => event(index)));
    expect(await store.ensureVectorIndexes({ minRows: 256 })).toEqual(["episodic"]);
    await store.upsertItems("episodic", Array.from({ length: 20 }, (_, index) => event(1000 + index)));
    for (let index = 0; index < 256; index += 1) await store.deleteItem("episodic", "kim", `e${index}`);
    const versions = await store.tableVersion("episodic");

    await store.optimize();

    expect(await store.tableVersion("episodic")).toBeGreaterThan(versions);
    expect(store.vectorIndexedTables()).toEqual([]);
    expect(await store.count("episodic")).toBe(20);
    const hits = await store.vectorSearch("episodic", "kim", vector(1003), { limit: 3 });
    expect(hits[0]).toMatchObject({ item: { id: "e1003" }, score: expect.closeTo(0, 5) });
    await store.close();
    const reopened = await open();
    expect(reopened.vectorIndexedTables()).toEqual([]);
    await reopened.close();
  });
});
