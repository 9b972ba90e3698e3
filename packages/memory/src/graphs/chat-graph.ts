import { AIMessage, HumanMessage, RemoveMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { Annotation, END, MessagesAnnotation, START, StateGraph, type BaseCheckpointSaver, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { maskSensitiveValues } from "../sensitive/vault-detector";
import { buildChatSystemPrompt, DEFAULT_CHAT_SYSTEM_PROMPT, SUMMARY_INSTRUCTIONS } from "../chat/chat-prompt";
import { toChatRecall, type ChatRecall } from "../chat/chat-recall";
import { formatOfflineReply, type OfflineReplyOptions } from "../chat/offline-reply";
import {
  extractiveSummary,
  messageText,
  overflowMessages,
  quoteMessages,
  ShortTermMemoryOptionsSchema,
  windowMessages,
  type ShortTermMemoryOptions,
} from "../chat/short-term-memory";
import { EngramError, ModelError, ValidationError } from "../errors/engram-error";
import type { AddOptions, AddResult } from "../ingest/add-types";
import type { RecallOptions, RecallResult } from "../recall/recall-types";
import type { MessageInput } from "../schema/message";
import { IdSchema, type ScopeInput } from "../schema/scope";
import { DEFAULT_TOKEN_BUDGET } from "../defaults";

/** The long-term memory the chat graph reads and writes: an `Engram` fits. */
export interface ChatMemory {
  recall(query: string, scope: ScopeInput, options?: RecallOptions): Promise<RecallResult>;
  add(messages: MessageInput[], scope: ScopeInput, options?: AddOptions): Promise<AddResult>;
}

/** Options of {@link createChatGraph}. */
export interface ChatGraphOptions {
  /** Long-term memory (an `Engram`). */
  memory: ChatMemory;
  /** Answers with this model; without one, the reply quotes what was recalled ({@link formatOfflineReply}). */
  chatModel?: BaseChatModel;
  /** Keeps each thread's short-term memory (e.g. `SqliteSaver`); a LangGraph server injects its own. */
  checkpointer?: BaseCheckpointSaver;
  /** How old turns leave the token window. @default { strategy: "trim", maxTokens: 2000 } */
  shortTerm?: ShortTermMemoryOptions;
  /** Whose memory to use when the run's `configurable.user_id` is not set. */
  userId?: string;
  /** The user's name in ingested messages (`configurable.speaker` overrides). @default the user id */
  speaker?: string;
  /** Most tokens of recalled context per answer (cl100k_base). @default 1500 */
  tokenBudget?: number;
  /** Earlier user turns passed to recall as `recentTurns`. @default 4 */
  recentTurns?: number;
  /** Instructions of the chat model. @default {@link DEFAULT_CHAT_SYSTEM_PROMPT} */
  systemPrompt?: string;
  /** Layout of the reply without a chat model. @default single line */
  offlineReply?: OfflineReplyOptions;
  /** Clock. @default () => new Date() */
  now?: () => Date;
}

/** State of the chat graph: the thread's messages, the summary of older turns and the latest recall. */
export const ChatState = Annotation.Root({
  ...MessagesAnnotation.spec,
  /** Summary of turns removed from the thread (`summarize` strategy); "" when none. */
  summary: Annotation<string>({ reducer: (_previous, next) => next, default: () => "" }),
  /** What the `recall` node found for the latest user message. */
  recalled: Annotation<ChatRecall | null>({ reducer: (_previous, next) => next, default: () => null }),
});
export type ChatStateType = typeof ChatState.State;

/**
 * Builds the demo chat agent (docs/architecture.md, "Chat"): `recall` (active recall for the latest user
 * message and the turns before it) → `answer` (the chat model with the recalled context and the
 * thread's latest turns in a token window, streamed; without a model, a reply quoting what was
 * recalled, with dates and sources, never an invented answer) → `ingest` (the user's message, and
 * the model's answer, into long-term memory) → `shortTermMemory` (keeps the thread within its token
 * window: trim, summarize or delete, see {@link ShortTermMemoryOptionsSchema}).
 *
 * Run it with `configurable: { thread_id, user_id? }`; the thread id also becomes the session id
 * of ingested messages.
 *
 * @throws ValidationError (from a run) when neither `userId` nor `configurable.user_id` names a user.
 * @throws ModelError (from a run) when the chat model fails.
 * @example
 * const graph = createChatGraph({ memory: engram, checkpointer: new MemorySaver(), userId: "ada" });
 * const state = await graph.invoke({ messages: [new HumanMessage("Where do I live?")] }, { configurable: { thread_id: "t1" } });
 */
export function createChatGraph(options: ChatGraphOptions) {
  const shortTerm = ShortTermMemoryOptionsSchema.parse(options.shortTerm ?? {});
  const now = options.now ?? (() => new Date());
  const recentTurnCount = options.recentTurns ?? 4;

  const userOf = (config: LangGraphRunnableConfig): string => {
    const configured: unknown = config.configurable?.user_id;
    const userId = typeof configured === "string" && configured !== "" ? configured : options.userId;
    const parsed = IdSchema.safeParse(userId);
    if (!parsed.success) throw new ValidationError("the chat graph needs a user: pass `userId` or set `configurable.user_id`", { location: "user_id" });
    return parsed.data;
  };

  const recall = async (state: ChatStateType, config: LangGraphRunnableConfig) => {
    const humans = state.messages.filter((message) => message.getType() === "human");
    const latest = state.messages.at(-1);
    if (latest === undefined || latest.getType() !== "human") return { recalled: null };
    const query = messageText(latest);
    const recentTurns = humans.slice(0, -1).slice(-recentTurnCount).map(messageText);
    const result = await options.memory.recall(query, { user_id: userOf(config) }, { tokenBudget: options.tokenBudget ?? DEFAULT_TOKEN_BUDGET, recentTurns, signal: config.signal });
    return { recalled: toChatRecall(query, result) };
  };

  const answer = async (state: ChatStateType, config: LangGraphRunnableConfig) => {
    if (options.chatModel === undefined) return { messages: [new AIMessage(formatOfflineReply(state.recalled, options.offlineReply))] };
    const system = new SystemMessage(
      buildChatSystemPrompt({ instructions: options.systemPrompt ?? DEFAULT_CHAT_SYSTEM_PROMPT, summary: state.summary, recalled: state.recalled, now: now() }),
    );
    const window = (await windowMessages(state.messages, shortTerm.maxTokens)).map(maskForModel);
    const response = await callModel(options.chatModel, () => options.chatModel!.invoke([system, ...window], config), config.signal);
    return { messages: [response] };
  };

  const ingest = async (state: ChatStateType, config: LangGraphRunnableConfig) => {
    const start = findLastIndex(state.messages, (message) => message.getType() === "human");
    if (start === -1) return {};
    const threadId: unknown = config.configurable?.thread_id;
    const sessionId = typeof threadId === "string" && threadId !== "" ? { session_id: threadId } : {};
    const speakerSetting: unknown = config.configurable?.speaker;
    const user = userOf(config);
    const speaker = typeof speakerSetting === "string" && speakerSetting !== "" ? speakerSetting : (options.speaker ?? user);
    const timestamp = now().toISOString();
    const echoes = (state.recalled?.items.length ?? 0) > 0;
    const turn: MessageInput[] = [];
    for (const message of state.messages.slice(start)) {
      const content = messageText(message);
      if (content.trim() === "") continue;
      const id = message.id === undefined ? {} : { id: message.id };
      if (message.getType() === "human") turn.push({ ...id, role: "user", speaker, content, timestamp, ...sessionId });
      // An offline reply only repeats memories: ingesting it would store them again. A model's
      // reply built on recalled memories is stored marked, so no policy drafts them again from it.
      else if (message.getType() === "ai" && options.chatModel !== undefined) {
        turn.push({ ...id, role: "assistant", speaker: "assistant", content, timestamp, ...sessionId, ...(echoes ? { echoes_memory: true } : {}) });
      }
    }
    if (turn.length > 0) await options.memory.add(turn, { user_id: user, ...sessionId }, { signal: config.signal });
    return {};
  };

  const shortTermMemory = async (state: ChatStateType, config: LangGraphRunnableConfig) => {
    if (shortTerm.strategy === "trim") return {};
    const dropped = overflowMessages(state.messages, shortTerm.maxTokens).filter((message) => message.id !== undefined);
    if (dropped.length === 0) return {};
    const removals = dropped.map((message) => new RemoveMessage({ id: message.id! }));
    if (shortTerm.strategy === "delete") return { messages: removals };
    const summaryBudget = Math.max(50, Math.floor(shortTerm.maxTokens / 2));
    let summary = extractiveSummary(state.summary, dropped, summaryBudget);
    if (options.chatModel !== undefined) {
      const transcript = maskSensitiveValues([...(state.summary === "" ? [] : [`Existing summary:\n${state.summary}`]), quoteMessages(dropped)].join("\n\n")).masked;
      const model = options.chatModel;
      const response = await callModel(model, () => model.invoke([new SystemMessage(SUMMARY_INSTRUCTIONS), new HumanMessage(transcript)], { ...config, tags: ["nostream"] }), config.signal);
      const written = messageText(response).trim();
      if (written !== "") summary = written;
    }
    return { summary, messages: removals };
  };

  return new StateGraph(ChatState)
    .addNode("recall", recall)
    .addNode("answer", answer)
    .addNode("ingest", ingest)
    .addNode("shortTermMemory", shortTermMemory)
    .addEdge(START, "recall")
    .addEdge("recall", "answer")
    .addEdge("answer", "ingest")
    .addEdge("ingest", "shortTermMemory")
    .addEdge("shortTermMemory", END)
    .compile({ name: "chat", ...(options.checkpointer ? { checkpointer: options.checkpointer } : {}) });
}

/** Runs a model call, wrapping its failure (not an abort) in a `ModelError`. */
async function callModel<T>(model: BaseChatModel, call: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (signal?.aborted || EngramError.isInstance(error)) throw error;
    const named: unknown = "model" in model ? model.model : undefined;
    const modelId = typeof named === "string" ? named : model.getName();
    throw new ModelError(`chat model ${modelId} failed: ${error instanceof Error ? error.message : String(error)}`, { modelId, cause: error });
  }
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) if (predicate(items[index]!)) return index;
  return -1;
}

/**
 * The message with its sensitive values (keys, cards, emails, phones, ...) replaced by
 * placeholders: what the user typed stays local, the model sees `[api_key]` (docs/architecture.md,
 * "Sensitive values").
 */
function maskForModel(message: BaseMessage): BaseMessage {
  const text = messageText(message);
  const { masked } = maskSensitiveValues(text);
  if (masked === text) return message;
  if (message.getType() === "human") return new HumanMessage({ content: masked, id: message.id });
  if (message.getType() === "ai") return new AIMessage({ content: masked, id: message.id });
  return message;
}

/** The latest AI message of a chat state's messages, or undefined. */
export function lastAnswer(messages: BaseMessage[]): BaseMessage | undefined {
  const index = findLastIndex(messages, (message) => message.getType() === "ai");
  return index === -1 ? undefined : messages[index];
}
