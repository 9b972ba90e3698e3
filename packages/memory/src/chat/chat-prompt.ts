import { maskSensitiveValues } from "../sensitive/vault-detector";
import type { ChatRecall } from "./chat-recall";

/** The default instructions of the chat agent's model. */
export const DEFAULT_CHAT_SYSTEM_PROMPT =
  "You are a helpful assistant with a long-term memory of this user. Use the recalled memories below when they are relevant, " +
  "say when you do not know something, and never invent memories. Dates in the memories are when things happened or were said.";

/** Inputs of {@link buildChatSystemPrompt}. */
export interface ChatSystemPromptInput {
  instructions: string;
  /** Summary of earlier turns of the thread ("" when none). */
  summary: string;
  recalled: ChatRecall | null;
  /** The current time, so the model can place relative dates. */
  now: Date;
}

/** The system message of one answer: instructions, today's date, the thread summary and the recalled context (sensitive values masked). */
export function buildChatSystemPrompt(input: ChatSystemPromptInput): string {
  const sections = [input.instructions, `Today is ${input.now.toISOString().slice(0, 10)}.`];
  if (input.summary !== "") sections.push(`Summary of the earlier conversation:\n${input.summary}`);
  // Vault values recalled verbatim (emails, phones) stay local: the model sees placeholders.
  const context = maskSensitiveValues(input.recalled?.context.trim() ?? "").masked;
  sections.push(context === "" ? "Recalled memories: none." : `Recalled memories (with dates and source message ids):\n${context}`);
  return sections.join("\n\n");
}

/** Instructions for folding turns into the running summary (summarize strategy, with a model). */
export const SUMMARY_INSTRUCTIONS =
  "Write a short summary of the conversation below for the assistant's own notes: who said what, facts, decisions and open questions. " +
  "Extend the existing summary if one is given. Answer with the summary only.";
