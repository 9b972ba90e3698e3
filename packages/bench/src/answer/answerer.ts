import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { AnswerCallOptions, Answerer } from "./answer-types";
import type { TokenUsage } from "@engram/memory";
import { readTokenUsage } from "@engram/memory/internal";

/** Version of {@link ANSWER_SYSTEM_PROMPT}; recorded in every report. Bump it when the text changes. */
export const ANSWER_PROMPT_VERSION = "answer-v1";

/**
 * System prompt of the answerer, written for this bench after the answer prompts of Mem0's
 * LoCoMo evaluation (mem0ai/mem0 `evaluation/prompts.py`): answer briefly from the memories only,
 * resolving relative dates against the dates the memories carry.
 */
export const ANSWER_SYSTEM_PROMPT = [
  "You answer questions about a long conversation between two people, using only the memories given to you.",
  "The memories were recalled from that conversation; they may carry dates (when something was said or happened) and source ids.",
  "Rules:",
  "- Use only the memories. If they contradict each other, prefer the most recent one.",
  "- When a memory uses a relative time (\"last year\", \"yesterday\", \"next month\"), work out the actual date from the memory's date, and answer with that date, month or year.",
  "- Answer with a short phrase of at most 10 words: no explanation, no source ids.",
  "- If the memories do not contain the answer, reply exactly: Not mentioned.",
].join("\n");

/** The user message of the answerer: the recalled context, then the question. */
export function buildAnswerPrompt(question: string, context: string): string {
  return `Memories:\n${context.trim() === "" ? "(none)" : context}\n\nQuestion: ${question}\nAnswer:`;
}

/** {@link Answerer} on any LangChain chat model, with {@link ANSWER_SYSTEM_PROMPT}. */
export class ChatAnswerer implements Answerer {
  readonly promptVersion = ANSWER_PROMPT_VERSION;

  constructor(
    private readonly model: BaseChatModel,
    readonly modelName: string,
  ) {}

  async answer(question: string, context: string, options: AnswerCallOptions = {}): Promise<{ answer: string; usage: TokenUsage }> {
    const message = await this.model.invoke([new SystemMessage(ANSWER_SYSTEM_PROMPT), new HumanMessage(buildAnswerPrompt(question, context))], {
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { answer: message.text.trim(), usage: readTokenUsage(message) };
  }
}
