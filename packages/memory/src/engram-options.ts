import { z } from "zod";
import { parseOrThrow } from "./errors/zod-issues";
import { ModelCallOptionsSchema, type ModelCallSettings } from "./models/chat-model";
import { MEMORY_TYPES, MemoryTypeSchema } from "./schema/memory-type";
import type { SecretKeyInput } from "./crypto/secret-cipher";
import { DEFAULT_BATCH_SIZE, DEFAULT_COMPACT_AFTER_ACCESS_WRITES, DEFAULT_OPTIMIZE_AFTER_ROWS, DEFAULT_RELATION_SHARE } from "./defaults";
import type { Embedder } from "./embed/embedder";
import type { BatchingOptions } from "./ingest/add-types";
import type { IngestPolicy } from "./ingest/ingest-policy";
import type { LlmPolicyOptions } from "./ingest/llm/llm-policy";
import type { ChatModel } from "./models/chat-model";
import type { MemoryType } from "./schema/memory-type";
import type { MemoryStore } from "./store/memory-store";
import type { ConsolidationRulesInput } from "./consolidate/consolidation-rules";

/** Receives the library's log lines; silent by default. */
export interface EngramLogger {
  warn(message: string): void;
  info?(message: string): void;
}

/** Options of {@link Engram.open}: a store folder `path` (LanceDB, the default) or an injected `store`. */
export interface EngramOptions {
  /**
   * Store folder (LanceDB, embedded), created if missing; or an object-store URI (`s3://bucket/prefix`,
   * `gs://...`, `az://...`), which needs `secretKey` (no key file is kept there) and usually
   * `storageOptions`. Required unless `store` is given.
   */
  path?: string;
  /** LanceDB storage options (credentials, region, endpoint, ...) for an object-store `path`. */
  storageOptions?: Record<string, string>;
  /**
   * A store to use instead of opening a LanceDB folder, e.g. `new InMemoryMemoryStore({ dimensions })`
   * (no disk). Its `dimensions` must equal the embedder's. `secretKey` does not apply: the store
   * brings its own cipher. `Engram.close` closes it.
   */
  store?: MemoryStore;
  /** @default new HashEmbedder() (512 dimensions, no model) */
  embedder?: Embedder;
  /** Drives the meta-manager. @default the LLM policy with `chatModel`, else the offline policy */
  policy?: IngestPolicy;
  /** Clock. @default () => new Date() */
  now?: () => Date;
  /** Id generator for messages without ids, memory items and history rows. @default crypto.randomUUID */
  newId?: () => string;
  logger?: EngramLogger;
  /** Unindexed full-text rows above which `add` optimizes the store. @default 512 */
  optimizeAfterRows?: number;
  /**
   * Access-count writes (one store update per memory table, user and count) to one memory table
   * after which `flushAccess`, the agent's idle-time call, compacts that table (`optimize` of it):
   * each LanceDB update adds a data fragment, and updates and reads of the table slow as fragments
   * pile up between the compactions `add` makes. A table of more than 100 × this many rows waits for
   * one access write per 100 rows (`ROWS_PER_ACCESS_WRITE`), since a compaction may rewrite it whole
   * and LanceDB keeps the old files a week. Counted per process; the flushes `add`, `forget`,
   * `usage` and `close` make never compact. A positive integer, or `Infinity` (never). No-op for
   * stores without files (`InMemoryMemoryStore`).
   * @default DEFAULT_COMPACT_AFTER_ACCESS_WRITES (32)
   */
  compactAfterAccessWrites?: number;
  /**
   * Rows of a memory table (all users) from which `add` builds an ANN index (IVF_PQ) on its
   * vectors and BTREE indexes on `user_id` and `id` (LanceDB stores only); smaller tables are
   * searched exactly, and so are users with few rows in a larger one (`annMinUserRows` of the
   * LanceDB store). `Infinity` turns these indexes off.
   * @default 100000
   */
  annIndexAfterRows?: number;
  /**
   * A user's rows in one memory table up to which recall and reconciliation search them in
   * process (read once per table version, exact cosine) instead of querying the store; 0 turns
   * this off. Applies to stores with `tableVersion` (LanceDB).
   * @default 2000
   */
  inProcessSearchMaxRows?: number;
  /**
   * AES-256 key (32 bytes, 64 hex characters or base64) or a function returning one, used to
   * encrypt high-sensitivity knowledge-vault values and the original content of messages that
   * held them (AES-256-GCM). The CLI passes `ENGRAM_SECRET_KEY` here.
   * @default a key file `<path>/secret.key`, created with mode 0600 on first use
   */
  secretKey?: SecretKeyInput;
  /**
   * Any LangChain chat model (e.g. `ChatOpenAI` for OpenAI and OpenAI-compatible servers). Turns
   * on the LLM ingest policy (unless `policy` is given) and the topic call of active retrieval.
   * Prefer a model built with its own retries off (`maxRetries: 0`): Engram retries itself, with
   * backoff, and counts every request.
   */
  chatModel?: ChatModel;
  /** Settings of the chat model's calls and of the LLM policy (method, retries, timeout, ...). */
  llm?: Omit<LlmPolicyOptions, "model" | "offline">;
  /** How `add` batches messages; see {@link BatchingOptions}. */
  batching?: BatchingOptions;
  /** The forgetting curve: how recall weighs retention and when consolidation archives; see {@link RetentionSettings}. */
  retention?: RetentionSettings;
  /** Rules of `Engram.consolidate` (merge, promote, summarize); see `ConsolidationRulesSchema`. */
  consolidation?: ConsolidationRulesInput;
  /**
   * After every this many messages `add` stores for a user, one consolidation pass for that user
   * runs in the background (`add` does not wait; a failed pass is logged with `logger.warn`;
   * `close` waits for running passes). 0 never. @default 0
   */
  consolidateEvery?: number;
  /**
   * Graph memory (docs/architecture.md, "Graph memory"): the default policy drafts relations into the
   * `entities` and `relations` tables; false builds none and keeps the graph lists out of recall. @default true
   */
  graph?: boolean;
  /**
   * Recall adds the graph search's lists to fusion, at a quarter of a search list's weight (each
   * recall can say otherwise with `RecallOptions.graph`; docs/architecture.md, "Graph memory").
   * @default true
   */
  graphRecall?: boolean;
  /**
   * Recalled context lines end with their source message ids (`[D1:3]`); each recall can say
   * otherwise with `RecallOptions.citeSources`. Off, the ids stay on the recalled items only.
   * @default true
   */
  citeSources?: boolean;
  /**
   * Recall adds a raw-turn list to fusion (BM25 over the user's stored messages, so a turn the
   * policy dropped stays findable; docs/architecture.md, "Recall: active retrieval"); each recall can
   * say otherwise with `RecallOptions.turns`. @default true
   */
  turnRecall?: boolean;
  /**
   * Offline recall expands the query's words (WordNet synonyms and related forms, base forms;
   * `recall/expand-query.ts`) and adds the expansions to the full-text search as lower-weighted terms
   * (docs/architecture.md, "Recall: active retrieval"). The first expanded recall loads WordNet.
   * @default true
   */
  queryExpansion?: boolean;
  /**
   * Share of each recall's token budget held back for the context's `## Entities and relations`
   * section (the graph search's best relations whose messages no packed item cites;
   * docs/architecture.md, "Graph memory"); each recall can say otherwise with
   * `RecallOptions.relationShare`. 0: no section. Between 0 and 0.5. @default DEFAULT_RELATION_SHARE (0.1)
   */
  relationShare?: number;
}

