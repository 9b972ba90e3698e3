import type { LlmUsage } from "./answer-types";

/** Reads LangChain's `usage_metadata` off a message; zeros when absent. */
export function usageOf(message: unknown): LlmUsage {
  if (typeof message !== "object" || message === null) return { inputTokens: 0, outputTokens: 0 };
  const usage = (message as { usage_metadata?: { input_tokens?: unknown; output_tokens?: unknown } }).usage_metadata;
  return {
    inputTokens: typeof usage?.input_tokens === "number" ? usage.input_tokens : 0,
    outputTokens: typeof usage?.output_tokens === "number" ? usage.output_tokens : 0,
  };
}
