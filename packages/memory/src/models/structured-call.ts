import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import { ModelError, ModelOutputError } from "../errors/engram-error";
import { chatModelId, type ChatModel, type ModelCallSettings } from "./chat-model";
import type { ModelCallListener } from "./model-usage";
import { formatZodIssues } from "../errors/zod-issues";
import { readTokenUsage } from "./model-usage";

/** One structured request to a chat model. */
export interface StructuredCallRequest<T> {
  model: ChatModel;
  /** Validates the model's arguments; its JSON schema (zod `toJSONSchema`) is what the model sees. */
  schema: z.ZodType<T>;
  /** Tool (function) name, e.g. `record_memories`. */
  name: string;
  system: string;
  user: string;
  /** Graph node making the call, for accounting. */
  node: string;
  settings: ModelCallSettings;
  signal?: AbortSignal;
  onCall?: ModelCallListener;
  /** Waits between retries. @default a timer that the signal cancels */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface RawAnswer {
  raw: BaseMessage;
  parsed: unknown;
}

/**
 * Asks `model` for one structured answer and validates it with zod.
 *
 * - Structured output through `withStructuredOutput(jsonSchema, { method, includeRaw: true })`, so
 *   the raw message (and its `usage_metadata`) comes back with the parsed arguments.
 * - Retryable failures (HTTP 429 and 5xx, timeouts, connection errors) are retried up to
 *   `settings.maxRetries` times with exponential backoff (`retryBaseDelayMs` × 2^attempt).
 * - Output that fails validation is asked for once more, with the validation errors in the
 *   prompt (Instructor's re-ask pattern, https://python.useinstructor.com/concepts/retrying/).
 * - Every request is reported to `onCall` with its tokens and time.
 *
 * @returns the validated value.
 * @throws ModelOutputError when the output is still invalid after the re-ask.
 * @throws ModelError for a failed request after the retries (`isRetryable` tells whether a later
 *   retry may succeed), or a non-retryable one (HTTP 400, 401, 404).
 * @throws the signal's reason when `signal` aborts.
 */
export async function callStructured<T>(request: StructuredCallRequest<T>): Promise<T> {
  const { model, schema, settings } = request;
  const modelId = chatModelId(model);
  const jsonSchema = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete jsonSchema.$schema;
  const system =
    settings.method === "jsonMode"
      ? `${request.system}\n\nAnswer with one JSON object (no prose) that matches this JSON schema:\n${JSON.stringify(jsonSchema)}`
      : request.system;
  const runnable = model.withStructuredOutput(jsonSchema, { name: request.name, method: settings.method, includeRaw: true });
  let messages: BaseMessage[] = [new SystemMessage(system), new HumanMessage(request.user)];
  let lastIssues: string[] = [];
  for (let reask = 0; reask < 2; reask++) {
    const answer = await invokeWithRetry(() => runnable.invoke(messages, { signal: timeoutSignal(request) }) as Promise<RawAnswer>, request, modelId);
    const value = answer.parsed ?? rawArguments(answer.raw);
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    lastIssues = formatZodIssues(result.error.issues, "(root)");
    const shown = typeof value === "string" ? value : JSON.stringify(value);
    messages = [
      ...messages.slice(0, 2),
      new AIMessage(`Previous answer: ${(shown ?? "").slice(0, 4000)}`),
      new HumanMessage(`That answer was invalid:\n- ${lastIssues.slice(0, 20).join("\n- ")}\nAnswer again with ${request.name} arguments that match the schema exactly.`),
    ];
  }
  throw new ModelOutputError(`${modelId} returned invalid ${request.name} output twice: ${lastIssues.slice(0, 3).join("; ")}`, { modelId, issues: lastIssues });
}

async function invokeWithRetry(invoke: () => Promise<RawAnswer>, request: StructuredCallRequest<unknown>, modelId: string): Promise<RawAnswer> {
  const sleep = request.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    request.signal?.throwIfAborted();
    const started = performance.now();
    try {
      const answer = await invoke();
      request.onCall?.({ node: request.node, ...readTokenUsage(answer.raw), durationMs: performance.now() - started, ok: true });
      return answer;
    } catch (error) {
      request.onCall?.({ node: request.node, promptTokens: 0, completionTokens: 0, durationMs: performance.now() - started, ok: false });
      if (request.signal?.aborted) throw request.signal.reason;
      const retryable = isRetryableModelFailure(error);
      if (!retryable || attempt >= request.settings.maxRetries) {
        const attempts = attempt + 1;
        throw new ModelError(`${modelId} ${request.name} call failed${attempts > 1 ? ` after ${attempts} attempts` : ""}: ${describeFailure(error)}`, {
          modelId,
          cause: error,
          isRetryable: retryable,
        });
      }
      await sleep(request.settings.retryBaseDelayMs * 2 ** attempt, request.signal);
    }
  }
}

function timeoutSignal(request: StructuredCallRequest<unknown>): AbortSignal {
  const timeout = AbortSignal.timeout(request.settings.timeoutMs);
  return request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
}

/** Arguments of the first tool call, else the text content (JSON mode), from a raw model message. */
function rawArguments(raw: BaseMessage): unknown {
  const message = raw as { tool_calls?: { args?: unknown }[]; invalid_tool_calls?: { args?: unknown }[]; content?: unknown };
  if (message.tool_calls?.[0]) return message.tool_calls[0].args;
  if (message.invalid_tool_calls?.[0]) return message.invalid_tool_calls[0].args;
  if (typeof message.content === "string") {
    try {
      return JSON.parse(message.content) as unknown;
    } catch {
      return message.content;
    }
  }
  return null;
}

/**
 * Whether a failed request may succeed when sent again: HTTP 408, 409, 429 and 5xx, timeouts and
 * connection errors (the OpenAI SDK's classification, https://github.com/openai/openai-node#retries).
 */
export function isRetryableModelFailure(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { status, name, code, lc_error_code: lcCode } = error as { status?: unknown; name?: unknown; code?: unknown; lc_error_code?: unknown };
  if (typeof status === "number") return status === 408 || status === 409 || status === 429 || status >= 500;
  if (lcCode === "MODEL_RATE_LIMIT") return true;
  if (typeof name === "string" && /Timeout|Connection|Abort/i.test(name)) return true;
  if (typeof code === "string" && /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|UND_ERR/.test(code)) return true;
  const message = error instanceof Error ? error.message : "";
  return /timed? ?out|aborted|ECONNREFUSED|ECONNRESET|socket hang up|fetch failed/i.test(message);
}

function describeFailure(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  const message = error instanceof Error ? error.message : String(error);
  return typeof status === "number" && !message.includes(String(status)) ? `HTTP ${status}: ${message}` : message;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