/**
 * Settings of the forgetting curve (`recall/retention.ts`, docs/architecture.md, "Consolidation and forgetting").
 */
export interface RetentionSettings {
  /** Exponent of retention in recall: fused score × R^weight; 0 turns retention off in recall. @default 0.2 */
  weight?: number;
  /** Retention (0..1) below which a consolidation pass archives an item (never core or vault items); 0 never archives. @default 0.05 */
  archiveBelow?: number;
  /** Stability of a never-recalled item of importance 0, in days. @default 30 */
  baseStabilityDays?: number;
}

const isFunction = (value: unknown) => typeof value === "function";
const isObject = (value: unknown) => typeof value === "object" && value !== null;
const hasMethods = (...names: string[]) => (value: unknown) => isObject(value) && names.every((name) => isFunction((value as Record<string, unknown>)[name]));

/**
 * Checks {@link EngramOptions} (the shapes of injected objects by their methods; model settings
 * are checked by `ModelCallOptionsSchema` and `LlmPolicyOptionsSchema`) and fills the defaults.
 */
/** `relationShare` of `EngramOptions` and `RecallOptions`: the budget share of the relation section, 0 to 0.5. */
export const RelationShareSchema = z.number().min(0).max(0.5);

export const EngramOptionsSchema = z
  .object({
    path: z.string().trim().min(1, "must be a store folder").optional(),
    store: z.custom<MemoryStore>(hasMethods("upsertItems", "vectorSearch", "textSearch", "putMessages", "close"), "must be a MemoryStore").optional(),
    embedder: z.custom<Embedder>(hasMethods("embedMany"), "must be an Embedder").optional(),
    policy: z.custom<IngestPolicy>(hasMethods("draft"), "must be an IngestPolicy").optional(),
    now: z.custom<() => Date>(isFunction, "must be a function returning a Date").optional(),
    newId: z.custom<() => string>(isFunction, "must be a function returning an id").optional(),
    logger: z.custom<EngramLogger>(hasMethods("warn"), "must have a warn(message) method").optional(),
    storageOptions: z.record(z.string(), z.string()).optional(),
    optimizeAfterRows: z.number().int().min(1).default(DEFAULT_OPTIMIZE_AFTER_ROWS),
    compactAfterAccessWrites: z.union([z.number().int().min(1), z.literal(Number.POSITIVE_INFINITY)]).default(DEFAULT_COMPACT_AFTER_ACCESS_WRITES),
    annIndexAfterRows: z.union([z.number().int().min(0), z.literal(Number.POSITIVE_INFINITY)]).default(100_000),
    inProcessSearchMaxRows: z.number().int().min(0).default(2000),
    secretKey: z.custom<SecretKeyInput>((value) => typeof value === "string" || ArrayBuffer.isView(value) || isFunction(value), "must be a key or a function returning one").optional(),
    chatModel: z.custom<ChatModel>(hasMethods("invoke"), "must be a LangChain chat model").optional(),
    llm: z.custom<EngramOptions["llm"]>(isObject, "must be an object").optional(),
    retention: z
      .object({
        weight: z.number().min(0).max(10).default(0.2),
        archiveBelow: z.number().min(0).max(1).default(0.05),
        baseStabilityDays: z.number().positive().default(30),
      })
      .strict()
      .default({ weight: 0.2, archiveBelow: 0.05, baseStabilityDays: 30 }),
    consolidation: z.custom<ConsolidationRulesInput>(isObject, "must be an object").optional(),
    consolidateEvery: z.number().int().min(0).default(0),
    batching: z
      .object({
        size: z.number().int().min(1).default(DEFAULT_BATCH_SIZE),
        maxAgeMs: z.number().min(0).default(0),
      })
      .strict()
      .default({ size: DEFAULT_BATCH_SIZE, maxAgeMs: 0 }),
    graph: z.boolean().default(true),
    graphRecall: z.boolean().default(true),
    citeSources: z.boolean().default(true),
    turnRecall: z.boolean().default(true),
    queryExpansion: z.boolean().default(true),
    relationShare: RelationShareSchema.default(DEFAULT_RELATION_SHARE),
  })
  .strict()
  .refine((options) => options.path !== undefined || options.store !== undefined, { message: "needs a store folder `path` or a `store`", path: ["path"] });

