import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { CliConfig } from "../config";

/** Sent as the API key to an OpenAI-compatible server configured without one (Ollama, vLLM, ...). */
const NO_API_KEY = "not-needed";

/**
 * The chat model of `engram chat` and the Studio chat graph: `ChatOpenAI` for `ENGRAM_CHAT_MODEL`
 * on the server of `OPENAI_BASE_URL` (OpenAI when unset) with `OPENAI_API_KEY`, streaming; or
 * `undefined` when no chat model is configured (the agent then answers from memory only).
 */
export function createChatModel(config: CliConfig): BaseChatModel | undefined {
  if (config.chatModel === undefined) return undefined;
  return new ChatOpenAI({
    model: config.chatModel,
    apiKey: config.openai.apiKey ?? NO_API_KEY,
    streaming: true,
    maxRetries: 1,
    ...(config.openai.baseUrl === undefined ? {} : { configuration: { baseURL: config.openai.baseUrl } }),
  });
}
