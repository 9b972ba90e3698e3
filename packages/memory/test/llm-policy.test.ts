import { ChatOpenAI } from "@langchain/openai";
import { CONVERSATION_SECRETS, llmConversation, memoryModelReplies, promptMessages, startOpenAiStub, toolOf, type OpenAiStub, type StubChatHandler } from "@engram/testing";
import { Engram, ModelError, type EngramOptions, type KnowledgeVaultItem, InMemoryMemoryStore } from "../src/index";

/** A fresh in-memory store for the default embedder (HashEmbedder, 512 dimensions): no folder per test. */
const inMemoryStore = () => new InMemoryMemoryStore({ dimensions: 512 });

const ada = { user_id: "ada" };

function chatModel(stub: OpenAiStub): ChatOpenAI {
  return new ChatOpenAI({ model: "stub-model", apiKey: "test-key", maxRetries: 0, configuration: { baseURL: stub.baseURL } });
}

/** Each recorded chat request's forced tool, in order. */
function toolsCalled(stub: OpenAiStub): string[] {
  return stub.chatRequests().map(toolOf);
}

describe("LLM policy against an OpenAI-compatible stub", () => {
  let stub: OpenAiStub;
  let engram: Engram;

  async function open(handler: StubChatHandler, options: Partial<EngramOptions> = {}): Promise<Engram> {
    stub = await startOpenAiStub({ chat: handler });
    engram = await Engram.open({ store: inMemoryStore(), chatModel: chatModel(stub), llm: { retryBaseDelayMs: 1 }, ...options });
    return engram;
  }
  afterEach(async () => {
    await engram?.close();
    await stub?.close();
  });

  it("ingests 40 messages in batches of 10 with at most 2 calls per batch, and recalls with 1", async () => {
    await open(memoryModelReplies());
    const result = await engram.add(llmConversation(), ada, { batchSize: 10 });
    const ingestCalls = toolsCalled(stub);
    expect(ingestCalls.filter((tool) => tool === "record_memories")).toHaveLength(4);
    expect(ingestCalls.length / 4).toBeLessThanOrEqual(2);
    const prompts = stub.chatRequests().map((request) => JSON.stringify(request.messages));
    expect(prompts[0]).not.toContain("Earlier messages");
    expect(prompts[1]).toContain("Earlier messages, for context only");
    expect(prompts[1]).toContain("[D1:10]");
    expect(result.messages).toEqual({ received: 40, stored: 40, skipped: 0 });
    expect(result.actions.ADD).toBeGreaterThan(20);
    // Accounting: every request the stub saw, with the tokens its usage fields reported.
    expect(result.llm!.calls).toBe(ingestCalls.length);
    expect(result.llm!.byNode.metaManager!.calls).toBe(4);
    expect(result.llm!.promptTokens).toBeGreaterThan(0);
    expect(result.llm!.completionTokens).toBeGreaterThan(0);

    stub.reset();
    const recalled = await engram.recall("When did Ada run the half marathon?", ada, { tokenBudget: 500 });
    expect(toolsCalled(stub)).toEqual(["search_memory"]);
    expect(recalled.llm!.byNode.activeRetrieval!.calls).toBe(1);
    expect(recalled.context).toContain("half marathon");

    const usage = await engram.usage(ada);
    expect(usage.ingest).toMatchObject({ runs: 4, messages: 40, calls: ingestCalls.length, promptTokens: result.llm!.promptTokens });
    expect(usage.recall).toMatchObject({ runs: 1, calls: 1 });
    expect(await engram.pendingStats(ada)).toEqual({ messages: 0, failed: 0, batches: 0 });
  });

  it("sends placeholders instead of secrets in every request body, and keeps the secrets in the vault", async () => {
    await open(memoryModelReplies(() => ({ action: "MERGE" })));
    await engram.add(llmConversation(), ada, { batchSize: 10 });
    await engram.recall(`What is the card ${CONVERSATION_SECRETS.card} for? Mail ${CONVERSATION_SECRETS.email}`, ada, {
      recentTurns: [`my key ${CONVERSATION_SECRETS.apiKey}`],
    });
    const vault = (await engram.list(ada, { type: "knowledge_vault", revealSecrets: true })) as KnowledgeVaultItem[];
    const secrets = vault.map((item) => item.secret);
    expect(secrets).toEqual(expect.arrayContaining(Object.values(CONVERSATION_SECRETS)));
    expect(stub.requests.length).toBeGreaterThanOrEqual(5);
    for (const request of stub.requests) {
      const body = JSON.stringify(request.body);
      for (const secret of secrets) expect(body).not.toContain(secret);
      expect(body).not.toContain(CONVERSATION_SECRETS.card.replace(/ /g, ""));
    }
    const bodies = stub.requests.map((request) => JSON.stringify(request.body)).join("\n");
    for (const placeholder of ["[api_key]", "[email]", "[card_number]", "[credential]", "[phone]"]) expect(bodies).toContain(placeholder);
  });

  it("routes the batch to the types the model chose, with typed items, sources and resolved dates", async () => {
    await open(() => ({
      toolCall: {
        arguments: {
          memory_types: ["semantic", "procedural", "core"],
          semantic: [{ text: "Finch Labs builds fraud detection for small banks.", sources: ["m2", "not-in-batch"], name: "Finch Labs", summary: "fraud detection" }],
          procedural: [{ text: "How Ada deploys the pipeline", sources: ["m1"], summary: "deploy", steps: ["run the tests", "build the image"] }],
          core: [{ text: "Ada prefers short answers", sources: ["m1"], label: "human", value: "prefers short answers" }],
          episodic: [{ text: "Ada met Grace", sources: ["nowhere"], actor: "Ada", summary: "met Grace" }],
        },
      },
    }));
    const result = await engram.add(
      [
        { id: "m1", speaker: "Ada", content: "To deploy: run the tests, then build the image. I prefer short answers.", timestamp: "2024-03-04T09:00:00Z" },
        { id: "m2", speaker: "Ada", content: "Finch Labs builds fraud detection for small banks.", timestamp: "2024-03-05T09:00:00Z" },
      ],
      ada,
    );
    expect(toolsCalled(stub)).toEqual(["record_memories"]);
    const [semantic] = await engram.list(ada, { type: "semantic" });
    expect(semantic).toMatchObject({ name: "Finch Labs", sources: ["m2"], valid_from: "2024-03-05T09:00:00.000Z" });
    expect((await engram.list(ada, { type: "procedural" }))[0]).toMatchObject({ steps: ["run the tests", "build the image"], sources: ["m1"] });
    expect((await engram.list(ada, { type: "core" }))[0]).toMatchObject({ label: "human", value: "prefers short answers" });
    expect(await engram.list(ada, { type: "episodic" })).toEqual([]);
    expect(result.warnings.join("\n")).toContain("citing no message of the batch");
    expect(result.byType.semantic.ADD).toBe(1);
  });

  it("reconciles clear cases without the model and each real collision in one batched call", async () => {
    const seeded = [
      "Ada keeps three beehives on the roof of her flat in Porto",
      "Ada plays the cello in the community orchestra every Thursday",
      "Ada drinks green tea with honey every morning before work",
      "Ada's team at Finch Labs ships the fraud model every Friday",
      "Ada volunteers at the animal shelter in Porto on Saturdays",
      "Ada's favourite painter is Amadeo de Souza-Cardoso",
    ];
    const colliding = [
      "Ada keeps four beehives on the roof of her flat in Porto",
      "Ada plays the cello in the community orchestra every Thursday no more",
      "Ada drinks green tea with honey every morning before work at 7",
      "Ada's team at Finch Labs ships the fraud model every Friday again",
      "Ada volunteers at the animal shelter in Porto on Saturdays and Sundays",
      seeded[5]!, // exact duplicate: MERGE of the new source, without the model
      "Grace flew to Tokyo for a nursing conference", // no near neighbour: ADD without the model
    ];
    const outcomes: Record<string, { action: string; text?: string }> = {
      beehives: { action: "UPDATE", text: "Ada keeps four beehives on the roof of her flat in Porto" },
      cello: { action: "INVALIDATE" },
      "green tea": { action: "MERGE", text: "Ada drinks green tea with honey every morning before work, at 7" },
      fraud: { action: "NOOP" },
      shelter: { action: "ADD" },
    };
    const decide = memoryModelReplies((collision) => outcomes[Object.keys(outcomes).find((word) => collision.text.includes(word))!]!);
    await open((request, recorded) => {
      if (toolOf(request) === "reconcile_memories") return decide(request, recorded);
      const [message] = promptMessages(request);
      const texts = message!.content === "seed" ? seeded : colliding;
      return { toolCall: { arguments: { memory_types: ["semantic"], semantic: texts.map((text) => ({ text, sources: [message!.id], name: "Ada", summary: text })) } } };
    });
    await engram.add([{ id: "m1", speaker: "Ada", content: "seed", timestamp: "2024-03-01T09:00:00Z" }], ada);
    const before = await engram.list(ada, { type: "semantic" });
    stub.reset();
    const result = await engram.add([{ id: "m2", speaker: "Ada", content: "news", timestamp: "2024-04-01T09:00:00Z" }], ada);

    expect(toolsCalled(stub)).toEqual(["record_memories", "reconcile_memories"]);
    const reconcilePrompt = JSON.stringify(stub.chatRequests()[1]!.messages);
    expect(reconcilePrompt.match(/C\d+: /g)).toHaveLength(5);
    expect(reconcilePrompt).not.toContain("Tokyo");
    expect(result.byType.semantic).toEqual({ ADD: 3, UPDATE: 1, INVALIDATE: 1, MERGE: 2, NOOP: 1 });
    expect(result.llm!.byNode.semanticAgent!.calls).toBe(1);

    const byText = (text: string) => before.find((item) => item.text === text)!;
    const all = await engram.list(ada, { type: "semantic", includeInvalid: true });
    const now = (id: string) => all.find((item) => item.id === id)!;
    expect(now(byText(seeded[0]!).id)).toMatchObject({ text: colliding[0], sources: ["m1", "m2"] });
    expect(now(byText(seeded[1]!).id).valid_to).toBe("2024-04-01T00:00:00.000Z".replace("00:00:00", "09:00:00"));
    expect(now(byText(seeded[2]!).id)).toMatchObject({ text: outcomes["green tea"]!.text, sources: ["m1", "m2"] });
    expect(now(byText(seeded[3]!).id)).toMatchObject({ text: seeded[3], sources: ["m1"] });
    expect(now(byText(seeded[5]!).id).sources).toEqual(["m1", "m2"]);
    expect(all.map((item) => item.text)).toEqual(expect.arrayContaining([colliding[1], colliding[4], colliding[6]]));
    expect((await engram.history(byText(seeded[0]!).id, ada)).map((row) => row.event)).toEqual(["ADD", "UPDATE"]);
  });
});

