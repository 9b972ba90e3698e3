import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { Engram, HashEmbedder, InMemoryMemoryStore, LanceDbMemoryStore, MEMORY_TYPES, parseJsonlMessages, type Candidate, type MemoryStore, type MessageInput, type StoredMessage } from "../src/index";
import { fact, scriptedPolicy } from "./scripted-policy";

/**
 * `Engram.add` buffers a call's writes across its batches and commits them once
 * (`ingest/ingest-write-buffer.ts`): what is stored must be what batch-by-batch commits stored, and
 * a failure must leave a defined state.
 */
const embedder = new HashEmbedder();
const demo = parseJsonlMessages(readFileSync(join(__dirname, "../../../examples/demo-conversation.jsonl"), "utf8")).messages.map(({ message }) => message);
const numbered = (count: number, text: (index: number) => string): MessageInput[] =>
  Array.from({ length: count }, (_, index) => ({ id: `m${index + 1}`, role: "user", speaker: "Ada", content: text(index + 1), timestamp: "2024-05-02T10:00:00Z" }));
/** One fact per message; facts repeat every 7 messages, so later batches merge into earlier batches' items. */
const repeating = (index: number) => `Ada's note number ${index % 7} is about the garden.`;

/** Every memory item, graph row and history event of `ada`, as sorted lines (ids and times left out). */
async function dump(store: MemoryStore): Promise<string[]> {
  const lines: string[] = [];
  for (const type of MEMORY_TYPES) {
    for (const item of await store.listItems(type, "ada")) lines.push(`${type}\t${item.text}\t${[...item.sources].sort().join(",")}\t${item.valid_to === null ? "valid" : "invalid"}`);
  }
  for (const table of ["entities", "relations"] as const) {
    for (const row of await store.listGraphRows(table, "ada")) lines.push(`${table}\t${"text" in row ? row.text : row.name}\t${[...row.sources].sort().join(",")}\t${row.valid_to === null ? "valid" : "invalid"}`);
  }
  for (const row of await store.listHistory("ada")) lines.push(`history\t${row.memory_type}\t${row.event}\t${[...row.sources].sort().join(",")}`);
  return lines.sort();
}

/** The ingest commit's clock (`performance.now()`), frozen until `tick(ms)`: a policy's draft moves it, so commits come where a test says. */
function commitClock(): { tick(ms: number): void } {
  let now = 0;
  jest.spyOn(performance, "now").mockImplementation(() => now);
  return { tick: (ms) => (now += ms) };
}

/** `store` with its first `upsertItems` failing ("disk full"), later ones written. */
function failFirstUpsert(store: MemoryStore): void {
  const upsert = store.upsertItems.bind(store);
  let failures = 1;
  store.upsertItems = async (type, items, options) => {
    if (failures-- > 0) throw new Error("disk full");
    return upsert(type, items, options);
  };
}

/** `policy` with each drafted batch moving the commit clock `ms` on. */
function ticking<P extends { draft(messages: StoredMessage[]): Promise<unknown> }>(policy: P, clock: { tick(ms: number): void }, ms: number): P {
  return {
    ...policy,
    draft: (messages: StoredMessage[]) => {
      clock.tick(ms);
      return policy.draft(messages);
    },
  };
}

