import { HumanMessage } from "@langchain/core/messages";
import { MemorySaver } from "@langchain/langgraph";
import { ChatOpenAI } from "@langchain/openai";
import { memoryModelReplies, promptMessages, startOpenAiStub, toolOf, type OpenAiStub, type StubChatHandler, type StubChatRequest } from "@engram/testing";
import { createChatGraph, Engram, HashEmbedder, InMemoryMemoryStore, type EpisodicItem } from "../src/index";
import { INGEST_PROMPT_VERSION } from "../src/ingest/llm/ingest-prompt";
import { MAX_TOPICS, MIN_TOPICS, TOPICS_PROMPT_VERSION, TOPICS_SYSTEM_PROMPT, TopicsAnswerSchema } from "../src/recall/llm-topics";
import { searchMemories } from "../src/recall/search-memories";
import { toChatRecall } from "../src/chat/chat-recall";
import { formatRecalledLine } from "../src/chat/offline-reply";
import { ScriptedChatModel } from "./scripted-chat-model";

function chatModel(stub: OpenAiStub): ChatOpenAI {
  return new ChatOpenAI({ model: "stub-model", apiKey: "test-key", maxRetries: 0, configuration: { baseURL: stub.baseURL } });
}

const systemOf = (request: StubChatRequest) => String(request.messages.find((message) => message.role === "system")?.content ?? "");
const userOf = (request: StubChatRequest) => String(request.messages.find((message) => message.role === "user")?.content ?? "");