describe("LLM policy failures", () => {
  let stub: OpenAiStub;
  let engram: Engram;
  afterEach(async () => {
    await engram?.close();
    await stub?.close();
  });

  const messages = llmConversation().slice(0, 20);

  it("retries a 500 and a 429 with backoff, then succeeds", async () => {
    stub = await startOpenAiStub({ chat: memoryModelReplies() });
    engram = await Engram.open({ store: inMemoryStore(), chatModel: chatModel(stub), llm: { retryBaseDelayMs: 1, maxRetries: 2 } });
    stub.failNext(1, 500);
    stub.failNext(1, 429);
    const result = await engram.add(messages.slice(0, 10), ada);
    expect(stub.requests.map((request) => request.path)).toEqual(Array(3).fill("/v1/chat/completions"));
    expect(result.llm!.calls).toBe(3);
    expect(result.actions.ADD).toBeGreaterThan(0);
  });

  it("keeps a failed batch pending with its error, and retryPending finishes it", async () => {
    stub = await startOpenAiStub({ chat: memoryModelReplies() });
    engram = await Engram.open({ store: inMemoryStore(), chatModel: chatModel(stub), llm: { retryBaseDelayMs: 1, maxRetries: 1 }, batching: { size: 10 } });
    stub.failNext(2, 500);
    const failure = await engram.add(messages, ada).catch((error: unknown) => error);
    expect(ModelError.isInstance(failure)).toBe(true);
    expect((failure as ModelError).message).toMatch(/after 2 attempts.*500/);
    expect(stub.requests).toHaveLength(2);
    expect((await engram.stats(ada)).messages).toBe(20);
    expect(await engram.pendingStats(ada)).toEqual({ messages: 20, failed: 10, batches: 2 });
    const [first] = await engram.messages(ada);
    expect(first!.error).toContain("500");

    stub.reset();
    const retried = await engram.retryPending(ada);
    expect(retried.messages.stored).toBe(20);
    expect(toolsCalled(stub).filter((tool) => tool === "record_memories")).toHaveLength(2);
    expect(await engram.pendingStats(ada)).toEqual({ messages: 0, failed: 0, batches: 0 });
    expect((await engram.usage(ada)).ingest).toMatchObject({ failedRuns: 1, messages: 20 });
  });

  it("times out a slow request, retries it, and counts both requests", async () => {
    let calls = 0;
    const replies = memoryModelReplies();
    stub = await startOpenAiStub({
      chat: async (request, recorded) => {
        if (calls++ === 0) await new Promise((resolve) => setTimeout(resolve, 500));
        return replies(request, recorded);
      },
    });
    engram = await Engram.open({ store: inMemoryStore(), chatModel: chatModel(stub), llm: { timeoutMs: 150, retryBaseDelayMs: 1, maxRetries: 1 } });
    const result = await engram.add(messages.slice(0, 4), ada);
    expect(stub.chatRequests()).toHaveLength(2);
    expect(result.llm).toMatchObject({ calls: 2 });
    expect(result.actions.ADD).toBeGreaterThan(0);
  });

  it("re-asks once with the validation error, then succeeds", async () => {
    let calls = 0;
    stub = await startOpenAiStub({
      chat: (request, recorded) => (calls++ === 0 ? { toolCall: { arguments: { memory_types: "episodic" } } } : memoryModelReplies()(request, recorded)),
    });
    engram = await Engram.open({ store: inMemoryStore(), chatModel: chatModel(stub) });
    const result = await engram.add(messages.slice(0, 4), ada);
    const requests = stub.chatRequests();
    expect(requests).toHaveLength(2);
    expect(JSON.stringify(requests[1]!.messages)).toContain("memory_types");
    expect(JSON.stringify(requests[1]!.messages)).toContain("invalid");
    expect(result.fallbackBatches).toBe(0);
    expect(result.actions.ADD).toBeGreaterThan(0);
  });

  it("falls back to the offline policy when the output stays invalid, and flags the batch", async () => {
    stub = await startOpenAiStub({ chat: () => ({ toolCall: { arguments: "{not json" } }) });
    engram = await Engram.open({ store: inMemoryStore(), chatModel: chatModel(stub) });
    const result = await engram.add(messages.slice(0, 4), ada);
    expect(stub.chatRequests()).toHaveLength(2);
    expect(result.fallbackBatches).toBe(1);
    expect(result.warnings.join("\n")).toMatch(/offline policy/);
    const [item] = await engram.list(ada, { type: "episodic" });
    const [row] = await engram.history(item!.id, ada);
    expect(row!.cause).toBe("ingest:offline (fallback from llm:stub-model)");
    expect(await engram.pendingStats(ada)).toMatchObject({ messages: 0 });
    expect((await engram.usage(ada)).ingest.fallbackBatches).toBe(1);
  });

  it("adds colliding candidates without the model when the reconciliation output stays invalid", async () => {
    const text = (extra: string) => `Ada keeps three beehives on the roof of her flat in Porto${extra}`;
    stub = await startOpenAiStub({
      chat: (request) => {
        if (toolOf(request) === "reconcile_memories") return { toolCall: { arguments: { decisions: [{ candidate: "C1", action: "REPLACE" }] } } };
        const [message] = promptMessages(request);
        const semantic = [{ text: text(message!.id === "m1" ? "" : " again"), sources: [message!.id], name: "Ada", summary: "bees" }];
        return { toolCall: { arguments: { memory_types: ["semantic"], semantic } } };
      },
    });
    engram = await Engram.open({ store: inMemoryStore(), chatModel: chatModel(stub) });
    await engram.add([{ id: "m1", speaker: "Ada", content: "bees", timestamp: "2024-03-01T09:00:00Z" }], ada);
    const result = await engram.add([{ id: "m2", speaker: "Ada", content: "bees", timestamp: "2024-03-02T09:00:00Z" }], ada);
    expect(stub.chatRequests().map(toolOf)).toEqual(["record_memories", "record_memories", "reconcile_memories", "reconcile_memories"]);
    expect(result.byType.semantic.ADD).toBe(1);
    expect(result.warnings.join("\n")).toMatch(/semanticAgent: reconciliation output invalid after a re-ask/);
    expect(await engram.pendingStats(ada)).toMatchObject({ messages: 0 });
  });

  it("asks for JSON mode without tools when configured", async () => {
    stub = await startOpenAiStub({
      chat: (request) => {
        const reply = memoryModelReplies()({ ...request, tool_choice: { type: "function", function: { name: "record_memories" } } }, stub.requests.at(-1)!);
        return { content: JSON.stringify("toolCall" in reply ? reply.toolCall.arguments : {}) };
      },
    });
    engram = await Engram.open({ store: inMemoryStore(), chatModel: chatModel(stub), llm: { method: "jsonMode" } });
    const result = await engram.add(messages.slice(0, 4), ada);
    const [request] = stub.chatRequests();
    expect(request!.tools).toBeUndefined();
    expect(request!.response_format).toEqual({ type: "json_object" });
    expect(result.byType.episodic.ADD).toBe(2);
  });
});
