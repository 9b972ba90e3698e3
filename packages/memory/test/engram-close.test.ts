import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClosedError, Engram, HashEmbedder, InMemoryMemoryStore, LanceDbMemoryStore } from "../src/index";
import { deferred, numberedMessages } from "./held-calls";
import { fact, scriptedPolicy } from "./scripted-policy";

/**
 * `Engram.close()` with calls under way: it refuses new calls with a `ClosedError`, waits for the
 * calls under way (their results and errors go to their own callers), then closes the store.
 */
const embedder = new HashEmbedder();
const ada = { user_id: "ada" };

/** A scripted policy whose draft of the batch starting at `m11` waits for `gate` (and, when `fail`, then throws). */
function heldPolicy(gate: Promise<unknown>, fail = false) {
  const script = scriptedPolicy((messages) => messages.map((message) => fact(message, message.content)));
  const reached = deferred();
  const policy = {
    ...script,
    async draft(messages: Parameters<typeof script.draft>[0]) {
      if (messages[0]!.id === "m11") {
        reached.resolve();
        await gate;
        if (fail) throw new Error("model unavailable");
      }
      return script.draft(messages);
    },
  };
  return { policy, reached: reached.promise };
}

describe("Engram.close while an add is under way", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "engram-close-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("refuses new calls, waits for the add to commit, then closes the store: every message is stored and processed", async () => {
    const store = await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    const storeClosed = deferred();
    const closeStore = store.close.bind(store);
    store.close = () => closeStore().finally(storeClosed.resolve);
    const refused = deferred();
    // The add's first batch is buffered, not committed: it goes on once close refused a new call, or
    // once the store is closed (close did not wait: the defect).
    const { policy, reached } = heldPolicy(Promise.race([refused.promise, storeClosed.promise]));
    const engram = await Engram.open({ store, embedder, policy });
    const adding = engram.add(numberedMessages(20), ada, { batchSize: 10 });
    await reached;
    const closing = engram.close();
    const probe = await engram.stats(ada).then(
      () => "served",
      (error: unknown) => error,
    );
    if (ClosedError.isInstance(probe)) refused.resolve();
    expect(ClosedError.isInstance(probe) && probe.operation).toBe("stats");
    expect((await adding).messages.stored).toBe(20);
    await closing;
    await expect(engram.recall("garden", ada)).rejects.toThrow(ClosedError);
    await expect(engram.close()).resolves.toBeUndefined();

    const reopened = await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    expect(await reopened.listPendingMessages("ada")).toEqual([]);
    expect(await reopened.count("messages", "ada")).toBe(20);
    expect(await reopened.count("semantic", "ada")).toBe(20);
    await reopened.close();
  });
});

describe("Engram.close and the errors of calls under way", () => {
  it("gives a failing add its own error and resolves close", async () => {
    const release = deferred();
    const { policy, reached } = heldPolicy(release.promise, true);
    const engram = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder, policy });
    const adding = engram.add(numberedMessages(20), ada, { batchSize: 10 });
    await reached;
    const closing = engram.close();
    await expect(engram.add(numberedMessages(1), ada)).rejects.toThrow(ClosedError);
    release.resolve();
    await expect(adding).rejects.toThrow("model unavailable");
    await expect(closing).resolves.toBeUndefined();
  });
});

/**
 * A store whose `method` waits for `release` once `arm()` was called (calls before pass through),
 * and the order in which held calls ended and the store was closed.
 */
function heldStore(method: "vectorSearch") {
  const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
  const events: string[] = [];
  const reached = deferred();
  const release = deferred();
  let armed = false;
  const original = store[method].bind(store);
  store[method] = async (...args: Parameters<typeof original>) => {
    if (!armed) return original(...args);
    reached.resolve();
    await release.promise;
    const result = await original(...args);
    events.push(`${method} ended`);
    return result;
  };
  const closeStore = store.close.bind(store);
  store.close = () => closeStore().then(() => void events.push("store closed"));
  return { store, events, reached: reached.promise, release: release.resolve, arm: () => (armed = true) };
}

/** Lets every pending promise callback of in-memory work run (no I/O is involved). */
const settleMicrotasks = () => new Promise((resolve) => setImmediate(resolve));

describe("Engram.close after a call was aborted while its store work was under way", () => {
  it("waits for the held search of an aborted recall before it closes the store", async () => {
    const held = heldStore("vectorSearch");
    const engram = await Engram.open({ store: held.store, embedder });
    await engram.add(numberedMessages(3), ada);
    held.arm();
    const controller = new AbortController();
    const recalling = engram.recall("garden", ada, { signal: controller.signal });
    await held.reached;
    controller.abort();
    await expect(recalling).rejects.toThrow();
    const closing = engram.close();
    await settleMicrotasks();
    expect(held.events).toEqual([]);
    held.release();
    await closing;
    expect(held.events.at(-1)).toBe("store closed");
    expect(held.events).toContain("vectorSearch ended");
  });

  it("waits for the held search of an aborted add before it closes the store", async () => {
    const held = heldStore("vectorSearch");
    const engram = await Engram.open({ store: held.store, embedder, policy: scriptedPolicy((messages) => messages.map((message) => fact(message, message.content))) });
    await engram.add(numberedMessages(3), ada);
    held.arm();
    const controller = new AbortController();
    const adding = engram.add([{ id: "n1", role: "user", content: "Ada's note about the garden again.", timestamp: "2024-05-03T10:00:00Z" }], ada, { signal: controller.signal, flush: true });
    await held.reached;
    controller.abort();
    await expect(adding).rejects.toThrow();
    const closing = engram.close();
    await settleMicrotasks();
    expect(held.events).toEqual([]);
    held.release();
    await closing;
    expect(held.events).toEqual(["vectorSearch ended", "store closed"]);
  });
});

describe("Engram.close and the compiled graphs of Engram.graphs", () => {
  it("waits for the store work of a graph run under way, then refuses a run's store calls with a ClosedError", async () => {
    const held = heldStore("vectorSearch");
    const engram = await Engram.open({ store: held.store, embedder });
    await engram.add(numberedMessages(3), ada);
    held.arm();
    const running = engram.graphs.recall.invoke({ query: "garden", scope: { ...ada, agent_id: "engram" } });
    await held.reached;
    const closing = engram.close();
    await settleMicrotasks();
    expect(held.events).toEqual([]);
    held.release();
    await closing;
    expect(held.events[0]).toBe("vectorSearch ended");
    // The run outlived the close: its later store calls are refused, not made on a closed store.
    await running.catch(() => undefined);
    const late = await engram.graphs.recall.invoke({ query: "garden", scope: { ...ada, agent_id: "engram" } }).then(
      () => "served",
      (error: unknown) => error,
    );
    expect(ClosedError.isInstance(late) && late.operation).toMatch(/^store\./);
  });

  it("keeps secretCipher usable after close: it holds the store's key, not the store", async () => {
    const folder = mkdtempSync(join(tmpdir(), "engram-close-cipher-"));
    try {
      const engram = await Engram.open({ path: folder, embedder });
      const sealed = await engram.secretCipher.seal("sk-live-before-close");
      await engram.close();
      expect(await engram.secretCipher.open(sealed)).toBe("sk-live-before-close");
      expect(await engram.secretCipher.open(await engram.secretCipher.seal("after"))).toBe("after");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