describe("buffered ingest writes", () => {
  let folder: string;
  let store: LanceDbMemoryStore;
  /** Frozen for every test: commits come at the end, at 1,000 messages or the cache's row limit, or where a test ticks it past 2 s. */
  let clock: { tick(ms: number): void };
  beforeEach(async () => {
    clock = commitClock();
    folder = mkdtempSync(join(tmpdir(), "engram-buffered-"));
    store = await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(folder, { recursive: true, force: true });
  });

  it("stores the same memories, graph and history as batch-by-batch commits, all visible when add resolves", async () => {
    // LanceDB with the in-process cache: later batches read earlier ones from the buffer. The
    // in-memory store has no cache: each batch commits the earlier ones before it reads.
    const buffered = await Engram.open({ store, embedder });
    const result = await buffered.add(demo, { user_id: "ada" }, { batchSize: 5 });
    const reference = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const unbuffered = await Engram.open({ store: reference, embedder });
    await unbuffered.add(demo, { user_id: "ada" }, { batchSize: 5 });

    expect(result.actions.ADD).toBeGreaterThan(20);
    expect(await dump(store)).toEqual(await dump(reference));
    expect(await store.listPendingMessages("ada")).toEqual([]);
    expect((await store.listRuns("ada")).map((run) => run.messages)).toEqual(Array.from({ length: Math.ceil(demo.length / 5) }, (_, index) => Math.min(5, demo.length - index * 5)));
    await buffered.close();
    await unbuffered.close();
  });

  it("merges a repeat into an item an earlier batch of the same call wrote, and a second add of the same messages adds nothing", async () => {
    const engram = await Engram.open({ store, embedder, policy: scriptedPolicy((messages) => messages.map((message) => fact(message, message.content))) });
    const messages = numbered(30, repeating);
    const first = await engram.add(messages, { user_id: "ada" }, { batchSize: 10 });
    // Repeats within a batch are joined before reconciliation: each later batch merges 7.
    expect(first.actions).toMatchObject({ ADD: 7, MERGE: 14 });
    const items = await store.listItems("semantic", "ada");
    expect(items).toHaveLength(7);
    expect(items.find((item) => item.text === repeating(1))?.sources).toEqual(["m1", "m8", "m15", "m22", "m29"]);

    const before = await dump(store);
    const again = await engram.add(messages, { user_id: "ada" }, { batchSize: 10 });
    expect(again.messages).toMatchObject({ received: 30, skipped: 30 });
    expect(await dump(store)).toEqual(before);
    await engram.close();
  });

  it("an item deleted while an add of its user is under way stays deleted (delete waits for the add's commit)", async () => {
    const script = scriptedPolicy((messages) => messages.map((message) => fact(message, message.content)));
    let secondBatch: () => void = () => {};
    const reachedSecondBatch = new Promise<void>((resolve) => {
      secondBatch = resolve;
    });
    let deleting: Promise<void> | undefined;
    const policy = {
      ...script,
      async draft(messages: Parameters<typeof script.draft>[0]) {
        if (messages[0]!.id === "m11") {
          secondBatch();
          // Give a delete that did not wait for this add the time to finish before the add commits.
          await Promise.race([deleting, new Promise((resolve) => setTimeout(resolve, 200))]);
        }
        return script.draft(messages);
      },
    };
    const engram = await Engram.open({ store, embedder, policy });
    await engram.add([{ id: "m0", role: "user", speaker: "Ada", content: repeating(1), timestamp: "2024-05-01T10:00:00Z" }], { user_id: "ada" });
    const [victim] = await store.listItems("semantic", "ada");
    // Both batches merge a repeat into the victim (buffered); the delete arrives during the second batch.
    const adding = engram.add(numbered(20, repeating), { user_id: "ada" }, { batchSize: 10 });
    await reachedSecondBatch;
    deleting = engram.delete(victim!.id, { user_id: "ada" });
    await Promise.all([adding, deleting]);
    expect((await store.listItems("semantic", "ada")).map((item) => item.id)).not.toContain(victim!.id);
    expect((await store.listHistory("ada", victim!.id)).map((row) => row.event)).toEqual(["ADD", "MERGE", "MERGE", "DELETE"]);
    await engram.close();
  });

  it("a commit appends a table's rows when it added every one of them, and merges when it changed a stored one", async () => {
    const upsert = store.upsertItems.bind(store);
    const writes: { type: string; appended: boolean }[] = [];
    store.upsertItems = async (type, items, options) => {
      writes.push({ type, appended: items.every((item) => options?.newIds?.has(item.id) === true) });
      return upsert(type, items, options);
    };
    const engram = await Engram.open({ store, embedder, policy: scriptedPolicy((messages) => messages.map((message) => fact(message, `Ada keeps bees in hive ${message.content}.`))) });
    await engram.add(numbered(3, (index) => `x${index}`), { user_id: "ada" });
    expect(writes).toEqual([{ type: "semantic", appended: true }]);
    // The same fact again merges into the stored item (its sources grow): that commit cannot append.
    await engram.add([{ id: "m9", role: "user", speaker: "Ada", content: "x2", timestamp: "2024-05-03T10:00:00Z" }], { user_id: "ada" });
    expect(writes).toEqual([{ type: "semantic", appended: true }, { type: "semantic", appended: false }]);
    const items = await store.listItems("semantic", "ada");
    expect(items).toHaveLength(3);
    expect(items.find((item) => item.text === "Ada keeps bees in hive x2.")?.sources.sort()).toEqual(["m2", "m9"]);
    await engram.close();
  });

  it("a full-text index that fails to build after its table's commit leaves the committed items with their history, and add resolves", async () => {
    // A table without its full-text index (an older store's: a new table gets it when created) builds it on its first write, after the rows are committed; make that build fail once.
    await store.close();
    const connection = await lancedb.connect(folder);
    const semantic = await connection.openTable("semantic");
    for (const index of await semantic.listIndices()) if (index.columns.includes("text")) await semantic.dropIndex(index.name);
    connection.close();
    store = await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    const internal = store as unknown as { table(name: string): object };
    const table = internal.table.bind(store);
    let failures = 1;
    internal.table = (name: string) => {
      const real = table(name) as Record<string | symbol, unknown>;
      if (name !== "semantic") return real;
      return new Proxy(real, {
        get: (target, key) => {
          if (key === "createIndex" && failures-- > 0) return async () => Promise.reject(new Error("No space left on device"));
          const value = target[key];
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    };
    const engram = await Engram.open({ store, embedder, policy: scriptedPolicy((messages) => messages.map((message) => fact(message, `Ada note ${message.id} about the garden.`))) });
    await engram.add(numbered(30, (index) => `x${index}`), { user_id: "ada" }, { batchSize: 10 });
    const items = await store.listItems("semantic", "ada");
    expect(items).toHaveLength(30);
    const history = await store.listHistory("ada");
    expect(new Set(history.filter((row) => row.event === "ADD").map((row) => row.memory_id))).toEqual(new Set(items.map((item) => item.id)));
    expect(await store.listPendingMessages("ada")).toHaveLength(0);
    expect(failures).toBe(0); // the first write tried to build it, and failed
    await engram.close();
  });

  it.each([
    ["with the cache and a collision resolver (each agent commits the earlier batches before it reads)", { resolver: true, inProcessSearchMaxRows: 2000 }],
    ["without the cache (each agent commits the earlier batches before it searches the store)", { resolver: false, inProcessSearchMaxRows: 0 }],
  ])("two memory agents reading while the other commits merge every repeat, %s", async (_label, setup) => {
    // The episodic agent embeds later than the semantic one, so it reads while the semantic
    // agent's commit of the earlier batches runs: it must see those rows in the buffer or in the store.
    const slowEpisodic = Object.create(embedder) as HashEmbedder;
    slowEpisodic.embedMany = async (texts: string[]) => {
      if (texts.some((text) => text.includes("visited"))) await new Promise((resolve) => setTimeout(resolve, 30));
      return embedder.embedMany(texts);
    };
    const episode = (message: { id: string; timestamp: string }, text: string) =>
      ({ type: "episodic", text, occurred_at: message.timestamp, event_type: "note", actor: "Ada", summary: text, details: "", sources: [message.id], valid_from: message.timestamp, importance: 0.5, key: "" }) as Candidate;
    const scripted = scriptedPolicy((messages) => messages.flatMap((message) => [fact(message, repeating(Number(message.id.slice(1)))), episode(message, `Ada visited garden number ${Number(message.id.slice(1)) % 7}.`)]));
    const policy = setup.resolver ? { ...scripted, reconcileCollisions: () => async () => [] } : scripted;
    const engram = await Engram.open({ store, embedder: slowEpisodic, policy, inProcessSearchMaxRows: setup.inProcessSearchMaxRows });
    const result = await engram.add(numbered(30, (index) => `message ${index}`), { user_id: "ada" }, { batchSize: 10 });

    expect(result.byType.semantic).toMatchObject({ ADD: 7, MERGE: 14 });
    expect(result.byType.episodic).toMatchObject({ ADD: 7, MERGE: 14 });
    expect(await store.listItems("semantic", "ada")).toHaveLength(7);
    expect(await store.listItems("episodic", "ada")).toHaveLength(7);
    await engram.close();
  });

  it.each([
    // Batch 1's changes join the buffer at +250 ms; after batch 9 (+2,250 ms) they waited 2 s: m1-m90 are committed beside batch 10.
    ["once a buffered change waited 2 s (performance.now())", {}, 250, 10, 250, "m101", 90],
    ["every 1,000 messages, whatever the time", {}, 1100, 50, 0, "m1051", 1000],
    ["as soon as a table's cached and buffered rows pass the cache's row limit", { inProcessSearchMaxRows: 25 }, 60, 10, 0, "m41", 30],
  ])("commits %s: a later batch of the same call finds the earlier ones stored and processed", async (_label, options, count, batchSize, msPerBatch, probe, committed) => {
    const scripted = scriptedPolicy((messages) => messages.map((message) => fact(message, `Ada's fact number ${message.id}.`)));
    const seen: { items: number; pending: number; runs: number }[] = [];
    const policy = {
      ...scripted,
      async draft(messages: Parameters<typeof scripted.draft>[0]) {
        clock.tick(msPerBatch);
        if (messages[0]!.id === probe) {
          seen.push({ items: (await store.listItems("semantic", "ada")).length, pending: (await store.listPendingMessages("ada")).length, runs: (await store.listRuns("ada")).length });
        }
        return scripted.draft(messages);
      },
    };
    const engram = await Engram.open({ store, embedder, policy, ...options });
    await engram.add(numbered(count, (index) => `message ${index}`), { user_id: "ada" }, { batchSize });

    expect(seen).toEqual([{ items: committed, pending: count - committed, runs: committed / batchSize }]);
    expect(await store.listItems("semantic", "ada")).toHaveLength(count);
    expect(await store.listPendingMessages("ada")).toEqual([]);
    await engram.close();
  });

  it("a commit writes its memory tables at once, after the history append", async () => {
    const events: string[] = [];
    let inFlight = 0;
    let most = 0;
    const upsert = store.upsertItems.bind(store);
    store.upsertItems = async (type, items) => {
      events.push(type);
      most = Math.max(most, ++inFlight);
      await upsert(type, items).finally(() => inFlight--);
    };
    const append = store.appendHistory.bind(store);
    store.appendHistory = async (rows) => {
      events.push("history");
      await append(rows);
    };
    const engram = await Engram.open({ store, embedder });
    await engram.add(demo, { user_id: "ada" }, { batchSize: 5 });

    // One commit (the commit clock frozen, fewer than 1,000 messages; knowledge_vault is not buffered, written by its agent, history first): the
    // history append, then the five other memory tables written side by side.
    const commit = events.slice(events.lastIndexOf("history"));
    expect(commit[0]).toBe("history");
    expect(commit.slice(1).sort()).toEqual(["core", "episodic", "procedural", "resource", "semantic"]);
    expect(most).toBe(5);
    await engram.close();
  });

  it("a commit runs beside the next batch: the batch after the committed ones is drafted while the commit's writes are under way", async () => {
    const events: string[] = [];
    let nextBatchStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (nextBatchStarted = resolve));
    const scripted = scriptedPolicy((messages) => messages.map((message) => fact(message, `Ada's fact number ${message.id}.`)));
    // 250 ms a batch: m1-m90 are committed after batch 9, beside batch 10.
    const policy = {
      ...scripted,
      async draft(messages: Parameters<typeof scripted.draft>[0]) {
        clock.tick(250);
        if (messages[0]!.id === "m91") {
          events.push("draft m91");
          nextBatchStarted();
        }
        return scripted.draft(messages);
      },
    };
    const upsert = store.upsertItems.bind(store);
    store.upsertItems = async (type, items) => {
      events.push(`write ${items.length}`);
      // Held until the next batch starts, or 2 s when the commit blocks it (then the order shows it).
      if (items.length === 90) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([started, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
        clearTimeout(timer);
      }
      await upsert(type, items);
      events.push(`written ${items.length}`);
    };
    const engram = await Engram.open({ store, embedder, policy });
    await engram.add(numbered(120, (index) => `message ${index}`), { user_id: "ada" }, { batchSize: 10 });

    expect([...events].sort()).toEqual(["draft m91", "write 30", "write 90", "written 30", "written 90"]);
    expect(events.indexOf("draft m91")).toBeLessThan(events.indexOf("written 90"));
    expect(await store.listItems("semantic", "ada")).toHaveLength(120);
    expect(await store.listPendingMessages("ada")).toEqual([]);
    await engram.close();
  });

  it("a commit that fails beside the next batch drops that batch's changes too (it read the rows that were not stored) and leaves every message pending", async () => {
    const scripted = scriptedPolicy((messages) => messages.map((message) => fact(message, message.content)));
    // 250 ms a batch: m1-m90 are committed after batch 9, beside batch 10.
    const policy = ticking(scripted, clock, 250);
    const engram = await Engram.open({ store, embedder, policy });
    failFirstUpsert(store);
    const messages = numbered(130, repeating);
    await expect(engram.add(messages, { user_id: "ada" }, { batchSize: 10 })).rejects.toThrow("disk full");
    // Batch m91-m100 merged its repeats into the failed commit's items: kept, they would be stored without their ADD.
    expect(await store.listItems("semantic", "ada")).toEqual([]);
    expect(await store.listHistory("ada")).toEqual([]);
    expect(await store.listPendingMessages("ada")).toHaveLength(130);
    // The failed commit's nine batches and the one beside it ran; the rest were not attempted.
    expect((await store.listRuns("ada")).map((run) => run.messages)).toEqual(Array.from({ length: 10 }, () => 10));

    await engram.retryPending({ user_id: "ada" }, { batchSize: 10 });
    const items = await store.listItems("semantic", "ada");
    expect(items).toHaveLength(7);
    const history = await store.listHistory("ada");
    expect(history.filter((row) => row.event === "ADD").map((row) => row.memory_id).sort()).toEqual(items.map((item) => item.id).sort());
    expect(await store.listPendingMessages("ada")).toEqual([]);
    await engram.close();
  });

  it("a batch that fails keeps the batches before it, writes nothing of its own, and leaves it and later ones pending", async () => {
    let failing = true;
    const policy = scriptedPolicy((messages) => {
      if (failing && messages.some((message) => message.id === "m25")) throw new Error("model unavailable");
      return messages.map((message) => fact(message, message.content));
    });
    const engram = await Engram.open({ store, embedder, policy });
    const text = (index: number) => `Ada's fact number ${index}.`;
    await expect(engram.add(numbered(50, text), { user_id: "ada" }, { batchSize: 10 })).rejects.toThrow("model unavailable");

    expect((await store.listItems("semantic", "ada")).map((item) => item.text).sort()).toEqual(Array.from({ length: 20 }, (_, index) => text(index + 1)).sort());
    const pending = await store.listPendingMessages("ada");
    expect(pending.map((message) => message.id)).toEqual(Array.from({ length: 30 }, (_, index) => `m${index + 21}`));
    expect(pending.filter((message) => message.error !== null).map((message) => message.id)).toEqual(Array.from({ length: 10 }, (_, index) => `m${index + 21}`));
    expect((await store.listRuns("ada")).map((run) => run.error === null)).toEqual([true, true, false]);

    failing = false;
    await engram.retryPending({ user_id: "ada" }, { batchSize: 10 });
    expect((await store.listItems("semantic", "ada")).map((item) => item.text).sort()).toEqual(Array.from({ length: 50 }, (_, index) => text(index + 1)).sort());
    expect(await store.listPendingMessages("ada")).toEqual([]);
    await engram.close();
  });

  it("a batch that fails while the commit of the batches before it fails too keeps its error mark, its failed run and its own error", async () => {
    const policy = scriptedPolicy((messages) => {
      if (messages.some((message) => message.id === "m25")) throw new Error("model unavailable");
      return messages.map((message) => fact(message, message.content));
    });
    const engram = await Engram.open({ store, embedder, policy });
    failFirstUpsert(store);
    await expect(engram.add(numbered(30, (index) => `Ada's fact number ${index}.`), { user_id: "ada" }, { batchSize: 10 })).rejects.toThrow("model unavailable");

    const pending = await store.listPendingMessages("ada");
    expect(pending.filter((message) => message.error !== null).map((message) => message.id)).toEqual(Array.from({ length: 10 }, (_, index) => `m${index + 21}`));
    expect((await store.listRuns("ada")).filter((run) => run.error !== null).map((run) => run.error)).toEqual(["Error: model unavailable"]);
    await engram.close();
  });

  it("a batch that fails beside a commit that fails too throws its own error, logs the commit's, and keeps its error mark", async () => {
    const scripted = scriptedPolicy((messages) => {
      if (messages.some((message) => message.id === "m95")) throw new Error("model unavailable");
      return messages.map((message) => fact(message, message.content));
    });
    // 250 ms a batch: m1-m90 are committed after batch 9, beside batch 10 (m91-m100), which fails.
    const policy = ticking(scripted, clock, 250);
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message), info: () => {}, error: () => {}, debug: () => {} };
    const engram = await Engram.open({ store, embedder, policy, logger });
    failFirstUpsert(store);
    await expect(engram.add(numbered(120, (index) => `Ada's fact number ${index}.`), { user_id: "ada" }, { batchSize: 10 })).rejects.toThrow("model unavailable");

    expect(warnings.filter((warning) => warning.includes("disk full"))).toHaveLength(1);
    expect(await store.listItems("semantic", "ada")).toEqual([]);
    const pending = await store.listPendingMessages("ada");
    expect(pending).toHaveLength(120);
    expect(pending.filter((message) => message.error !== null).map((message) => message.id)).toEqual(Array.from({ length: 10 }, (_, index) => `m${index + 91}`));
    expect((await store.listRuns("ada")).map((run) => run.error)).toEqual([...Array.from({ length: 9 }, () => null), "Error: model unavailable"]);
    await engram.close();
  });

  it("a commit that fails leaves every message of the call pending, no history of what it did not store, its run rows, and processing them again stores each memory once", async () => {
    const engram = await Engram.open({ store, embedder, policy: scriptedPolicy((messages) => messages.map((message) => fact(message, message.content))) });
    failFirstUpsert(store);
    const messages = numbered(30, repeating);
    await expect(engram.add(messages, { user_id: "ada" }, { batchSize: 10 })).rejects.toThrow("disk full");
    expect(await store.listItems("semantic", "ada")).toEqual([]);
    expect(await store.listPendingMessages("ada")).toHaveLength(30);
    expect(await store.listHistory("ada")).toEqual([]);
    expect((await store.listRuns("ada")).map((run) => run.messages)).toEqual([10, 10, 10]);

    await engram.retryPending({ user_id: "ada" }, { batchSize: 10 });
    const items = await store.listItems("semantic", "ada");
    expect(items.map((item) => item.text).sort()).toEqual(Array.from({ length: 7 }, (_, index) => repeating(index)).sort());
    expect(items.find((item) => item.text === repeating(1))?.sources).toEqual(["m1", "m8", "m15", "m22", "m29"]);
    expect(await store.listPendingMessages("ada")).toEqual([]);
    // One ADD per stored item, and no history row of an item that is not stored.
    const history = await store.listHistory("ada");
    expect(history.filter((row) => row.event === "ADD").map((row) => row.memory_id).sort()).toEqual(items.map((item) => item.id).sort());
    expect(history.filter((row) => !items.some((item) => item.id === row.memory_id))).toEqual([]);
    expect(await store.listRuns("ada")).toHaveLength(6);
    await engram.close();
  });
});
