import type { IngestPolicy } from "./ingest-policy";
import { createLlmPolicy, type LlmPolicyOptions } from "./llm/llm-policy";
import { createOfflinePolicy } from "./offline/offline-policy";
import type { ChatModel } from "../models/chat-model";

/**
 * The default ingest policy: the LLM policy when a chat model is given, else the offline policy.
 *
 * @throws ValidationError for invalid LLM policy settings.
 */
export function defaultIngestPolicy(options: { chatModel?: ChatModel; llm?: Omit<LlmPolicyOptions, "model" | "offline">; graph?: boolean }): IngestPolicy {
  return options.chatModel ? createLlmPolicy({ ...options.llm, model: options.chatModel }) : createOfflinePolicy({ graph: options.graph ?? true });
}
