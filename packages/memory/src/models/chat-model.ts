import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { z } from "zod";

/**
 * Any LangChain chat model: `ChatOpenAI` from `@langchain/openai` for OpenAI and every
 * OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio), or any other provider's class.
 * It must implement `withStructuredOutput` (every tool-calling chat model does).
 */
export type ChatModel = BaseChatModel;

/** How structured output is asked for. */
export const StructuredOutputMethodSchema = z.enum(["functionCalling", "jsonMode"]);
/**
 * - `functionCalling` (default): one tool whose parameters are the JSON schema, forced with
 *   `tool_choice` (OpenAI function calling; supported by OpenAI, vLLM, Ollama, llama.cpp server);
 * - `jsonMode`: `response_format: { type: "json_object" }` with the schema in the prompt, for
 *   servers without tools.
 */
export type StructuredOutputMethod = z.infer<typeof StructuredOutputMethodSchema>;

/** Options of every model call Engram makes (zod-validated; defaults in the schema). */
export const ModelCallOptionsSchema = z
  .object({
    /** @default "functionCalling" */
    method: StructuredOutputMethodSchema.default("functionCalling"),
    /** Retries after a retryable failure (HTTP 429 and 5xx, timeouts, connection errors). @default 2 */
    maxRetries: z.number().int().min(0).max(10).default(2),
    /** First backoff delay in milliseconds; doubles on each retry. @default 1000 */
    retryBaseDelayMs: z.number().int().min(0).default(1000),
    /** Time limit of one request, milliseconds. @default 60000 */
    timeoutMs: z.number().int().positive().default(60_000),
  })
  .strict();
/** What callers pass: every field optional. */
export type ModelCallOptions = z.input<typeof ModelCallOptionsSchema>;
/** Parsed {@link ModelCallOptions} with defaults applied. */
export type ModelCallSettings = z.output<typeof ModelCallOptionsSchema>;

/** A name for the model in errors and history: its `model` field when it has one (ChatOpenAI), else its class name. */
export function chatModelId(model: ChatModel): string {
  const named = (model as unknown as { model?: unknown }).model;
  return typeof named === "string" && named !== "" ? named : model.getName();
}
