import { ChatOpenAI } from "@langchain/openai";
import { memoryModelReplies, startOpenAiStub, type OpenAiStub } from "@engram/testing";
import { Engram, HashEmbedder, InMemoryMemoryStore } from "../src/index";
import { deferred, numberedMessages } from "./held-calls";
import { fact, scriptedPolicy } from "./scripted-policy";

/**
 * `Engram.forget` against the same process's other calls for the user: a forget must leave nothing
 * of the user behind, whatever `add` or `recall` of that user was under way when it was called.
 */
const embedder = new HashEmbedder();
const ada = { user_id: "ada" };

async function rowsOf(engram: Engram): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await engram.stats(ada)).filter(([, count]) => count > 0));
}

describe("Engram.forget while an add of the user is under way", () => {
  it("waits for the add, then deletes what it stored: nothing of the user survives", async () => {
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const script = scriptedPolicy((messages) => messages.map((message) => fact(message, message.content)));
    const secondBatch = deferred();
    const forgetSettled = deferred();
    const forgetAskedForLock = deferred();
    const policy = {
      ...script,
      async draft(messages: Parameters<typeof script.draft>[0]) {
        if (messages[0]!.id === "m11") {
          secondBatch.resolve();
          // The add's first batch is buffered, not committed: hold the add here until the forget has
          // either finished (no lock: the defect) or queued for the user's write lock.
          await Promise.race([forgetSettled.promise, forgetAskedForLock.promise]);
        }
        return script.draft(messages);
      },
    };
    let watching = false;
    const lock = store.withUserLock.bind(store);
    store.withUserLock = (userId, work) => {
      if (watching) forgetAskedForLock.resolve();
      return lock(userId, work);
    };
    const engram = await Engram.open({ store, embedder, policy });
    const adding = engram.add(numberedMessages(20), ada, { batchSize: 10 });
    await secondBatch.promise;
    watching = true;
    const forgetting = engram.forget(ada).finally(forgetSettled.resolve);
    const [, deleted] = await Promise.all([adding, forgetting]);
    expect(await rowsOf(engram)).toEqual({});
    expect(deleted.messages).toBe(20);
    await engram.close();
  });
});

describe("Engram.forget and what recalls noted for the user", () => {
  let stub: OpenAiStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  async function open(gate?: Promise<void>): Promise<{ engram: Engram; recallAsked: Promise<void> }> {
    const replies = memoryModelReplies();
    const asked = deferred();
    stub = await startOpenAiStub({
      chat: async (request, recorded) => {
        asked.resolve();
        await gate;
        return replies(request, recorded);
      },
    });
    const chatModel = new ChatOpenAI({ model: "stub-model", apiKey: "test-key", maxRetries: 0, configuration: { baseURL: stub.baseURL } });
    const policy = scriptedPolicy((messages) => messages.map((message) => fact(message, message.content)));
    const engram = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder, policy, chatModel, llm: { retryBaseDelayMs: 1 } });
    await engram.add(numberedMessages(5), ada);
    return { engram, recallAsked: asked.promise };
  }

  it("drops the recall runs and access counts noted before the forget: no run row of the user is written after it", async () => {
    const { engram } = await open();
    const recalled = await engram.recall("What is Ada's garden note?", ada);
    expect(recalled.llm?.calls).toBe(1);
    await engram.forget(ada);
    expect((await engram.usage(ada)).recall.runs).toBe(0);
    expect(await rowsOf(engram)).toEqual({});
    await engram.close();
  });

  it("waits for a write of noted runs another caller started, then deletes what it wrote", async () => {
    const { engram } = await open();
    expect((await engram.recall("What is Ada's garden note?", ada)).llm?.calls).toBe(1);
    const store = (engram as unknown as { store: InMemoryMemoryStore }).store;
    const appending = deferred();
    const release = deferred();
    const append = store.appendRuns.bind(store);
    store.appendRuns = async (rows) => {
      if (rows.some((row) => row.user_id === ada.user_id && row.kind !== "ingest")) {
        appending.resolve();
        await release.promise;
      }
      return append(rows);
    };
    // Another caller (flushAccess here; usage() or an add of any user do the same) writes the noted run row.
    const flushing = engram.flushAccess();
    await appending.promise;
    let forgotten = false;
    const forgetting = engram.forget(ada).then(() => (forgotten = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(forgotten).toBe(false);
    release.resolve();
    await Promise.all([flushing, forgetting]);
    expect((await engram.usage(ada)).recall.runs).toBe(0);
    await engram.close();
  });

  it("drops what a recall under way during the forget notes when it ends", async () => {
    const release = deferred();
    const { engram, recallAsked } = await open(release.promise);
    const recalling = engram.recall("What is Ada's garden note?", ada);
    await recallAsked;
    await engram.forget(ada);
    release.resolve();
    expect((await recalling).llm?.calls).toBe(1);
    expect((await engram.usage(ada)).recall.runs).toBe(0);
    await engram.close();
  });
});

describe("Engram.forget while an import of the user is under way", () => {
  it("waits for the import, then deletes what it wrote", async () => {
    const source = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder, policy: scriptedPolicy((messages) => messages.map((message) => fact(message, message.content))) });
    await source.add(numberedMessages(3), ada);
    const exported = await source.exportUser(ada);
    await source.close();
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const writing = deferred();
    const release = deferred();
    const upsert = store.upsertItems.bind(store);
    store.upsertItems = async (...args) => {
      writing.resolve();
      await release.promise;
      return upsert(...args);
    };
    const engram = await Engram.open({ store, embedder });
    const importing = engram.importRecords(exported.header, exported.records);
    await writing.promise;
    let forgotten = false;
    const forgetting = engram.forget(ada).then(() => (forgotten = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(forgotten).toBe(false);
    release.resolve();
    await Promise.all([importing, forgetting]);
    expect(await rowsOf(engram)).toEqual({});
    await engram.close();
  });
});
