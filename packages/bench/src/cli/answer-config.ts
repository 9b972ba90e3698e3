import type { AnswerModeOptions } from "../answer/answer-questions";
import { ChatAnswerer } from "../answer/answerer";
import { createOpenAiChatModel } from "../answer/chat-model";
import { ChatJudge } from "../answer/judge";
import type { RetrievalSystem } from "../bench-records";

/** The environment variables answer mode reads. */
export interface AnswerEnvironment {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  ENGRAM_CHAT_MODEL?: string;
  ENGRAM_JUDGE_MODEL?: string;
}

/** Default answer model (`ENGRAM_CHAT_MODEL`); the judge defaults to the same. */
export const DEFAULT_CHAT_MODEL = "gpt-4o-mini";

/**
 * Answer mode from the environment: `OPENAI_API_KEY` (may be omitted when `OPENAI_BASE_URL`
 * points at a local server that needs none), `OPENAI_BASE_URL`, `ENGRAM_CHAT_MODEL` (default
 * gpt-4o-mini) and `ENGRAM_JUDGE_MODEL` (default: the chat model).
 *
 * @throws Error naming the missing variable when neither a key nor a base URL is set.
 */
export function answerModeFromEnvironment(env: AnswerEnvironment, systems: RetrievalSystem[], concurrency: number): AnswerModeOptions {
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  const apiKey = env.OPENAI_API_KEY?.trim() || (baseURL ? "not-needed" : undefined);
  if (!apiKey) throw new Error("--answer needs a chat model: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server)");
  const chatModel = env.ENGRAM_CHAT_MODEL?.trim() || DEFAULT_CHAT_MODEL;
  const judgeModel = env.ENGRAM_JUDGE_MODEL?.trim() || chatModel;
  const connection = { apiKey, ...(baseURL ? { baseURL } : {}) };
  return {
    answerer: new ChatAnswerer(createOpenAiChatModel({ model: chatModel, ...connection }), chatModel),
    judge: new ChatJudge(createOpenAiChatModel({ model: judgeModel, ...connection }), judgeModel),
    systems,
    concurrency,
  };
}
