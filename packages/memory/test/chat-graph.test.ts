import { AIMessageChunk, HumanMessage } from "@langchain/core/messages";
import { MemorySaver } from "@langchain/langgraph";
import { createChatGraph, Engram, lastAnswer, messageText, NOTHING_RECALLED_REPLY, ValidationError, InMemoryMemoryStore } from "../src/index";
import { ScriptedChatModel } from "./scripted-chat-model";

/** A fresh in-memory store for the default embedder (HashEmbedder, 512 dimensions): no folder per test. */
const inMemoryStore = () => new InMemoryMemoryStore({ dimensions: 512 });

/** Answers in turn from `answers` (the last one repeats); a summary request gets `summary`. */
function scripted(answers: string[], summary = "SUMMARY") {
  let next = 0;
  return new ScriptedChatModel((messages) => {
    if (messageText(messages[0]!).startsWith("Write a short summary")) return summary;
    return answers[Math.min(next++, answers.length - 1)]!;
  });
}

const ADA_MOVED = "My name is Ada and I moved to Lisbon last month.";

describe("createChatGraph", () => {
  let engram: Engram;

  beforeEach(async () => {
    engram = await Engram.open({ store: inMemoryStore() });
  });

  afterEach(async () => {
    await engram.close();
  });

  const say = async (graph: ReturnType<typeof createChatGraph>, thread: string, text: string) => {
    const state = await graph.invoke({ messages: [new HumanMessage(text)] }, { configurable: { thread_id: thread } });
    return { state, reply: messageText(lastAnswer(state.messages)!) };
  };

  it("without a model, answers from memory with dates and sources, across threads, and never invents", async () => {
    const graph = createChatGraph({ memory: engram, checkpointer: new MemorySaver(), userId: "ada", speaker: "Ada" });
    expect((await say(graph, "t1", ADA_MOVED)).reply).toBe(NOTHING_RECALLED_REPLY);
    const { reply, state } = await say(graph, "t2", "Where do I live?");
    expect(reply).toMatch(/^From memory: \[\d{1,2} \w+ \d{4}\] .*Lisbon.*\(.+\)/);
    expect(state.messages).toHaveLength(2);
    expect(state.recalled?.items.some((item) => item.text.includes("Lisbon"))).toBe(true);
    const stored = await engram.messages({ user_id: "ada" });
    expect(stored.map((message) => [message.role, message.speaker, message.session_id])).toEqual([
      ["user", "Ada", "t1"],
      ["user", "Ada", "t2"],
    ]);
  });

  it("streams the model's answer from the answer node, with the recalled context in its instructions", async () => {
    const model = scripted(["Noted, Ada.", "You live in Lisbon."]);
    const graph = createChatGraph({ memory: engram, chatModel: model, checkpointer: new MemorySaver(), userId: "ada" });
    await say(graph, "t1", ADA_MOVED);
    const chunks: string[] = [];
    for await (const [message, metadata] of await graph.stream(
      { messages: [new HumanMessage("Where do I live?")] },
      { configurable: { thread_id: "t1" }, streamMode: "messages" },
    )) {
      if ((metadata as { langgraph_node?: string }).langgraph_node === "answer" && AIMessageChunk.isInstance(message)) chunks.push(messageText(message));
    }
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe("You live in Lisbon.");
    const lastCall = model.calls.at(-1)!;
    expect(lastCall[0]?.getType()).toBe("system");
    expect(messageText(lastCall[0]!)).toMatch(/Recalled memories[\s\S]*Lisbon/);
    expect(lastCall.slice(1).map(messageText)).toEqual([ADA_MOVED, "Noted, Ada.", "Where do I live?"]);
    const stored = await engram.messages({ user_id: "ada" });
    expect(stored.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("trim keeps every turn in the thread but sends the model only the latest turns that fit the window", async () => {
    const model = scripted(["ok"]);
    const graph = createChatGraph({ memory: engram, chatModel: model, checkpointer: new MemorySaver(), userId: "ada", shortTerm: { strategy: "trim", maxTokens: 50 } });
    let state: Awaited<ReturnType<typeof say>>["state"] | undefined;
    for (let turn = 1; turn <= 6; turn++) ({ state } = await say(graph, "t", `This is turn number ${turn} of a long conversation about gardening and tomatoes.`));
    expect(state!.messages).toHaveLength(12);
    const sent = model.calls.at(-1)!.slice(1);
    expect(sent.length).toBeLessThan(12);
    expect(sent[0]?.getType()).toBe("human");
    expect(messageText(sent.at(-1)!)).toMatch(/turn number 6/);
  });

  it("sends the model placeholders instead of the secrets the user typed, and keeps them in the vault", async () => {
    const model = scripted(["Saved."]);
    const graph = createChatGraph({ memory: engram, chatModel: model, checkpointer: new MemorySaver(), userId: "ada", speaker: "Ada" });
    const key = "sk-proj-Z9y8X7w6V5u4T3s2R1q0PONM";
    await say(graph, "t1", `My OpenAI API key is ${key}, keep it safe.`);
    await say(graph, "t1", "Thanks!");
    expect(model.calls.length).toBeGreaterThanOrEqual(2);
    for (const call of model.calls) for (const message of call) expect(messageText(message)).not.toContain(key);
    expect(JSON.stringify(model.calls.map((call) => call.map(messageText)))).toContain("[api_key]");
    const vault = await engram.list({ user_id: "ada" }, { type: "knowledge_vault", revealSecrets: true });
    expect(vault.map((item) => (item.type === "knowledge_vault" ? item.secret : ""))).toContain(key);
  });

  it("delete removes turns that fall out of the window, keeping the latest exchange", async () => {
    const graph = createChatGraph({ memory: engram, checkpointer: new MemorySaver(), userId: "ada", shortTerm: { strategy: "delete", maxTokens: 60 } });
    let state: Awaited<ReturnType<typeof say>>["state"] | undefined;
    for (let turn = 1; turn <= 5; turn++) ({ state } = await say(graph, "t", `Turn ${turn}: I planted ${turn} rows of tomatoes in the garden today.`));
    const texts = state!.messages.map(messageText);
    expect(texts.length).toBeLessThan(10);
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(state!.messages[0]?.getType()).toBe("human");
    expect(texts.at(-2)).toMatch(/^Turn 5:/);
    expect(texts.some((text) => text.startsWith("Turn 1:"))).toBe(false);
    expect(state!.summary).toBe("");
  });

  it("summarize folds turns that fall out of the window into the summary", async () => {
    const graph = createChatGraph({ memory: engram, checkpointer: new MemorySaver(), userId: "ada", shortTerm: { strategy: "summarize", maxTokens: 60 } });
    let state: Awaited<ReturnType<typeof say>>["state"] | undefined;
    for (let turn = 1; turn <= 5; turn++) ({ state } = await say(graph, "t", `Turn ${turn}: I planted ${turn} rows of tomatoes in the garden today.`));
    expect(state!.messages.map(messageText).some((text) => text.startsWith("Turn 1:"))).toBe(false);
    // The newest dropped user turns, quoted; older quotes leave when the summary outgrows half the window.
    expect(state!.summary).toMatch(/^The user said: "Turn \d: I planted \d rows of tomatoes/);
    expect(state!.summary).toContain('"Turn 4: I planted 4 rows');
  });

  it("summarize asks the model for the summary when there is one, and gives it to the next answer", async () => {
    const model = scripted(["ok"], "SUMMARY: Ada grows tomatoes.");
    const graph = createChatGraph({ memory: engram, chatModel: model, checkpointer: new MemorySaver(), userId: "ada", shortTerm: { strategy: "summarize", maxTokens: 50 } });
    let state: Awaited<ReturnType<typeof say>>["state"] | undefined;
    for (let turn = 1; turn <= 4; turn++) ({ state } = await say(graph, "t", `Turn ${turn}: I planted ${turn} rows of tomatoes in the garden today.`));
    expect(state!.summary).toBe("SUMMARY: Ada grows tomatoes.");
    const answerCalls = model.calls.filter((call) => !messageText(call[0]!).startsWith("Write a short summary"));
    expect(answerCalls).toHaveLength(4);
    expect(messageText(answerCalls.at(-1)![0]!)).toMatch(/Summary of the earlier conversation:\nSUMMARY: Ada grows tomatoes\./);
  });

  it("takes the user from configurable.user_id, and fails clearly without one", async () => {
    const graph = createChatGraph({ memory: engram, checkpointer: new MemorySaver() });
    await graph.invoke({ messages: [new HumanMessage("I love tomatoes.")] }, { configurable: { thread_id: "t", user_id: "bo" } });
    expect((await engram.stats({ user_id: "bo" })).messages).toBe(1);
    await expect(graph.invoke({ messages: [new HumanMessage("hi")] }, { configurable: { thread_id: "u" } })).rejects.toThrow(ValidationError);
  });
});
