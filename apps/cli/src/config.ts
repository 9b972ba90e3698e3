import path from "node:path";
import { z } from "zod";
import { isObjectStoreUri, parseSecretKey, SHORT_TERM_STRATEGIES, ValidationError, type ShortTermStrategy } from "@engram/memory";
import { formatZodIssues } from "@engram/memory/internal";

/** Embedding providers the CLI knows by name (`ENGRAM_EMBEDDER`). */
export const EMBEDDER_PROVIDERS = ["hash", "transformers", "openai"] as const;
export type EmbedderProvider = (typeof EMBEDDER_PROVIDERS)[number];

/**
 * The environment variables the CLI reads. This is the only place in Engram that reads
 * `process.env`; everything below the CLI takes its settings as arguments.
 */
const CliEnvSchema = z.object({
  /** Default for `--db`: a folder, or an object-store URI (`s3://`, `gs://`, `az://`). @default "./.engram" */
  ENGRAM_DB: z.string().min(1).optional(),
  /**
   * LanceDB storage options for an object-store database, as a JSON object of strings, e.g.
   * `{"region":"eu-west-1"}` or `{"endpoint":"http://127.0.0.1:9000","allow_http":"true"}`.
   */
  ENGRAM_STORAGE_OPTIONS: z
    .string()
    .transform((text, context) => {
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(text));
      } catch {
        context.addIssue({ code: "custom", message: "expected a JSON object of string values" });
        return z.NEVER;
      }
    })
    .optional(),
  /** Embedding provider: `hash` (built in), `transformers` (local ONNX folder) or `openai` (any OpenAI-compatible `/v1/embeddings`). @default "hash" */
  ENGRAM_EMBEDDER: z.enum(EMBEDDER_PROVIDERS).default("hash"),
  /** `openai`: the embedding model name. @default "text-embedding-3-small" */
  ENGRAM_EMBED_MODEL: z.string().min(1).optional(),
  /** `transformers`: the local ONNX sentence-embedding model folder. */
  ENGRAM_EMBED_MODEL_PATH: z.string().min(1).optional(),
  /** `openai`: vector length, needed for models other than OpenAI's own. */
  ENGRAM_EMBED_DIMENSIONS: z.coerce.number().int().positive().optional(),
  /** Key of an OpenAI-compatible server, for chat and embedding models. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Base URL of an OpenAI-compatible server, e.g. `http://localhost:11434/v1`. */
  OPENAI_BASE_URL: z.url().optional(),
  /** Chat model name for `engram chat`, the LLM ingest policy and active retrieval. */
  ENGRAM_CHAT_MODEL: z.string().min(1).optional(),
  /**
   * AES-256 key (64 hex characters or base64 of 32 bytes) that encrypts high-sensitivity secrets
   * at rest. Unset: a key file `<db>/secret.key` is created with mode 0600 on first use.
   */
  ENGRAM_SECRET_KEY: z.string().min(1).optional(),
  /** Structured output: `functionCalling` (tools) or `jsonMode` (servers without tools). @default "functionCalling" */
  ENGRAM_LLM_METHOD: z.enum(["functionCalling", "jsonMode"]).default("functionCalling"),
  /** Retries of a failed model request (HTTP 429/5xx, timeouts). @default 2 */
  ENGRAM_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** First retry delay, milliseconds (doubles each retry). @default 1000 */
  ENGRAM_LLM_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  /** Time limit of one model request, milliseconds. @default 60000 */
  ENGRAM_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** Messages per ingest batch (one LLM call each with a chat model). @default 20 */
  ENGRAM_BATCH_SIZE: z.coerce.number().int().positive().default(20),
  /** Set by most CI systems; turns the progress bar off. */
  CI: z.string().optional(),
  /** How `engram chat` keeps old turns within its token window: trim, summarize or delete. @default "trim" */
  ENGRAM_SHORT_TERM: z.enum(SHORT_TERM_STRATEGIES).default("trim"),
  /** Default user of the Studio chat graph when a run sets no `configurable.user_id`. */
  ENGRAM_USER: z.string().min(1).optional(),
  /** Size of `engram chat`'s window of recent turns, in tokens. @default 2000 */
  ENGRAM_SHORT_TERM_TOKENS: z.coerce.number().int().min(50).max(1_000_000).default(2000),
  /** `engram chat`: a background consolidation pass after every N messages stored per user; 0 never. @default 0 */
  ENGRAM_CONSOLIDATE_EVERY: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** Settings the CLI derives from its environment. */
