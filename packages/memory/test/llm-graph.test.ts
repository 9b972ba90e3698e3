import { ChatOpenAI } from "@langchain/openai";
import { startOpenAiStub, toolOf, type OpenAiStub } from "@engram/testing";
import { Engram, InMemoryMemoryStore } from "../src/index";

/** The LLM path of graph memory: relations ride in the one structured call per batch. */
describe("graph memory with a chat model (stub)", () => {
  let stub: OpenAiStub;
  let engram: Engram;
  afterEach(async () => {
    await engram?.close();
    await stub?.close();
  });

  it("asks for relations in the same call, one call per batch, and stores the relations it returns", async () => {
    stub = await startOpenAiStub({
      chat: (request) => {
        const prompt = JSON.stringify(request.messages);
        const batch = prompt.includes("[m3]") ? "second" : "first";
        return {
          toolCall: {
            arguments: {
              memory_types: ["semantic"],
              semantic: [{ text: `fact of the ${batch} batch`, sources: [batch === "first" ? "m1" : "m3"], name: "x", summary: "x" }],
              relations:
                batch === "first"
                  ? [
                      { subject: "Ada", subject_type: "person", predicate: "lives in", object: "Lisbon", object_type: "place", sources: ["m1"] },
                      { subject: "Ada", predicate: "sibling", object: "Grace", object_type: "person", sources: ["elsewhere"] },
                    ]
                  : [{ subject: "Ada", subject_type: "person", predicate: "lives_in", object: "Porto", object_type: "place", sources: ["m3"] }],
            },
          },
        };
      },
    });
    const chatModel = new ChatOpenAI({ model: "stub-model", apiKey: "test-key", maxRetries: 0, configuration: { baseURL: stub.baseURL } });
    const store = new InMemoryMemoryStore({ dimensions: 512 });
    engram = await Engram.open({ store, chatModel, llm: { retryBaseDelayMs: 1, method: "functionCalling" } });
    const result = await engram.add(
      [
        { id: "m1", speaker: "Ada", content: "I live in Lisbon.", timestamp: "2024-03-04T09:00:00Z" },
        { id: "m2", speaker: "Ada", content: "My sister is Grace.", timestamp: "2024-03-04T09:01:00Z" },
        { id: "m3", speaker: "Ada", content: "We moved to Porto.", timestamp: "2024-06-01T09:00:00Z" },
      ],
      { user_id: "ada" },
      { batchSize: 2 },
    );
    const tools = stub.chatRequests().map(toolOf);
    expect(tools).toEqual(["record_memories", "record_memories"]);
    expect(JSON.stringify(stub.chatRequests()[0]!.tools ?? stub.chatRequests()[0])).toContain("relations");
    expect(result.warnings.join("\n")).toMatch(/relation Ada sibling Grace citing no message of the batch/);
    const relations = await store.listGraphRows("relations", "ada");
    expect(relations.map((relation) => [relation.text, relation.valid_to])).toEqual(
      expect.arrayContaining([
        ["Ada lives in Lisbon", "2024-06-01T09:00:00.000Z"],
        ["Ada lives in Porto", null],
      ]),
    );
    expect(relations).toHaveLength(2);
    expect((await store.listGraphRows("entities", "ada")).find((entity) => entity.name === "Lisbon")).toMatchObject({ entity_type: "place", sources: ["m1"] });
  });
});
