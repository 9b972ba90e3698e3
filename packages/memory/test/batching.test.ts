import { ChatOpenAI } from "@langchain/openai";
import { llmConversation, memoryModelReplies, startOpenAiStub, toolOf, type OpenAiStub } from "@engram/testing";
import { Engram, InMemoryMemoryStore } from "../src/index";

/** A fresh in-memory store for the default embedder (HashEmbedder, 512 dimensions): no folder per test. */
const inMemoryStore = () => new InMemoryMemoryStore({ dimensions: 512 });

describe("batching by size and age", () => {
  let stub: OpenAiStub;
  let engram: Engram;
  let clock = Date.parse("2024-03-04T12:00:00Z");

  beforeEach(async () => {
    stub = await startOpenAiStub({ chat: memoryModelReplies() });
    const chatModel = new ChatOpenAI({ model: "stub-model", apiKey: "k", maxRetries: 0, configuration: { baseURL: stub.baseURL } });
    engram = await Engram.open({ store: inMemoryStore(), chatModel, batching: { size: 10, maxAgeMs: 60_000 }, now: () => new Date(clock) });
  });
  afterEach(async () => {
    await engram.close();
    await stub.close();
  });

  const ingestCalls = () => stub.chatRequests().map(toolOf).filter((tool) => tool === "record_memories").length;

  it("holds messages until a batch is full or its oldest message is old enough, then makes one call", async () => {
    const messages = llmConversation();
    const first = await engram.add(messages.slice(0, 4), { user_id: "ada" });
    expect(first.pending).toBe(4);
    expect(ingestCalls()).toBe(0);
    expect(await engram.pendingStats({ user_id: "ada" })).toEqual({ messages: 4, failed: 0, batches: 1 });

    await engram.add(messages.slice(4, 13), { user_id: "ada" }); // 13 waiting: one full batch of 10, 3 held
    expect(ingestCalls()).toBe(1);
    expect((await engram.pendingStats({ user_id: "ada" })).messages).toBe(3);

    clock += 61_000; // the 3 held messages are now older than maxAgeMs
    const late = await engram.add(messages.slice(13, 14), { user_id: "ada" });
    expect(late.pending).toBe(0);
    expect(ingestCalls()).toBe(2);
    expect((await engram.pendingStats({ user_id: "ada" })).messages).toBe(0);

    await engram.add(messages.slice(14, 16), { user_id: "ada" });
    expect(ingestCalls()).toBe(2);
    await engram.add([], { user_id: "ada" }, { flush: true });
    expect(ingestCalls()).toBe(3);
    expect((await engram.messages({ user_id: "ada" })).every((message) => message.processed_at !== null)).toBe(true);
  });
});
