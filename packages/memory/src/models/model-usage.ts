/**
 * One chat-model request as Engram accounts for it. Token counts come from the API's `usage`
 * fields (LangChain `AIMessage.usage_metadata`); a failed request counts as a call with 0 tokens.
 */
export interface ModelCallRecord {
  /** Graph node that made the call, e.g. `metaManager`, `semanticAgent`, `activeRetrieval`. */
  node: string;
  /** Prompt (input) tokens, from the API's `usage.prompt_tokens`. */
  promptTokens: number;
  /** Completion (output) tokens, from the API's `usage.completion_tokens`. */
  completionTokens: number;
  /** Wall time of the request, milliseconds. */
  durationMs: number;
  /** False when the request failed (HTTP error, timeout, invalid output). */
  ok: boolean;
}

/** Summed model usage of one node or one run. */
export interface LlmUsageTotals {
  /** Chat-model requests made (retries included). */
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Wall time spent in model requests, milliseconds. */
  durationMs: number;
}

/** Model usage of a graph run (or several), in total and per graph node. */
export interface LlmUsage extends LlmUsageTotals {
  byNode: Record<string, LlmUsageTotals>;
}

/** Receives each model request as it finishes. */
export type ModelCallListener = (record: ModelCallRecord) => void;

/** Usage with every count at zero. */
export function emptyLlmUsage(): LlmUsage {
  return { calls: 0, promptTokens: 0, completionTokens: 0, durationMs: 0, byNode: {} };
}

/** Sums call records into totals per node. */
export function summarizeModelCalls(records: readonly ModelCallRecord[]): LlmUsage {
  const usage = emptyLlmUsage();
  for (const record of records) {
    usage.byNode[record.node] ??= { calls: 0, promptTokens: 0, completionTokens: 0, durationMs: 0 };
    const node = usage.byNode[record.node]!;
    for (const totals of [usage, node]) {
      totals.calls += 1;
      totals.promptTokens += record.promptTokens;
      totals.completionTokens += record.completionTokens;
      totals.durationMs += record.durationMs;
    }
  }
  return usage;
}

/** Adds `more` into `into` (in place) and returns `into`. */
export function addLlmUsage(into: LlmUsage, more: LlmUsage): LlmUsage {
  into.calls += more.calls;
  into.promptTokens += more.promptTokens;
  into.completionTokens += more.completionTokens;
  into.durationMs += more.durationMs;
  for (const [name, totals] of Object.entries(more.byNode)) {
    into.byNode[name] ??= { calls: 0, promptTokens: 0, completionTokens: 0, durationMs: 0 };
    const node = into.byNode[name]!;
    node.calls += totals.calls;
    node.promptTokens += totals.promptTokens;
    node.completionTokens += totals.completionTokens;
    node.durationMs += totals.durationMs;
  }
  return into;
}

/** Prompt and completion tokens of one model answer. */
export type TokenUsage = Pick<LlmUsageTotals, "promptTokens" | "completionTokens">;

/**
 * Reads the token counts LangChain puts on a message (`AIMessage.usage_metadata`, from the API's
 * `usage` fields); zeros where the provider reported none. The one reader of usage for the
 * library and the bench.
 */
export function readTokenUsage(message: unknown): TokenUsage {
  if (typeof message !== "object" || message === null) return { promptTokens: 0, completionTokens: 0 };
  const usage = (message as { usage_metadata?: { input_tokens?: unknown; output_tokens?: unknown } }).usage_metadata;
  return {
    promptTokens: typeof usage?.input_tokens === "number" ? usage.input_tokens : 0,
    completionTokens: typeof usage?.output_tokens === "number" ? usage.output_tokens : 0,
  };
}
