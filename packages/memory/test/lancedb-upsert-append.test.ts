import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import { normalizeMessages } from "../src/ingest/normalize-messages";
import { InMemoryMemoryStore } from "../src/store/in-memory-memory-store";
import type { PutMessagesOptions } from "../src/store/memory-store";
import { sineVector, storedEvent } from "./stored-event";
import { storedMessage } from "./stored-message";

const DIMENSIONS = 16;
const event = (id: string, text: string) => storedEvent({ id, userId: "ada", text, source: `m-${id}`, vector: sineVector(id.length, DIMENSIONS) });

describe("LanceDbMemoryStore writes with newIds", () => {
  let dir: string;
  let store: LanceDbMemoryStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-upsert-append-"));
    store = await LanceDbMemoryStore.open({ path: dir, dimensions: DIMENSIONS, embedderId: "test" });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("upsertItems", () => {
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

  describe("putMessages", () => {
    const message = (id: string, content: string) => storedMessage({ id, content, user_id: "ada" });

    it("appends messages whose ids are all listed new, and merges otherwise: a stored message is left as it is", async () => {
      await store.putMessages([message("m1", "first")]);
      await store.putMessages([message("m1", "first again"), message("m2", "second")], { newIds: new Set(["m2"]) });
      expect((await store.listMessages("ada", { reveal: true })).map((stored) => [stored.id, stored.content])).toEqual([
        ["m1", "first"],
        ["m2", "second"],
      ]);
      // The append is real: an id listed new wrongly gives a second row (the documented misuse).
      await store.putMessages([message("m1", "first, appended")], { newIds: new Set(["m1"]) });
      expect((await store.listMessages("ada", { reveal: true })).filter((stored) => stored.id === "m1")).toHaveLength(2);
    });
  });
});

describe("normalizeMessages", () => {
  /** A store that records the options of each putMessages call. */
  const recordingStore = () => {
    const store = new InMemoryMemoryStore({ dimensions: DIMENSIONS });
    const calls: (PutMessagesOptions | undefined)[] = [];
    const put = store.putMessages.bind(store);
    store.putMessages = (messages, options) => {
      calls.push(options);
      return put(messages, options);
    };
    return { store, calls };
  };
  const deps = { now: () => "2023-05-08T13:56:00.000Z", newId: () => "generated" };

  it("lists as new only the ids it read absent when the caller holds the write lock, and none otherwise", async () => {
    const { store, calls } = recordingStore();
    await store.putMessages([message("m1")]);
    const input = [
      { id: "m1", role: "user" as const, content: "again" },
      { id: "m2", role: "user" as const, content: "new" },
    ];
    await normalizeMessages(input, { user_id: "ada", agent_id: "engram" }, { store, ...deps, writeLockHeld: true });
    expect([...(calls[1]?.newIds ?? [])]).toEqual(["m2"]);
    await normalizeMessages([{ id: "m3", role: "user", content: "newer" }], { user_id: "ada", agent_id: "engram" }, { store, ...deps });
    expect(calls[2]).toBeUndefined();
  });

  function message(id: string) {
    return storedMessage({ id, content: "stored", user_id: "ada" });
  }
});
