import { z } from "zod";
import { ModelError, NotConfiguredError, ValidationError } from "../errors/engram-error";
import { isRetryableModelFailure } from "../models/structured-call";
import type { EmbedOptions, Embedder } from "./embedder";
import { formatZodIssues } from "../errors/zod-issues";

/** Vector lengths of OpenAI's embedding models (https://platform.openai.com/docs/guides/embeddings). */
const KNOWN_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

/** Options of {@link OpenAiEmbedder} (zod-validated; defaults in the schema). */
export const OpenAiEmbedderOptionsSchema = z
  .object({
    /** Embedding model name, e.g. `text-embedding-3-small`, `nomic-embed-text` (Ollama). */
    model: z.string().min(1),
    /** Base URL of the OpenAI-compatible API, ending in `/v1`. @default "https://api.openai.com/v1" */
    baseURL: z.url().default("https://api.openai.com/v1"),
    /** Sent as `Authorization: Bearer <apiKey>` when given (local servers need none). */
    apiKey: z.string().optional(),
    /**
     * Vector length. Required for models other than OpenAI's three (their lengths are known).
     * For `text-embedding-3-*`, a smaller value is sent as the API's `dimensions` (shortened vectors).
     */
    dimensions: z.number().int().positive().optional(),
    /** Texts per request. @default 256 */
    maxBatchSize: z.number().int().positive().max(2048).default(256),
    /** Retries after HTTP 429 and 5xx, timeouts and connection errors. @default 2 */
    maxRetries: z.number().int().min(0).max(10).default(2),
    /** First backoff delay, milliseconds; doubles on each retry. @default 1000 */
    retryBaseDelayMs: z.number().int().min(0).default(1000),
    /** Time limit of one request, milliseconds. @default 60000 */
    timeoutMs: z.number().int().positive().default(60_000),
  })
  .strict();
export type OpenAiEmbedderOptions = z.input<typeof OpenAiEmbedderOptionsSchema> & {
  /** HTTP client. @default globalThis.fetch */
  fetch?: typeof fetch;
};

const EmbeddingsResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int(), embedding: z.array(z.number()) })),
});

/**
 * Embeddings from any OpenAI-compatible `POST /v1/embeddings` endpoint (OpenAI, Ollama, vLLM,
 * llama.cpp, LM Studio), with plain `fetch`. Vectors are L2-normalized, so the store's cosine
 * distance applies whatever the server returns.
 *
 * @throws ValidationError for invalid options; NotConfiguredError when `dimensions` is needed and missing.
 * @example
 * const embedder = new OpenAiEmbedder({ model: "nomic-embed-text", baseURL: "http://localhost:11434/v1", dimensions: 768 });
 */
export class OpenAiEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  readonly maxBatchSize: number;
  private readonly settings: z.output<typeof OpenAiEmbedderOptionsSchema>;
  private readonly fetch: typeof fetch;
  /** Whether `dimensions` is sent (only for OpenAI's shortenable models asked for fewer dimensions). */
  private readonly sendDimensions: boolean;

  constructor(options: OpenAiEmbedderOptions) {
    const { fetch: fetchOption, ...rest } = options;
    const parsed = OpenAiEmbedderOptionsSchema.safeParse(rest);
    if (!parsed.success) {
      throw new ValidationError("invalid OpenAI embedder options", { issues: formatZodIssues(parsed.error.issues) });
    }
    this.settings = parsed.data;
    const known = KNOWN_DIMENSIONS[this.settings.model];
    const dimensions = this.settings.dimensions ?? known;
    if (dimensions === undefined) {
      throw new NotConfiguredError("openai", `the vector length of ${this.settings.model} is not known; set its dimensions (ENGRAM_EMBED_DIMENSIONS)`);
    }
    this.dimensions = dimensions;
    this.sendDimensions = this.settings.model.startsWith("text-embedding-3") && dimensions !== known;
    this.maxBatchSize = this.settings.maxBatchSize;
    this.modelId = `openai:${this.settings.model}:${dimensions}`;
    this.fetch = fetchOption ?? globalThis.fetch;
  }

  /**
   * One unit-length vector per text, in input order.
   *
   * @throws ModelError for a failed request (after retries) or a response of the wrong shape or length.
   */
  async embedMany(texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.maxBatchSize) {
      options.signal?.throwIfAborted();
      vectors.push(...(await this.request(texts.slice(start, start + this.maxBatchSize), options.signal)));
    }
    return vectors;
  }

  private async request(input: string[], signal: AbortSignal | undefined): Promise<number[][]> {
    const body = JSON.stringify({ model: this.settings.model, input, encoding_format: "float", ...(this.sendDimensions ? { dimensions: this.dimensions } : {}) });
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.settings.apiKey) headers.authorization = `Bearer ${this.settings.apiKey}`;
    const url = `${this.settings.baseURL.replace(/\/+$/, "")}/embeddings`;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(this.settings.timeoutMs);
      let failure: unknown;
      try {
        const response = await this.fetch(url, { method: "POST", headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
        if (response.ok) return this.parse(await response.json(), input.length);
        failure = Object.assign(new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`), { status: response.status });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (ModelError.isInstance(error)) throw error;
        failure = error;
      }
      const retryable = isRetryableModelFailure(failure);
      if (!retryable || attempt >= this.settings.maxRetries) {
        throw new ModelError(`embeddings from ${this.settings.model} failed: ${(failure as Error).message}`, { modelId: this.modelId, cause: failure, isRetryable: retryable });
      }
      await new Promise((resolve) => setTimeout(resolve, this.settings.retryBaseDelayMs * 2 ** attempt));
    }
  }

  private parse(json: unknown, count: number): number[][] {
    const parsed = EmbeddingsResponseSchema.safeParse(json);
    if (!parsed.success || parsed.data.data.length !== count) {
      throw new ModelError(`embeddings from ${this.settings.model}: unexpected response shape`, { modelId: this.modelId });
    }
    const vectors = [...parsed.data.data].sort((a, b) => a.index - b.index).map((entry) => entry.embedding);
    for (const vector of vectors) {
      if (vector.length !== this.dimensions) {
        throw new ModelError(`embeddings from ${this.settings.model} have ${vector.length} dimensions, not ${this.dimensions}`, { modelId: this.modelId });
      }
    }
    return vectors.map((vector) => {
      const norm = Math.hypot(...vector);
      return norm === 0 ? vector : vector.map((value) => value / norm);
    });
  }
}
