// packages/memory/README.md's example "Use Engram inside your own LangGraph agent", run by tests/memory-agent.test.ts.
import type { Engram } from "@engram/memory";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, SystemMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { MessagesAnnotation, START, END, StateGraph, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { z } from "zod";

type State = typeof MessagesAnnotation.State;

const lastUserMessage = (state: State) => state.messages.filter((message) => message.getType() === "human").at(-1);

/** Your agent: recall before answering, a memory-search tool, and store each user turn afterwards. */
export function createMemoryAgent(engram: Engram, model: BaseChatModel) {
  const scope = (config: LangGraphRunnableConfig) => ({ user_id: String(config.configurable?.user_id) });

  // A store-backed tool the model may call to look further.
  const searchMemory = tool(
    async ({ query }, config: LangGraphRunnableConfig) => {
      const { context } = await engram.recall(query, scope(config), { tokenBudget: 800 });
      return context || "Nothing remembered about that.";
    },
    { name: "search_memory", description: "Search the user's long-term memory.", schema: z.object({ query: z.string() }) },
  );
  if (model.bindTools === undefined) throw new Error("this model cannot call tools");
  const llm = model.bindTools([searchMemory]);

  // A node that recalls for the latest user message, then lets the model answer.
  const agent = async (state: State, config: LangGraphRunnableConfig) => {
    const question = lastUserMessage(state)?.text ?? "";
    const { context } = await engram.recall(question, scope(config), { tokenBudget: 500 });
    const reply = await llm.invoke([new SystemMessage(`What you remember about the user:\n${context}`), ...state.messages], config);
    return { messages: [reply] };
  };

  // A node that stores the user's message once the turn is answered.
  const remember = async (state: State, config: LangGraphRunnableConfig) => {
    const last = lastUserMessage(state);
    if (last) await engram.add([{ id: last.id, role: "user", content: last.text }], scope(config));
    return {};
  };

  const next = (state: State) => {
    const last = state.messages.at(-1);
    return last instanceof AIMessage && (last.tool_calls?.length ?? 0) > 0 ? "tools" : "remember";
  };

  return new StateGraph(MessagesAnnotation)
    .addNode("agent", agent)
    .addNode("tools", new ToolNode([searchMemory]))
    .addNode("remember", remember)
    .addEdge(START, "agent")
    .addConditionalEdges("agent", next, ["tools", "remember"])
    .addEdge("tools", "agent")
    .addEdge("remember", END)
    .compile();
}
