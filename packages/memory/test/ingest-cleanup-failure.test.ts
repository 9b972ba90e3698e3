import { Engram, HashEmbedder, InMemoryMemoryStore, type MessageInput } from "../src/index";
import { fact, scriptedPolicy } from "./scripted-policy";

/**
 * A commit that fails midway deletes the history rows of the changes it did not store
 * (`ingest/ingest-write-buffer.ts`); when that cleanup fails too, the commit's error still reaches
 * the caller and the cleanup's failure is logged, not swallowed.
 */
const embedder = new HashEmbedder();
const numbered = (count: number): MessageInput[] =>
  Array.from({ length: count }, (_, index) => ({ id: `m${index + 1}`, role: "user", speaker: "Ada", content: `Ada's note number ${index + 1} is about the garden.`, timestamp: "2024-05-02T10:00:00Z" }));

describe("a failed commit whose history cleanup fails too", () => {
  it("throws the commit's error, logs the cleanup's failure with the rows left, and keeps the messages pending", async () => {
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    store.upsertItems = async () => {
      throw new Error("disk full");
    };
    store.deleteHistory = async () => {
      throw new Error("history table locked");
    };
    const warnings: string[] = [];
    const policy = scriptedPolicy((messages) => messages.map((message) => fact(message, message.content)));
    const engram = await Engram.open({ store, embedder, policy, logger: { warn: (message) => warnings.push(message) } });
    await expect(engram.add(numbered(10), { user_id: "ada" })).rejects.toThrow("disk full");
    expect(warnings).toEqual([expect.stringMatching(/10 history rows .*not deleted.*history table locked/)]);
    expect(await store.listHistory("ada")).toHaveLength(10);
    expect(await store.listPendingMessages("ada")).toHaveLength(10);
    await engram.close();
  });

  it("logs run rows that could not be appended after a failed commit", async () => {
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    store.upsertItems = async () => {
      throw new Error("disk full");
    };
    store.appendRuns = async (rows) => {
      if (rows.length > 0) throw new Error("runs table locked");
    };
    const warnings: string[] = [];
    const policy = scriptedPolicy((messages) => messages.map((message) => fact(message, message.content)));
    const engram = await Engram.open({ store, embedder, policy, logger: { warn: (message) => warnings.push(message) } });
    await expect(engram.add(numbered(10), { user_id: "ada" })).rejects.toThrow("disk full");
    expect(warnings).toEqual([expect.stringMatching(/1 ingest run rows? .*runs table locked/)]);
    await engram.close();
  });

  it("logs the commit of the batches before a failed batch when it fails too, and throws the batch's error", async () => {
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    store.upsertItems = async () => {
      throw new Error("disk full");
    };
    const script = scriptedPolicy((messages) => messages.map((message) => fact(message, message.content)));
    const policy = {
      ...script,
      async draft(messages: Parameters<typeof script.draft>[0]) {
        if (messages[0]!.id === "m11") throw new Error("model unavailable");
        return script.draft(messages);
      },
    };
    const warnings: string[] = [];
    const engram = await Engram.open({ store, embedder, policy, logger: { warn: (message) => warnings.push(message) } });
    await expect(engram.add(numbered(20), { user_id: "ada" }, { batchSize: 10 })).rejects.toThrow("model unavailable");
    expect(warnings).toEqual([expect.stringMatching(/ingest of ada failed, and so did the commit of the batches before it: disk full/)]);
    expect(await store.listPendingMessages("ada")).toHaveLength(20);
    await engram.close();
  });
});
