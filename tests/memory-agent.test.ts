import path from "node:path";
import { Engram } from "@engram/memory";
import { startOpenAiStub, type OpenAiStub } from "@engram/testing";
import { HumanMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { createMemoryAgent } from "./helpers/memory-agent";
import { makeTempDir, removeTempDir } from "./helpers/run-cli";

/** packages/memory/README.md's example: @engram/memory imported by another workspace package, inside its own LangGraph agent. */
describe("Engram inside your own LangGraph agent", () => {
  let dir: string;
  let engram: Engram;
  let stub: OpenAiStub;

  beforeAll(async () => {
    dir = await makeTempDir();
    engram = await Engram.open({ path: path.join(dir, "db") });
    await engram.add([{ id: "m1", role: "user", speaker: "Ada", content: "I moved to Lisbon last month.", timestamp: "2024-05-02T10:00:00Z" }], { user_id: "ada" });
    stub = await startOpenAiStub({
      script: [{ toolCall: { name: "search_memory", arguments: { query: "where Ada lives" } } }, { content: "You live in Lisbon." }],
    });
  });

  afterAll(async () => {
    await stub.close();
    await engram.close();
    await removeTempDir(dir);
  });

  it("recalls in a node, searches memory through a tool, and stores the user's turn", async () => {
    const model = new ChatOpenAI({ model: "stub", apiKey: "test", configuration: { baseURL: stub.baseURL } });
    const agent = createMemoryAgent(engram, model);
    const state = await agent.invoke({ messages: [new HumanMessage({ id: "m2", content: "Where do I live?" })] }, { configurable: { user_id: "ada" } });
    expect(state.messages.at(-1)?.text).toBe("You live in Lisbon.");
    const [first, second] = stub.chatRequests();
    expect(String(first?.messages[0]?.content)).toMatch(/What you remember about the user:[\s\S]*Lisbon/);
    expect(first?.tools?.[0]?.function?.name).toBe("search_memory");
    const toolResult = second?.messages.find((message) => message.role === "tool");
    expect(String(toolResult?.content)).toMatch(/Lisbon.*\[m1\]/);
    expect((await engram.messages({ user_id: "ada" })).map((message) => message.content)).toEqual(["I moved to Lisbon last month.", "Where do I live?"]);
  });
});
