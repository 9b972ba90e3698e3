import { ChatOpenAI } from "@langchain/openai";

/** Options of {@link createOpenAiChatModel}. */
export interface OpenAiChatModelOptions {
  /** Model name, e.g. `gpt-4o-mini`. */
  model: string;
  apiKey: string;
  /** OpenAI-compatible endpoint, e.g. `http://127.0.0.1:11434/v1`. @default OpenAI's */
  baseURL?: string;
  /** Per-request timeout, milliseconds. @default 60000 */
  timeoutMs?: number;
  /** Retries after a failed request (429, 5xx, network), with exponential backoff. @default 2 */
  maxRetries?: number;
  /** @default 0 */
  temperature?: number;
}

/**
 * A `ChatOpenAI` for the bench's answerer and judge, with bounded retries and timeouts. Works with
 * every OpenAI-compatible server through `configuration.baseURL`.
 */
export function createOpenAiChatModel(options: OpenAiChatModelOptions): ChatOpenAI {
  return new ChatOpenAI({
    model: options.model,
    apiKey: options.apiKey,
    temperature: options.temperature ?? 0,
    timeout: options.timeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 2,
    ...(options.baseURL ? { configuration: { baseURL: options.baseURL } } : {}),
  });
}
