import { ChatOpenAI } from "@langchain/openai";
import { startOpenAiStub, toolOf, type OpenAiStub } from "@engram/testing";
import { Engram, HashEmbedder, InMemoryMemoryStore, type MemoryItem } from "../src/index";

const NOW = new Date("2024-06-01T00:00:00.000Z");
const embedder = new HashEmbedder();

function episode(id: string, session: string, text: string): MemoryItem {
  const at = "2024-01-01T00:00:00.000Z";
  return {
    type: "episodic", id, user_id: "ada", agent_id: "agent", session_id: session, text, created_at: at, updated_at: at, valid_from: at, valid_to: null,
    sources: [`m-${id}`], importance: 0.5, access_count: 0, last_accessed_at: null, key: "", occurred_at: at, occurred_precision: "day", occurred_end: null,
    event_type: "event", actor: "Ada", summary: text, details: "",
  } as MemoryItem;
}

/** Two sessions of six distinct events each: two summaries, one reflection. */
const ITEMS = ["s1", "s2"].flatMap((session) =>
  ["ran a marathon", "baked bread", "visited Porto", "adopted a cat", "painted a mural", "learned the cello"].map((thing, index) => episode(`${session}e${index}`, session, `Ada ${thing} with her ${["sister", "team", "father", "partner", "class", "friend"][index]} in ${session}.`)),
);

describe("Engram.consolidate with a chat model (stub server)", () => {
  let stub: OpenAiStub;
  afterEach(() => stub.close());

  it("makes one summary call per summarized session and one reflection call per pass, then none on a second pass", async () => {
    stub = await startOpenAiStub({
      chat: (request) => {
        if (toolOf(request) === "summarize_session") return { toolCall: { arguments: { summary: "Ada spent the session with family and friends.", event_ids: ["s1e0", "s2e1"] } } };
        if (toolOf(request) === "reflect") return { toolCall: { arguments: { insights: [{ text: "Ada's family is her main motivation.", based_on: ["s1e0", "s1e2", "nope"] }, { text: "Unfounded.", based_on: ["nope"] }] } } };
        return { error: { status: 400, message: `unexpected tool ${toolOf(request)}` } };
      },
    });
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const vectors = await embedder.embedMany(ITEMS.map((item) => item.text));
    await store.upsertItems("episodic", ITEMS.map((item, index) => ({ ...item, vector: vectors[index]! })));
    const chatModel = new ChatOpenAI({ model: "stub-model", apiKey: "test-key", maxRetries: 0, configuration: { baseURL: stub.baseURL } });
    const engram = await Engram.open({ store, embedder, chatModel, llm: { method: "functionCalling" }, now: () => NOW, retention: { archiveBelow: 0 } });

    const result = await engram.consolidate({ user: "ada" });
    const tools = stub.chatRequests().map(toolOf);
    expect(tools.filter((tool) => tool === "summarize_session")).toHaveLength(2);
    expect(tools.filter((tool) => tool === "reflect")).toHaveLength(1);
    expect(result.llm.calls).toBe(3);
    expect(result.counts).toMatchObject({ summarize: 2, reflect: 1 });
    const summaries = result.changes.filter((change) => change.step === "summarize");
    expect(summaries.map((change) => change.sources)).toEqual([["m-s1e0"], ["m-s2e1"]]);
    const insight = result.changes.find((change) => change.step === "reflect")!;
    expect(insight).toMatchObject({ memoryType: "semantic", text: "Ada's family is her main motivation.", sources: ["m-s1e0", "m-s1e2"] });

    stub.reset();
    expect((await engram.consolidate({ user: "ada" })).changes).toEqual([]);
    expect(stub.chatRequests()).toEqual([]);
    await engram.close();
  });
});
