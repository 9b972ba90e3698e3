import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import type { Table as ArrowTable } from "apache-arrow";
import { Engram, HashEmbedder, LanceDbMemoryStore } from "../src/index";
import { emptyLlmUsage } from "../src/models/model-usage";
import { processTableCalls } from "../src/store/table-call-gate";
import { recallRunRow } from "../src/store/usage-stats";
import { deferred, numberedMessages } from "./held-calls";

/**
 * A forget's physical purge (`deleteUser`) against another user's write in flight in the same
 * process: the purge's compaction and prune (`deleteUnverified`) of a table delete every file no
 * version references yet, so they must wait for that write to commit, and writes made meanwhile
 * must wait for them.
 */
const embedder = new HashEmbedder();
const zelda = { user_id: "zelda" };
const bob = { user_id: "bob" };

type Rows = Record<string, unknown>[];

describe("LanceDbMemoryStore.deleteUser and another user's write in flight", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-purge-exclusive-"));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prunes the runs table only after bob's held run rows committed, and a write started during the purge waits for it", async () => {
    const store = await LanceDbMemoryStore.open({ path: dir, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    const engram = await Engram.open({ store, embedder });
    await engram.add(numberedMessages(3), zelda);

    // The LanceDB table class all of the store's tables are: its `add` writes the run rows.
    const probe = await (await lancedb.connect(dir)).openTable("runs");
    const table = Object.getPrototypeOf(probe) as lancedb.Table;
    const add = table.add;
    const optimize = table.optimize;
    const events: string[] = [];
    const bobWriting = deferred();
    const releaseBob = deferred();
    jest.spyOn(table, "add").mockImplementation(async function (this: lancedb.Table, data, options) {
      // Only the runs table's rows are looked at (the store hands each write over as an Arrow table, `toArrowTable`).
      const users = new Set(Array.isArray(data) ? (data as Rows).map((row) => row.user_id) : Array.from((data as ArrowTable).getChild("user_id")?.toArray() ?? []));
      if (this.name === "runs" && users.has("bob")) {
        events.push("bob write started");
        bobWriting.resolve();
        await releaseBob.promise;
      }
      if (this.name === "runs" && users.has("carol")) events.push("carol write started");
      const result = await add.call(this, data, options);
      if (this.name === "runs" && users.has("bob")) events.push("bob write committed");
      return result;
    });
    jest.spyOn(table, "optimize").mockImplementation(async function (this: lancedb.Table, options) {
      if (this.name === "runs" && options?.deleteUnverified) events.push("purge optimizes runs");
      return optimize.call(this, options);
    });
    const exclusive = processTableCalls.exclusive.bind(processTableCalls);
    jest.spyOn(processTableCalls, "exclusive").mockImplementation((key, work) => {
      if (key.endsWith("\u0000runs")) events.push("purge waits for runs");
      return exclusive(key, work);
    });

    const adding = engram.add(numberedMessages(2), bob);
    await bobWriting.promise;
    let forgotten = false;
    const forgetting = engram.forget(zelda).finally(() => (forgotten = true));
    // Until the purge reaches the runs table: waiting there (fixed), or pruning it under bob's write.
    while (!forgotten && !events.includes("purge waits for runs") && !events.includes("purge optimizes runs")) await new Promise((resolve) => setImmediate(resolve));
    const carolWriting = store.appendRuns([recallRunRow({ id: "carol-run", userId: "carol", createdAt: "2024-05-02T10:00:00Z", durationMs: 1, llm: emptyLlmUsage() })]);
    releaseBob.resolve();
    const [added, deleted] = await Promise.all([adding, forgetting, carolWriting]);

    const committed = events.indexOf("bob write committed");
    const pruned = events.lastIndexOf("purge optimizes runs");
    expect(events.indexOf("purge optimizes runs")).toBeGreaterThan(committed);
    expect(events.indexOf("carol write started")).toBeGreaterThan(pruned);
    expect(added.messages.stored).toBe(2);
    expect(deleted.messages).toBe(3);
    expect((await engram.usage(bob)).ingest.runs).toBeGreaterThan(0);
    expect(await store.count("runs", "carol")).toBe(1);
    expect(await store.count("messages", "zelda")).toBe(0);
    await engram.close();
  });

  it("shares one gate between stores opened on one folder through a symlink and through its own path", async () => {
    const link = `${dir}-link`;
    fs.symlinkSync(dir, link);
    const keys: string[] = [];
    const shared = processTableCalls.shared.bind(processTableCalls);
    jest.spyOn(processTableCalls, "shared").mockImplementation((key, work) => {
      keys.push(key);
      return shared(key, work);
    });
    const direct = await LanceDbMemoryStore.open({ path: dir, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    const linked = await LanceDbMemoryStore.open({ path: link, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    try {
      await direct.count("runs");
      await linked.count("runs");
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
    } finally {
      await direct.close();
      await linked.close();
      fs.rmSync(link);
    }
  });
});
