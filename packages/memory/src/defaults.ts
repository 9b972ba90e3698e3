import type { IngestPolicy } from "./ingest/ingest-policy";
import { createLlmPolicy, type LlmPolicyOptions } from "./ingest/llm/llm-policy";
import { createOfflinePolicy } from "./ingest/offline/offline-policy";
import type { ChatModel } from "./models/chat-model";

/** Messages per ingest graph run (`batching.size`, `AddOptions.batchSize`). */
export const DEFAULT_BATCH_SIZE = 20;

/** Most tokens (cl100k_base) of a recalled context (`RecallOptions.tokenBudget`, the chat graph, the CLI, the bench headline). */
export const DEFAULT_TOKEN_BUDGET = 1500;

/** Unindexed full-text rows above which `add` optimizes the store (`EngramOptions.optimizeAfterRows`). */
export const DEFAULT_OPTIMIZE_AFTER_ROWS = 512;

/**
 * The default ingest policy: the LLM policy when a chat model is given, else the offline policy.
 *
 * @throws ValidationError for invalid LLM policy settings.
 */
export function defaultIngestPolicy(options: { chatModel?: ChatModel; llm?: Omit<LlmPolicyOptions, "model" | "offline"> }): IngestPolicy {
  return options.chatModel ? createLlmPolicy({ ...options.llm, model: options.chatModel }) : createOfflinePolicy();
}
