import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { maskSensitiveValues, type ChatModel, type RecallResult } from "@engram/memory";

/** Version of the chat agent's answer prompt. */
export const CHAT_PROMPT_VERSION = "chat-v1";

const SYSTEM_PROMPT = `You are a helpful assistant with a long-term memory of the user.
Answer the user's message using the memories below when they are relevant; each line has its date and source message ids.
If the memories do not cover the question, say so briefly rather than guessing. Values like [email] or [withheld] are redacted: never guess them.`;

/**
 * The chat agent's answer with a chat model: one call with the packed recalled context, the
 * latest turns and the message. Every text is masked by the vault detector first, so no
 * sensitive value (an email or phone shown in the context) reaches the model.
 *
 * @throws the model's error (the REPL reports it and goes on).
 */
export async function replyWithModel(model: ChatModel, recalled: RecallResult, message: string, recentTurns: string[], signal?: AbortSignal): Promise<string> {
  const mask = (text: string) => maskSensitiveValues(text).masked;
  const turns = recentTurns.length > 0 ? `\n\nLatest turns:\n${recentTurns.map(mask).join("\n")}` : "";
  const answer = await model.invoke([new SystemMessage(`${SYSTEM_PROMPT}\n\nMemories:\n${mask(recalled.context) || "(none)"}${turns}`), new HumanMessage(mask(message))], { signal });
  const text = typeof answer.content === "string" ? answer.content : answer.content.map((part) => ("text" in part && typeof part.text === "string" ? part.text : "")).join("");
  return text.trim();
}