/** {@link EngramOptions} after parsing, defaults filled. */
export type ParsedEngramOptions = z.output<typeof EngramOptionsSchema>;

/** Options of the reads that can show high-sensitivity values. */
export interface RevealOptions {
  /** Decrypt high-sensitivity knowledge-vault values (and messages' original content). @default false: they stay sealed (`enc:v1:...`) or masked */
  revealSecrets?: boolean;
}

/** Fields `Engram.update` may change. */
export const MemoryPatchSchema = z
  .object({
    text: z.string().min(1).optional(),
    importance: z.number().min(0).max(1).optional(),
    valid_to: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();
export type MemoryPatch = z.input<typeof MemoryPatchSchema>;

export type { StoreStats } from "./store/store-stats";
import type { StoreStats } from "./store/store-stats";

/** Result of {@link Engram.forget}: rows deleted per table. */
export type ForgetResult = StoreStats;

/** The settings of the recall graph's model calls, from `EngramOptions.llm`. @throws ValidationError for invalid settings. */
export function modelCallSettings(llm: EngramOptions["llm"]): ModelCallSettings {
  const { method, maxRetries, retryBaseDelayMs, timeoutMs } = llm ?? {};
  return parseOrThrow(ModelCallOptionsSchema, { method, maxRetries, retryBaseDelayMs, timeoutMs }, "llm options");
}

/** The memory types to read: all when `types` is undefined. @throws ValidationError for an empty list or an unknown type. */
export function parseMemoryTypes(types: MemoryType[] | undefined): MemoryType[] {
  return types === undefined ? [...MEMORY_TYPES] : parseOrThrow(z.array(MemoryTypeSchema).min(1), types, "memory types");
}
