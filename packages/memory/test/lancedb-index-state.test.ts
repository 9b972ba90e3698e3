import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import { sineVector, storedEvent } from "./stored-event";

/**
 * Two stores opened on one folder (two processes, or a CLI beside an app): each read the tables'
 * indexes when it opened, and one builds or drops the ANN index after the other opened.
 */
const DIMENSIONS = 32;
const vector = (seed: number) => sineVector(seed, DIMENSIONS);
const event = (userId: string, index: number) =>
  storedEvent({ id: `${userId}-${index}`, userId, text: `event ${index}`, source: `${userId}:${index}`, vector: vector(userId.length * 1000 + index) });
const events = (userId: string, count: number) => Array.from({ length: count }, (_, index) => event(userId, index));

/** Each test's store folder. */
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-index-state-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("LanceDbMemoryStore index state read by another store on the folder", () => {
  const open = () => LanceDbMemoryStore.open({ path: dir, dimensions: DIMENSIONS, embedderId: "test", annMinUserRows: 0 });
  /** The names and creation of the folder's vector indexes, read by a connection of the test's own. */
  const vectorIndexes = async () => {
    const connection = await lancedb.connect(dir);
    const table = await connection.openTable("episodic");
    try {
      const names = (await table.listIndices()).filter((index) => index.columns.includes("vector")).map((index) => index.name);
      return await Promise.all(names.map(async (name) => ({ name, stats: await table.indexStats(name) })));
    } finally {
      table.close();
      connection.close();
    }
  };

  it("forgets a user down to a small table although it opened before the other store built the index", async () => {
    const builder = await open();
    const forgetter = await open();
    await builder.appendNewItems("episodic", [...events("zelda", 300), ...events("kim", 30)]);
    expect(await builder.ensureVectorIndexes({ minRows: 256 })).toEqual(["episodic"]);
    expect(forgetter.vectorIndexedTables()).toEqual([]);

    expect((await forgetter.deleteUser("zelda")).episodic).toBe(300);
    await forgetter.optimize();

    expect(await vectorIndexes()).toEqual([]);
    await Promise.all([builder.close(), forgetter.close()]);
  });

  it("does not build again an index the other store built, and builds one the other store dropped", async () => {
    const first = await open();
    const second = await open();
    await first.appendNewItems("episodic", [...events("zelda", 300), ...events("kim", 30)]);
    expect(await first.ensureVectorIndexes({ minRows: 256 })).toEqual(["episodic"]);
    const built = await vectorIndexes();

    expect(await second.ensureVectorIndexes({ minRows: 256 })).toEqual([]);
    expect(await vectorIndexes()).toEqual(built);
    expect(second.vectorIndexedTables()).toEqual(["episodic"]);

    await first.deleteUser("zelda");
    expect(await vectorIndexes()).toEqual([]);
    // `second` still routes searches through the index it believes in: LanceDB then compares every row (the same hits as exact).
    expect(second.vectorIndexedTables()).toEqual(["episodic"]);
    const hits = await second.vectorSearch("episodic", "kim", vector(5), { limit: 5 });
    expect(hits).toEqual(await first.vectorSearch("episodic", "kim", vector(5), { limit: 5 }));
    expect(await second.explainVectorSearch("episodic", "kim", vector(5), { limit: 5 })).toContain("KNNVectorDistance");

    await second.appendNewItems("episodic", events("zoe", 300));
    expect(await second.ensureVectorIndexes({ minRows: 256 })).toEqual(["episodic"]);
    expect(await vectorIndexes()).toHaveLength(1);
    await Promise.all([first.close(), second.close()]);
  });
});

describe("LanceDbMemoryStore full-text index of a new store", () => {
  it("is built when the tables are created, once though two stores create them together, and finds the first write's rows before any optimize", async () => {
    const [first, second] = await Promise.all([0, 1].map(() => LanceDbMemoryStore.open({ path: dir, dimensions: DIMENSIONS, embedderId: "test" })));
    const connection = await lancedb.connect(dir);
    for (const type of ["core", "episodic", "semantic", "procedural", "resource", "knowledge_vault"]) {
      const table = await connection.openTable(type);
      const textIndexes = (await table.listIndices()).filter((index) => index.columns.includes("text"));
      expect([type, textIndexes.length]).toEqual([type, 1]);
      table.close();
    }
    connection.close();

    await first!.upsertItems("episodic", [storedEvent({ id: "e1", userId: "ada", text: "Ada ran a charity race", source: "m1", vector: vector(1) })]);
    expect((await second!.textSearch("episodic", "ada", "charity", { limit: 5 })).map((hit) => hit.item.id)).toEqual(["e1"]);
    await Promise.all([first!.close(), second!.close()]);
  });
});
