import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import { sineVector, storedEvent } from "./stored-event";

const DIMENSIONS = 16;
const event = (id: string, text: string) => storedEvent({ id, userId: "ada", text, source: `m-${id}`, vector: sineVector(id.length, DIMENSIONS) });

describe("LanceDbMemoryStore.upsertItems with newIds", () => {
  let dir: string;
  let store: LanceDbMemoryStore;
  /** How many stored rows of the episodic table have `id`, read by a connection of the test's own. */
  const rowsWithId = async (id: string) => {
    const connection = await lancedb.connect(dir);
    const table = await connection.openTable("episodic");
    try {
      return await table.countRows(`id = '${id}'`);
    } finally {
      table.close();
      connection.close();
    }
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-upsert-append-"));
    store = await LanceDbMemoryStore.open({ path: dir, dimensions: DIMENSIONS, embedderId: "test" });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("appends, in one commit, rows whose ids are all listed new: nothing matches them against the table", async () => {
    await store.upsertItems("episodic", [event("e1", "Ada ran a race")]);
    const before = await store.tableVersion("episodic");
    await store.upsertItems("episodic", [event("e2", "Ada baked bread"), event("e3", "Ada met Bo")], { newIds: new Set(["e2", "e3"]) });
    expect(await store.tableVersion("episodic")).toBe(before + 1);
    expect((await store.listItems("episodic", "ada")).map((item) => item.id).sort()).toEqual(["e1", "e2", "e3"]);
    // The append is real: an id listed new wrongly is not matched, and gives a second row (the documented misuse).
    await store.upsertItems("episodic", [event("e1", "Ada ran a longer race")], { newIds: new Set(["e1"]) });
    expect(await rowsWithId("e1")).toBe(2);
  });

  it("merges when one id is not listed new: a stored row is replaced, not repeated", async () => {
    await store.upsertItems("episodic", [event("e1", "Ada ran a race")]);
    await store.upsertItems("episodic", [event("e1", "Ada ran a longer race"), event("e2", "Ada baked bread")], { newIds: new Set(["e2"]) });
    expect(await rowsWithId("e1")).toBe(1);
    expect((await store.getItem("ada", "e1"))?.text).toBe("Ada ran a longer race");
    expect((await store.listItems("episodic", "ada")).map((item) => item.id).sort()).toEqual(["e1", "e2"]);
  });
});
