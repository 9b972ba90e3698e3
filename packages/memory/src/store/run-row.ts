import { z } from "zod";

/**
 * One row of the `runs` table: the accounts of one graph run. Ingest runs are recorded for every
 * batch; recall runs only when they called a model (a row per offline recall would only grow
 * the table).
 */
export const RunRowSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  kind: z.enum(["ingest", "recall"]),
  /** Ingest policy name (`offline`, `llm:<model>`), or `recall`. */
  policy: z.string(),
  created_at: z.string(),
  /** Wall time of the run, milliseconds. */
  duration_ms: z.number(),
  /** Messages processed (ingest runs; 0 for recall). */
  messages: z.number().int(),
  /** Chat-model requests (retries included). */
  llm_calls: z.number().int(),
  /** From the API's `usage.prompt_tokens`. */
  prompt_tokens: z.number().int(),
  /** From the API's `usage.completion_tokens`. */
  completion_tokens: z.number().int(),
  /** Wall time in model requests, milliseconds. */
  llm_ms: z.number(),
  /** JSON object: usage per graph node (`{ "metaManager": { calls, promptTokens, completionTokens, durationMs } }`). */
  by_node: z.string(),
  /** Why the batch was drafted offline instead (invalid model output), or null. */
  fallback: z.string().nullable(),
  /** The error that left the batch pending, or null. */
  error: z.string().nullable(),
});
export type RunRow = z.infer<typeof RunRowSchema>;
