import { trimMessages, type BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import { countTokens } from "../recall/token-counter";

/**
 * How the chat agent keeps its short-term memory (the turns of one thread) within a token window,
 * the three strategies of LangGraph's short-term memory guide
 * (https://langchain-ai.github.io/langgraphjs/how-tos/memory/):
 * - `trim`: every turn is kept in the thread; only the latest turns that fit the window are sent
 *   to the chat model (`trimMessages` from @langchain/core);
 * - `summarize`: turns that fall out of the window are folded into a running summary (by the chat
 *   model when one is configured, else an extract of what was said) and removed from the thread;
 * - `delete`: turns that fall out of the window are removed from the thread.
 * Nothing is lost in any case: every user turn is also ingested into long-term memory.
 */
export const SHORT_TERM_STRATEGIES = ["trim", "summarize", "delete"] as const;
export type ShortTermStrategy = (typeof SHORT_TERM_STRATEGIES)[number];

/** Settings of the chat agent's short-term memory. */
export const ShortTermMemoryOptionsSchema = z
  .object({
    /** @default "trim" */
    strategy: z.enum(SHORT_TERM_STRATEGIES).default("trim"),
    /** Size of the window of recent turns, in cl100k_base tokens. @default 2000 */
    maxTokens: z.number().int().min(50).max(1_000_000).default(2000),
  })
  .strict();
export type ShortTermMemoryOptions = z.input<typeof ShortTermMemoryOptionsSchema>;
export type ResolvedShortTermMemoryOptions = z.output<typeof ShortTermMemoryOptionsSchema>;

/** Tokens a message adds beyond its text (role and separators), as in OpenAI's chat format. */
const MESSAGE_OVERHEAD_TOKENS = 4;

/** The text of a message: its string content, or its text parts joined. */
export function messageText(message: BaseMessage): string {
  const content: unknown = message.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => (typeof part === "object" && part !== null && "text" in part && typeof part.text === "string" ? part.text : ""))
    .filter((text) => text !== "")
    .join("\n");
}

/** cl100k_base tokens of `messages`, counting a few tokens of overhead per message. */
export function countMessageTokens(messages: BaseMessage[]): number {
  return messages.reduce((sum, message) => sum + countTokens(messageText(message)) + MESSAGE_OVERHEAD_TOKENS, 0);
}

/**
 * The latest messages that fit `maxTokens`, starting on a user message (`trimMessages`, strategy
 * `last`). The latest message is kept even when it alone is larger than the window.
 */
export async function windowMessages(messages: BaseMessage[], maxTokens: number): Promise<BaseMessage[]> {
  const kept = await trimMessages(messages, { maxTokens, strategy: "last", tokenCounter: countMessageTokens, startOn: "human", allowPartial: false });
  const last = messages.at(-1);
  return kept.length === 0 && last !== undefined ? [last] : kept;
}

/**
 * The oldest messages to take out of a thread so that the rest fits `maxTokens`. What stays starts
 * on a user message and always holds the latest exchange (the last user message and what followed).
 */
export function overflowMessages(messages: BaseMessage[], maxTokens: number): BaseMessage[] {
  let latestExchange = messages.length;
  for (let index = messages.length - 1; index >= 0; index--) {
    if (messages[index]!.getType() === "human") {
      latestExchange = index;
      break;
    }
  }
  let cut = 0;
  let tokens = countMessageTokens(messages);
  while (cut < latestExchange && tokens > maxTokens) {
    tokens -= countMessageTokens([messages[cut]!]);
    cut += 1;
  }
  while (cut < latestExchange && messages[cut]!.getType() !== "human") cut += 1;
  return messages.slice(0, cut);
}

/** Longest quote of one message in a summary, characters. */
const QUOTE_CHARS = 240;

function quote(message: BaseMessage): string {
  const who = message.getType() === "human" ? "The user said" : message.getType() === "ai" ? "The assistant said" : `A ${message.getType()} message said`;
  const text = messageText(message).replace(/\s+/g, " ").trim();
  return `${who}: "${text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 3)}...` : text}"`;
}

/** The dropped turns as quoted lines, one per message, for a model to summarize. */
export function quoteMessages(messages: BaseMessage[]): string {
  return messages.map(quote).join("\n");
}

/**
 * A summary written without a model: the previous summary followed by what the user said in the
 * dropped messages (quoted, shortened), keeping only the newest part when it exceeds `maxTokens`.
 * The assistant's turns are left out: without a model they only repeat recalled memories.
 */
export function extractiveSummary(previous: string, dropped: BaseMessage[], maxTokens: number): string {
  const quotes = dropped.filter((message) => message.getType() === "human").map(quote);
  const parts = [...(previous === "" ? [] : previous.split("\n")), ...quotes];
  while (parts.length > 1 && countTokens(parts.join("\n")) > maxTokens) parts.shift();
  return parts.join("\n");
}
