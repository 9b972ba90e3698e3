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