describe("LLM prompt rules (issue 16)", () => {
  let stub: OpenAiStub | undefined;
  let engram: Engram | undefined;
  /** The store and embedder of the latest `open`, for the searches the test runs directly. */
  let parts: { store: InMemoryMemoryStore; embedder: HashEmbedder };

  async function open(handler: StubChatHandler | null): Promise<Engram> {
    stub = handler === null ? undefined : await startOpenAiStub({ chat: handler });
    const embedder = new HashEmbedder();
    parts = { store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder };
    engram = await Engram.open({ ...parts, ...(stub ? { chatModel: chatModel(stub), llm: { retryBaseDelayMs: 1 } } : {}) });
    return engram;
  }

  afterEach(async () => {
    await engram?.close();
    await stub?.close();
    engram = undefined;
    stub = undefined;
  });

  it("bumps the versions of the prompts it changed", () => {
    expect(INGEST_PROMPT_VERSION).toBe("ingest-v3");
    expect(TOPICS_PROMPT_VERSION).toBe("topics-v2");
  });

  it("two people and no assistant: the prompt covers every speaker, and both get facts, nobody a persona", async () => {
    const memory = await open((request) => {
      const lines = promptMessages(request);
      // A model following the prompt: one core fact per person, under their name, no persona.
      const core = lines.map((line) => ({ text: `${line.speaker} ${line.content.replace(/^I /, "")}`, sources: [line.id], label: "human", value: `${line.speaker}: ${line.content}` }));
      return { toolCall: { arguments: { memory_types: ["core"], core } } };
    });
    await memory.add(
      [
        { id: "D1:1", speaker: "Caroline", content: "I work as a counsellor for trans youth.", timestamp: "2023-05-08T13:56:00Z" },
        { id: "D1:2", speaker: "Melanie", content: "I paint landscapes on weekends.", timestamp: "2023-05-08T13:57:00Z" },
      ],
      { user_id: "conv-26" },
    );
    const [request] = stub!.chatRequests();
    expect(systemOf(request!)).toContain("between two or more people with no assistant at all");
    expect(systemOf(request!)).toMatch(/Use "persona" only for what someone tells the assistant/);
    expect(promptMessages(request!).map((line) => line.speaker)).toEqual(["Caroline", "Melanie"]);
    const core = await memory.list({ user_id: "conv-26" }, { type: "core" });
    expect(core.map((item) => (item.type === "core" ? item.label : ""))).toEqual(["human", "human"]);
    const texts = core.map((item) => item.text).join("\n");
    expect(texts).toContain("Caroline");
    expect(texts).toContain("Melanie");
  });

  describe("dates coarser than a day keep their precision through ingest, storage, packing and the time filter", () => {
    const messages = ["week", "month", "season", "year"].map((said, index) => ({ id: `m${index + 1}`, speaker: "Ada", content: `Something from a ${said}.`, timestamp: "2023-01-25T10:00:00Z" }));
    const expected = [
      { summary: "visited Porto", precision: "week", start: "2023-01-16T00:00:00.000Z", end: "2023-01-23T00:00:00.000Z", said: "the week of 16 January 2023" },
      { summary: "moved flats", precision: "month", start: "2022-12-01T00:00:00.000Z", end: "2023-01-01T00:00:00.000Z", said: "December 2022" },
      { summary: "hiked the Alps", precision: "season", start: "2022-06-01T00:00:00.000Z", end: "2022-09-01T00:00:00.000Z", said: "summer 2022" },
      { summary: "learnt the cello", precision: "year", start: "2022-01-01T00:00:00.000Z", end: "2023-01-01T00:00:00.000Z", said: "2022" },
    ];

    async function expectSpans(memory: Engram, bySummary: (item: EpisodicItem, summary: string) => boolean): Promise<void> {
      const items = (await memory.list({ user_id: "ada" }, { type: "episodic" })) as EpisodicItem[];
      for (const want of expected) {
        const item = items.find((candidate) => bySummary(candidate, want.summary));
        expect(item).toMatchObject({ occurred_precision: want.precision, occurred_at: want.start, occurred_end: want.end });
      }
      const recalled = await memory.recall("What did Ada do?", { user_id: "ada" }, { tokenBudget: 1500 });
      // Each event's line names its span once: as its prefix, or in its text when the text says it ("last month (December 2022)").
      for (const want of expected) {
        const line = recalled.context.split("\n").find((candidate) => candidate.includes(want.summary));
        expect(line?.split(want.said)).toHaveLength(2);
      }
      // The chat agent's offline reply dates them the same way, never by the span's first day.
      const reply = toChatRecall("q", recalled).items.map(formatRecalledLine).join("\n");
      for (const want of expected) expect(reply).toContain(want.said);
      for (const firstDay of ["[16 January 2023]", "[1 December 2022]", "[1 June 2022]", "[1 January 2022]"]) expect(reply).not.toContain(firstDay);
      // The time filter: a range inside each span finds it; a range just after it does not.
      const timeHits = async (start: string, end: string) => {
        const lists = await searchMemories({ keywords: [], entities: [], searchText: "Ada", timeRange: { start, end } }, { userId: "ada", types: ["episodic"], asOf: "2030-01-01T00:00:00.000Z" }, parts);
        return lists.find((list) => list.method === "time")!.hits.map((hit) => (hit.item as EpisodicItem).occurred_precision);
      };
      expect(await timeHits("2023-01-18T00:00:00.000Z", "2023-01-19T00:00:00.000Z")).toEqual(["week"]);
      expect((await timeHits("2022-12-24T00:00:00.000Z", "2022-12-25T00:00:00.000Z")).sort()).toEqual(["month", "year"]);
      expect((await timeHits("2022-07-10T00:00:00.000Z", "2022-07-11T00:00:00.000Z")).sort()).toEqual(["season", "year"]);
      expect((await timeHits("2022-03-01T00:00:00.000Z", "2022-03-02T00:00:00.000Z")).sort()).toEqual(["year"]);
      expect(await timeHits("2023-01-23T00:00:00.000Z", "2023-01-24T00:00:00.000Z")).toEqual([]);
    }

    it("LLM policy: record_memories takes occurred_precision, and the prompt says not to invent a day", async () => {
      const memory = await open((request) => {
        if (toolOf(request) === "search_memory") return { toolCall: { arguments: { topics: ["Ada"] } } };
        const episodic = [
          { summary: "visited Porto", occurred_at: "2023-01-18", occurred_precision: "week" },
          { summary: "moved flats", occurred_at: "2022-12-15", occurred_precision: "month" },
          { summary: "hiked the Alps", occurred_at: "2022-07-01", occurred_precision: "season" },
          { summary: "learnt the cello", occurred_at: "2022-05-05", occurred_precision: "year" },
        ].map((draft, index) => ({ ...draft, text: `Ada ${draft.summary}.`, actor: "Ada", sources: [`m${index + 1}`] }));
        return { toolCall: { arguments: { memory_types: ["episodic"], episodic } } };
      });
      await memory.add(messages, { user_id: "ada" });
      const [request] = stub!.chatRequests();
      expect(systemOf(request!)).toContain("Never invent a day for a coarser phrase");
      expect(JSON.stringify(request!.tools?.[0]?.function?.parameters)).toContain('"occurred_precision"');
      await expectSpans(memory, (item, summary) => item.summary === summary);
    });

    it("offline policy: last week, last month, last summer and last year", async () => {
      const memory = await open(null);
      const said = [
        "I visited Porto last week.",
        "I moved flats last month.",
        "I hiked the Alps last summer.",
        "I learnt the cello last year.",
      ];
      await memory.add(
        said.map((content, index) => ({ id: `m${index + 1}`, speaker: "Ada", content, timestamp: "2023-01-25T10:00:00Z" })),
        { user_id: "ada" },
      );
      await expectSpans(memory, (item, summary) => item.text.includes(summary));
    });
  });

  describe("assistant replies that restate recalled memories are not drafted again", () => {
    const seed = { id: "s1", speaker: "Ada", content: "I moved to Lisbon in March 2024.", timestamp: "2024-04-01T09:00:00Z" };
    const echo = "You told me you moved to Lisbon in March 2024.";

    async function chatOnce(memory: Engram) {
      await memory.add([seed], { user_id: "ada" });
      const graph = createChatGraph({ memory, chatModel: new ScriptedChatModel(() => echo), checkpointer: new MemorySaver(), userId: "ada", speaker: "Ada", now: () => new Date("2024-05-01T09:00:00Z") });
      await graph.invoke({ messages: [new HumanMessage("Where did I move to?")] }, { configurable: { thread_id: "t1" } });
      const stored = await memory.messages({ user_id: "ada" });
      const reply = stored.find((item) => item.role === "assistant")!;
      expect(reply).toMatchObject({ content: echo, echoes_memory: true });
      expect(stored.find((item) => item.role === "user" && item.id !== "s1")!.echoes_memory).toBe(false);
      const items = (await Promise.all((["episodic", "semantic", "core"] as const).map((type) => memory.list({ user_id: "ada" }, { type })))).flat();
      expect(items.filter((item) => item.sources.includes(reply.id))).toEqual([]);
      return reply;
    }

    it("LLM policy: the echo is shown as context, marked, never in the batch", async () => {
      const memory = await open(memoryModelReplies());
      const reply = await chatOnce(memory);
      const ingest = stub!.chatRequests().filter((request) => toolOf(request) === "record_memories").at(-1)!;
      expect(systemOf(ingest)).toContain("Do not draft from assistant replies that restate memories the assistant recalled");
      expect(promptMessages(ingest).map((line) => line.id)).not.toContain(reply.id);
      expect(userOf(ingest)).toContain(`[${reply.id}]`);
      expect(userOf(ingest)).toContain("(restates recalled memories)");
    });

    it("offline policy", async () => {
      await chatOnce(await open(null));
    });
  });

  describe("display names, never raw user ids", () => {
    it("with a name (--name), no request and no memory contains the user id", async () => {
      const memory = await open(memoryModelReplies());
      const graph = createChatGraph({ memory, chatModel: new ScriptedChatModel(() => "Noted."), checkpointer: new MemorySaver(), userId: "conv-48", speaker: "Ada" });
      await graph.invoke({ messages: [new HumanMessage("I adopted a cat called Miso last week.")] }, { configurable: { thread_id: "t1" } });
      await graph.invoke({ messages: [new HumanMessage("What is my cat called?")] }, { configurable: { thread_id: "t1" } });
      expect(stub!.chatRequests().length).toBeGreaterThanOrEqual(3);
      for (const request of stub!.chatRequests()) expect(JSON.stringify(request.messages)).not.toContain("conv-48");
      const items = await memory.list({ user_id: "conv-48" }, { type: "episodic" });
      expect(items.length).toBeGreaterThan(0);
      expect(items.map((item) => item.text).join("\n")).toContain("Ada");
      for (const item of items) expect(JSON.stringify({ ...item, user_id: "" })).not.toContain("conv-48");
    });

    it("without a name, prompts and offline memories say 'the user', not the id, and learn the name", async () => {
      const memory = await open(null);
      await memory.add([{ id: "m1", content: "My name is Ada and I moved to Lisbon last month.", timestamp: "2024-04-01T09:00:00Z" }], { user_id: "ada" });
      const items = (await Promise.all((["episodic", "semantic", "core"] as const).map((type) => memory.list({ user_id: "ada" }, { type })))).flat();
      const texts = items.map((item) => item.text).join("\n");
      expect(texts).toContain("The user's name is Ada");
      expect(texts).not.toMatch(/\bada\b/);
      await memory.close();

      stub = await startOpenAiStub({ chat: memoryModelReplies() });
      engram = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: parts.embedder.dimensions }), chatModel: chatModel(stub) });
      await engram.add([{ id: "m1", content: "I moved to Lisbon last month.", timestamp: "2024-04-01T09:00:00Z" }], { user_id: "conv-48" });
      const [request] = stub.chatRequests();
      expect(promptMessages(request!).map((line) => line.speaker)).toEqual(["The user"]);
      expect(JSON.stringify(request!.messages)).not.toContain("conv-48");
    });
  });

  describe("search_memory: prompt and schema agree", () => {
    it("derives the prompt's topic counts from the schema's limits", () => {
      expect(TOPICS_SYSTEM_PROMPT).toContain(`topics: ${MIN_TOPICS} to ${MAX_TOPICS} short search phrases`);
      const topics = Array.from({ length: MAX_TOPICS + 1 }, (_, index) => `topic ${index}`);
      expect(TopicsAnswerSchema.safeParse({ topics: topics.slice(0, MAX_TOPICS) }).success).toBe(true);
      expect(TopicsAnswerSchema.safeParse({ topics }).success).toBe(false);
      expect(TopicsAnswerSchema.safeParse({ topics: topics.slice(0, MIN_TOPICS - 1) }).success).toBe(false);
    });

    it("describes every field, and asks time_range for ISO dates, in the tool sent to the model", async () => {
      const memory = await open(() => ({ toolCall: { arguments: { topics: ["Lisbon"], time_range: { start: "2024-03-01", end: "2024-03-31" } } } }));
      await memory.recall("Where did I go in March?", { user_id: "ada" });
      const [request] = stub!.chatRequests();
      const schema = request!.tools![0]!.function!.parameters as { properties: Record<string, { description?: string; anyOf?: { properties?: Record<string, { description?: string }> }[]; items?: { maxItems?: number } }>; };
      for (const [field, property] of Object.entries(schema.properties)) expect([field, property.description ?? ""]).toEqual([field, expect.stringMatching(/\w/)]);
      expect(JSON.stringify(schema.properties.topics)).toContain(`"maxItems":${MAX_TOPICS}`);
      const range = JSON.stringify(schema.properties.time_range);
      expect(range).toMatch(/start[^}]*YYYY-MM-DD/);
      expect(range).toMatch(/end[^}]*YYYY-MM-DD/);
    });
  });
});