export interface CliConfig {
  /** Database folder used when `--db` is not given: `$ENGRAM_DB`, else `./.engram` (absolute). */
  defaultDb: string;
  embedder: EmbedderProvider;
  /** `ENGRAM_EMBED_MODEL`: the openai embedding model name. */
  embeddingModel: string | undefined;
  /** `ENGRAM_EMBED_MODEL_PATH`: the transformers model folder. */
  embeddingModelPath: string | undefined;
  /** `ENGRAM_EMBED_DIMENSIONS`. */
  embeddingDimensions: number | undefined;
  /** Settings of chat-model calls. */
  llm: { method: "functionCalling" | "jsonMode"; maxRetries: number; retryBaseDelayMs: number; timeoutMs: number };
  /** Messages per ingest batch. */
  batchSize: number;
  /** The OpenAI-compatible server, for embeddings and chat. */
  openai: { apiKey: string | undefined; baseUrl: string | undefined };
  /** Chat model name; `undefined` when no chat model is configured (offline replies). */
  chatModel: string | undefined;
  /** True when running under CI (`$CI` set and not "false" or "0"). */
  ci: boolean;
  /** Short-term memory of `engram chat` and the Studio chat graph (`--short-term`, `--window` override). */
  shortTerm: { strategy: ShortTermStrategy; maxTokens: number };
  /** `ENGRAM_USER`: the Studio chat graph's user when a run names none. */
  defaultUser: string | undefined;
  /** `ENGRAM_CONSOLIDATE_EVERY`: `engram chat`'s background consolidation, every N stored messages per user (`--consolidate-every` overrides); 0 never. */
  consolidateEvery: number;
  /** `PATH`, where `engram graph` looks for a Mermaid renderer. */
  searchPath: string | undefined;
  /** `ENGRAM_SECRET_KEY`, or undefined to use the store's key file. */
  secretKey: string | undefined;
  /** `ENGRAM_STORAGE_OPTIONS`: LanceDB storage options for an object-store database. */
  storageOptions: Record<string, string> | undefined;
}

/**
 * Reads the CLI's settings from `env` (normally `process.env`). Empty variables count as unset.
 *
 * @throws ValidationError naming the variable when one has a value the CLI does not accept.
 */
export function readCliConfig(env: NodeJS.ProcessEnv, cwd: string): CliConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = CliEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error.issues);
    throw new ValidationError(`bad environment variable: ${issues.join("; ")}`, { issues, location: "environment" });
  }
  const vars = parsed.data;
  if (vars.ENGRAM_SECRET_KEY !== undefined) {
    try {
      parseSecretKey(vars.ENGRAM_SECRET_KEY);
    } catch (error) {
      throw new ValidationError(`bad environment variable: ENGRAM_SECRET_KEY: ${(error as Error).message}`, { location: "environment", cause: error });
    }
  }
  return {
    defaultDb: vars.ENGRAM_DB !== undefined && isObjectStoreUri(vars.ENGRAM_DB) ? vars.ENGRAM_DB : path.resolve(cwd, vars.ENGRAM_DB ?? ".engram"),
    storageOptions: vars.ENGRAM_STORAGE_OPTIONS,
    embedder: vars.ENGRAM_EMBEDDER,
    embeddingModel: vars.ENGRAM_EMBED_MODEL,
    embeddingModelPath: vars.ENGRAM_EMBED_MODEL_PATH,
    embeddingDimensions: vars.ENGRAM_EMBED_DIMENSIONS,
    llm: { method: vars.ENGRAM_LLM_METHOD, maxRetries: vars.ENGRAM_LLM_MAX_RETRIES, retryBaseDelayMs: vars.ENGRAM_LLM_RETRY_DELAY_MS, timeoutMs: vars.ENGRAM_LLM_TIMEOUT_MS },
    batchSize: vars.ENGRAM_BATCH_SIZE,
    openai: { apiKey: vars.OPENAI_API_KEY, baseUrl: vars.OPENAI_BASE_URL },
    chatModel: vars.ENGRAM_CHAT_MODEL ?? (vars.OPENAI_API_KEY !== undefined || vars.OPENAI_BASE_URL !== undefined ? "gpt-4o-mini" : undefined),
    ci: vars.CI !== undefined && vars.CI !== "false" && vars.CI !== "0",
    shortTerm: { strategy: vars.ENGRAM_SHORT_TERM, maxTokens: vars.ENGRAM_SHORT_TERM_TOKENS },
    defaultUser: vars.ENGRAM_USER,
    consolidateEvery: vars.ENGRAM_CONSOLIDATE_EVERY,
    searchPath: env.PATH,
    secretKey: vars.ENGRAM_SECRET_KEY,
  };
}
